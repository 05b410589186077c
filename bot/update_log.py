"""Keeps the log of processed Telegram update ids short: ids older than a day are forgotten, hourly.

Telegram keeps an undelivered update for at most 24 hours, so no redelivery comes after that.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from domain.core.ports import Clock, UnitOfWorkFactory

log = logging.getLogger(__name__)
KEEP = timedelta(days=1)
PRUNE_INTERVAL_SECONDS = 3600.0


class UpdateLogPruner:
    """Deletes update ids processed more than `keep` ago (every worker may run one: deletes commute)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock, keep: timedelta = KEEP) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._keep = keep

    async def run_once(self) -> int:
        """Forget the old ids in one transaction; returns how many."""
        async with self._uow_factory() as uow:
            forgotten = await uow.updates.prune(self._clock.now() - self._keep)
            await uow.commit()
        return forgotten

    async def run_forever(self, interval: float, stop: asyncio.Event) -> None:
        """Prune now and every `interval` seconds until `stop` is set, surviving any error."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception as error:
                log.error("pruning processed update ids failed with %s", type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
