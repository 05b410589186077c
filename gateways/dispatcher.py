"""Delivers the durable email outbox: each due notice is sent, then marked sent or rescheduled with backoff.

Delivery semantics. Each notice is taken (`outbox.due(now, 1)`) and claimed for a lease in one short
transaction, sent with no transaction open (a hanging SMTP server holds no database connection), and
marked in another, committed before the next notice is taken, so a crash mid-batch never re-sends notices
already marked. It is exactly-once in intent and at-least-once in fact: if the process dies (or the
commit fails) after the SMTP server accepted a notice but before the mark, the notice goes out again when
its lease ends. SMTP offers no way to close that window; a duplicate notice is the lesser harm than a lost
one. With several workers, `due` must lock what it returns (e.g. `FOR UPDATE SKIP LOCKED`) until the
claim commits.

Neither logs nor `last_error` ever hold a body: notices may describe security changes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Coroutine, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self, TypeVar

from domain.core.ports import Clock, DeliveryError, DeliveryProblem, EmailSender
from domain.core.repositories import Outbox, OutboxItem, OutboxStatus

log = logging.getLogger(__name__)

BATCH_LIMIT = 50
# Problems no retry can fix: the notice fails at once instead of waiting through every backoff step.
PERMANENT_PROBLEMS = frozenset({DeliveryProblem.INVALID_DESTINATION, DeliveryProblem.REGION_NOT_PERMITTED})
_MAX_EXPONENT = 32  # 2**32 base delays is far past any sane max_delay, and keeps timedelta from overflowing
CHORE_INTERVAL_SECONDS = 60.0
# A notice being sent is not taken by another worker for this long: longer than any SMTP wait (the end of
# DATA may take minutes), so a slow send is not doubled; one whose process died goes out after it.
CLAIM_LEASE = timedelta(minutes=15)
STOP_GRACE_SECONDS = 5.0
_T = TypeVar("_T")


class Chore(Protocol):
    """Periodic housekeeping the delivery loop runs besides notices (e.g. `domain.challenge_sweep`)."""

    async def run_once(self) -> int: ...


class OutboxUnitOfWork(Protocol):
    """The part of `UnitOfWork` the dispatcher needs; every `UnitOfWork` is one."""

    @property
    def outbox(self) -> Outbox: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class OutboxUnitOfWorkFactory(Protocol):
    """Opens an `OutboxUnitOfWork`; every `UnitOfWorkFactory` is one."""

    def __call__(self) -> OutboxUnitOfWork: ...


class OutboxDispatcher:
    """Sends due outbox notices through an `EmailSender`, retrying with capped exponential backoff."""

    def __init__(
        self,
        uow_factory: OutboxUnitOfWorkFactory,
        sender: EmailSender,
        clock: Clock,
        max_attempts: int = 8,
        base_delay: timedelta = timedelta(seconds=30),
        max_delay: timedelta = timedelta(hours=1),
        chores: Sequence[Chore] = (),
        chore_interval: float = CHORE_INTERVAL_SECONDS,
        claim_lease: timedelta = CLAIM_LEASE,
        stop_grace: float = STOP_GRACE_SECONDS,
        every_loop: Sequence[Chore] = (),
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._uow_factory = uow_factory
        self._sender = sender
        self._clock = clock
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._chores = tuple(chores)
        self._chore_interval = chore_interval
        self._claim_lease = claim_lease
        self._stop_grace = stop_grace
        self._every_loop = tuple(every_loop)  # chores run before every batch (e.g. codes due again)

    def retry_delay(self, attempts: int) -> timedelta:
        """How long to wait after the `attempts`-th failed attempt: base, 2×base, 4×base… up to max_delay."""
        return min(self._max_delay, self._base_delay * (1 << min(attempts - 1, _MAX_EXPONENT)))

    async def run_once(self, limit: int = BATCH_LIMIT) -> int:
        """Attempt up to `limit` due notices; return how many were attempted.

        Each is taken in a short transaction (pushed `claim_lease` into the future, so no other worker
        takes it meanwhile), sent with no transaction open, and its outcome saved in another short one. A
        notice that fails is rescheduled into the future, so it is attempted at most once per call.
        """
        attempted = 0
        while attempted < limit:
            async with self._uow_factory() as uow:
                now = self._clock.now()
                due = await uow.outbox.due(now, 1)
                if not due:
                    break
                item = due[0]
                await uow.outbox.save(replace(item, next_attempt_at=now + self._claim_lease))
                await uow.commit()
            outcome = await self._attempt(item, now)  # SMTP, with no database connection held
            async with self._uow_factory() as uow:
                await uow.outbox.save(outcome)
                await uow.commit()
            attempted += 1
        return attempted

    async def run_forever(self, interval: float, stop: asyncio.Event) -> None:
        """Run batches every `interval` seconds until `stop` is set, surviving (and logging) any error.

        A full batch is followed at once by the next one, so a backlog drains without waiting. When `stop`
        is set mid-send (a hanging server), the send gets `stop_grace` seconds, then is abandoned: its notice
        stays claimed until its lease ends and is sent again then (at least once, as after a crash).
        """
        log.info("outbox dispatcher started (every %.1fs)", interval)
        chores_due = time.monotonic()
        while not stop.is_set():
            if self._chores and time.monotonic() >= chores_due:
                await self._until_stopped(self.run_chores(self._chores), stop)
                chores_due = time.monotonic() + self._chore_interval
            if self._every_loop:
                await self._until_stopped(self.run_chores(self._every_loop), stop)
            attempted = 0
            try:
                attempted = await self._until_stopped(self.run_once(BATCH_LIMIT), stop) or 0
            except Exception as exc:
                # Type only: a storage error's text may quote row values, and rows hold bodies.
                log.error("outbox batch failed with %s; next try in %.1fs", type(exc).__name__, interval)
            if attempted >= BATCH_LIMIT:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
        log.info("outbox dispatcher stopped")

    async def _until_stopped(self, work: Coroutine[Any, Any, _T], stop: asyncio.Event) -> _T | None:
        """`work`'s result; once `stop` is set, `stop_grace` seconds more for it, then None (cancelled)."""
        task = asyncio.ensure_future(work)
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({task, stopped}, return_when=asyncio.FIRST_COMPLETED)
            if not task.done():
                done, _ = await asyncio.wait({task}, timeout=self._stop_grace)
                if not done:
                    log.warning("stopping: a send still running after %.1fs was abandoned", self._stop_grace)
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                    return None
            return task.result()
        finally:
            stopped.cancel()

    async def run_chores(self, chores: Sequence[Chore] | None = None) -> None:
        """Run each chore once (all of them by default); a failing one is logged (its type only) and the
        others still run."""
        for chore in self._chores + self._every_loop if chores is None else chores:
            try:
                await chore.run_once()
            except Exception as exc:
                log.error("%s failed with %s", type(chore).__name__, type(exc).__name__)

    async def _attempt(self, item: OutboxItem, now: datetime) -> OutboxItem:
        """Send `item` once and return it as it should be saved: sent, rescheduled, or failed."""
        try:
            await self._sender.send_email(item.email)
        except DeliveryError as exc:
            return self._after_failure(item, now, exc.problem)
        except Exception as exc:
            # A bug in a gateway must not wedge the queue behind one notice: count it as a failed attempt.
            log.error("outbox item %s: unexpected %s while sending", item.id, type(exc).__name__)
            return self._after_failure(item, now, f"unexpected {type(exc).__name__}")
        log.info("outbox item %s sent (attempt %d)", item.id, item.attempts + 1)
        return replace(
            item,
            status=OutboxStatus.SENT,
            attempts=item.attempts + 1,
            sent_at=self._clock.now(),
            last_error=None,
        )

    def _after_failure(self, item: OutboxItem, now: datetime, problem: str) -> OutboxItem:
        attempts = item.attempts + 1
        if attempts >= self._max_attempts or problem in PERMANENT_PROBLEMS:
            log.warning("outbox item %s failed for good after %d attempt(s): %s", item.id, attempts, problem)
            return replace(item, status=OutboxStatus.FAILED, attempts=attempts, last_error=str(problem))
        next_attempt_at = now + self.retry_delay(attempts)
        log.warning(
            "outbox item %s not delivered (attempt %d): %s; retry at %s",
            item.id,
            attempts,
            problem,
            next_attempt_at.isoformat(),
        )
        return replace(item, attempts=attempts, next_attempt_at=next_attempt_at, last_error=str(problem))
