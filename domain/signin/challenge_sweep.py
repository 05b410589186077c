"""The periodic half of scrubbing destinations: a challenge leaving `pending` is scrubbed as it moves
(`Challenge.moved_to`); one left pending past its expiry is scrubbed here, by every worker's delivery loop
(`gateways.dispatcher`)."""

from __future__ import annotations

from datetime import timedelta

from domain.core.ports import Clock, UnitOfWorkFactory

# Scrubbed a minute after expiry, not at it: a process whose clock runs a little behind still treats the
# code as live (a resend reads the destination), and must find it in clear.
GRACE = timedelta(minutes=1)
BATCH = 500


class ChallengeSweeper:
    """Masks the destination of pending challenges expired more than `grace` ago, a batch per transaction."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, clock: Clock, grace: timedelta = GRACE, batch: int = BATCH
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._grace = grace
        self._batch = batch

    async def run_once(self) -> int:
        """Scrub every expired pending challenge still holding its destination; returns how many."""
        total = 0
        while True:
            async with self._uow_factory() as uow:
                scrubbed = await uow.challenges.scrub_expired(self._clock.now() - self._grace, self._batch)
                await uow.commit()
            total += scrubbed
            if scrubbed < self._batch:
                return total
