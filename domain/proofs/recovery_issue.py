"""A new set of recovery codes, made after the step that asked for it committed.

Hashing a set is ten scrypt runs: about a second of CPU (in worker threads). Inside a step's transaction
that second would hold the database, and SQLite has one connection per process: every other chat and
sign-in of the process would wait for it. So a step only records that codes are due (`Turn.recovery_due`:
2FA was just turned on, or a code to the current method was typed for a new set) and commits; the set is
then hashed with no transaction open and stored in a short transaction of its own, and shown once.

If that fails, or the process dies first, the step stands (2FA stays on) and the person is told, or
/status says, to get a set (`domain.recovery_chat`). A set made while 2FA was turned off meanwhile (by
another chat, or a manager) is not stored.
"""

from __future__ import annotations

from domain.core.model import User
from domain.core.ports import Clock, UnitOfWorkFactory
from domain.core.replies import Button, Reply
from domain.proofs.recovery import RecoveryCodes
from domain.wording import texts_recovery


def get_codes() -> tuple[tuple[Button, ...], ...]:
    return ((Button(texts_recovery.BUTTON_GET_CODES, "newcodes"),),)


class NewCodes:
    """Makes and shows the set a committed step made due."""

    def __init__(self, uow_factory: UnitOfWorkFactory, recovery: RecoveryCodes | None, clock: Clock) -> None:
        self._uow_factory = uow_factory
        self._recovery = recovery
        self._clock = clock

    async def after_commit(self, user: User | None, chat_id: str) -> list[Reply]:
        """The codes, as a secret reply (never stored to be sent again); or why there are none."""
        if self._recovery is None or user is None:
            return []
        try:
            prepared = await self._recovery.prepare()  # the slow part, with no transaction open
            async with self._uow_factory() as uow:
                if not (await uow.two_factor.get(user.key)).enabled:
                    return []
                codes = await self._recovery.issue(uow, user, self._clock.now(), prepared, chat_id)
                await uow.commit()
        except Exception:  # the step happened: it must not be answered "something went wrong"
            return [Reply(texts_recovery.CODES_NOT_MADE, get_codes())]
        return [Reply(texts_recovery.codes_shown(codes), secret=True, kept_as=texts_recovery.NOT_KEPT)]
