"""The send limits and lockouts of one-time codes, counted per source (`domain.sources`).

- The owner's own linked chat: at most `max_sends_per_user` codes an hour and `max_sends_per_destination`
  to one destination in 10 minutes (across users), and the owner's lockout after consecutive wrong codes.
- The login page: the same two limits and a lockout per client IP (per API key when the page passes no
  IP), and at most `login_sends_per_user` sign-in codes an hour to one account across every source.
- A chat that is not the account's (linking): `link_sends_per_chat` codes an hour from one chat to any
  account, `link_sends_per_account` an hour to one account from every chat, and a lockout of the chat.

A stranger's sends and wrong guesses never count against the owner's limits or lockout; the owner's lockout
(their own wrong codes, or "No, secure my account") stops every code to them. When strangers keep trying,
the owner is emailed, at most once a day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from domain.core.challenge import Challenge
from domain.core.model import AuditEvent, AuditKind, Lockout
from domain.core.notices import enqueue_notice
from domain.core.policy import (
    ALLOWED,
    Decision,
    OtpPolicy,
    Refusal,
    lockout_after_failure,
    lockout_after_success,
    window_refusal,
)
from domain.core.ports import UnitOfWork
from domain.core.sources import SendKind, kind_of, lockout_owner
from domain.proofs.lock_alert import tell_login_codes_blocked
from domain.wording import texts_logins

WARNING_INTERVAL = timedelta(days=1)


class SendLimits:
    """May a code go out, and what a wrong or right code does to the lockouts; inside the caller's unit."""

    def __init__(self, policy: OtpPolicy, destination_key: Callable[[str], str]) -> None:
        self.policy = policy
        self._destination_key = destination_key

    async def lockouts(self, uow: UnitOfWork, user_id: int, source: str) -> tuple[Lockout, Lockout]:
        """(the owner's lockout, the one `source`'s wrong codes count against): the same one for the owner."""
        owner = await uow.lockouts.get(user_id)
        if kind_of(source) is SendKind.OWNER:
            return owner, owner
        own = await uow.lockouts.get(lockout_owner(user_id, source), source)
        return owner, replace(own, source=source)

    @staticmethod
    def until(owner: Lockout, counted: Lockout, now: datetime) -> datetime | None:
        """Until when codes are refused: the owner's lockout stops them all, a stranger source's own
        lockout stops only its own."""
        for lockout in (owner, counted):
            if lockout.locked_at(now):
                return lockout.locked_until
        return None

    async def locked_until(
        self, uow: UnitOfWork, user_id: int, source: str, now: datetime
    ) -> datetime | None:
        owner = await uow.lockouts.get(user_id)
        if owner.locked_at(now) or kind_of(source) is SendKind.OWNER:
            return self.until(owner, owner, now)
        own = await uow.lockouts.get(lockout_owner(user_id, source), source)  # the owner's is read already
        return self.until(owner, replace(own, source=source), now)

    async def allowed(
        self, uow: UnitOfWork, user_id: int, destination: str, source: str, now: datetime
    ) -> Decision:
        until = await self.locked_until(uow, user_id, source, now)
        if until is not None:
            return Decision(False, Refusal.LOCKED, until)
        policy, kind = self.policy, kind_of(source)
        window = max(policy.user_window, policy.link_window)
        sends = await uow.send_log.user_sends(user_id, now - window)
        if kind is SendKind.LINK:
            of_account = [send.at for send in sends if send.kind is SendKind.LINK]
            of_chat = await uow.send_log.source_sends_since(source, now - policy.link_window)
            return (
                window_refusal(
                    of_chat, policy.link_sends_per_chat, policy.link_window, now, Refusal.USER_RATE
                )
                or window_refusal(
                    of_account, policy.link_sends_per_account, policy.link_window, now, Refusal.USER_RATE
                )
                or ALLOWED
            )
        mine = [send.at for send in sends if send.source == source and send.kind is kind]
        to_destination = await uow.send_log.destination_sends_since(
            self._destination_key(destination), now - policy.destination_window, source
        )
        refusal = window_refusal(
            mine, policy.max_sends_per_user, policy.user_window, now, Refusal.USER_RATE
        ) or window_refusal(
            to_destination,
            policy.max_sends_per_destination,
            policy.destination_window,
            now,
            Refusal.DESTINATION_RATE,
        )
        if refusal is None and kind is SendKind.LOGIN:
            logins = [send.at for send in sends if send.kind is SendKind.LOGIN]
            refusal = window_refusal(
                logins, policy.login_sends_per_user, policy.user_window, now, Refusal.USER_RATE
            )
        return refusal or ALLOWED

    async def record(self, uow: UnitOfWork, challenge: Challenge, now: datetime) -> None:
        await uow.send_log.record(
            challenge.user_id,
            self._destination_key(challenge.destination),
            now,
            kind_of(challenge.source).value,
            challenge.source,
        )

    async def succeeded(self, uow: UnitOfWork, counted: Lockout) -> None:
        """A right code clears the lockout its wrong codes count against (`lockouts`' second)."""
        if counted.consecutive_failures or counted.locked_until is not None:
            await uow.lockouts.save(lockout_after_success(counted))

    async def failed(self, uow: UnitOfWork, counted: Lockout, now: datetime) -> Lockout:
        """Count a wrong code against that lockout; returns it as saved."""
        after = lockout_after_failure(self.policy, counted, now)
        await uow.lockouts.save(after)
        return after

    async def wrong(
        self,
        uow: UnitOfWork,
        counted: Lockout,
        user_id: int,
        source: str,
        now: datetime,
        chat_id: str | None = None,
    ) -> Lockout:
        """`failed`, and when that starts a lockout, its audit event (`user_locked`, or `source_locked`
        for a stranger source, whose owner is then warned): one place for every kind of wrong answer
        (a code, a recovery code) to count against the same lockout. Returns the lockout as saved."""
        after = await self.failed(uow, counted, now)
        if after.locked_until is None or after.locked_until == counted.locked_until:
            return after
        kind = kind_of(source)
        stranger = kind is not SendKind.OWNER
        detail: dict[str, object] = {
            "until": after.locked_until.isoformat(),
            "failures": after.consecutive_failures,
        }
        if stranger:
            detail["by"] = kind.value
        await uow.audit.add(
            AuditEvent(
                at=now,
                kind=AuditKind.SOURCE_LOCKED if stranger else AuditKind.USER_LOCKED,
                user_id=user_id,
                chat_id=chat_id,
                actor=f"chat:{chat_id}" if chat_id else "system",
                detail=detail,
            )
        )
        if stranger:
            await warn_owner(uow, user_id, source, now)
        return after


async def warn_owner(uow: UnitOfWork, user_id: int, source: str, now: datetime) -> bool:
    """Email the owner that someone keeps trying (at most once a day); True when a notice was queued. A
    sign-in source is warned of only when locked: that one is told in chat too (`domain.lock_alert`)."""
    if kind_of(source) is SendKind.LOGIN:
        return await tell_login_codes_blocked(uow, user_id, source, now)
    if await uow.audit.list(user_id=user_id, kind=AuditKind.OWNER_WARNED, since=now - WARNING_INTERVAL):
        return False
    user = await uow.users.get(user_id)
    if user is None:
        return False
    kind = kind_of(source)
    subject, body = texts_logins.notice_repeated_attempts(user, now, kind is SendKind.LINK)
    await enqueue_notice(uow, user, subject, body, now)
    await uow.audit.add(
        AuditEvent(at=now, kind=AuditKind.OWNER_WARNED, user_id=user_id, detail={"by": kind.value})
    )
    return True
