"""The assistant watching over logins: "was this you?" for every login code, a nudge when codes come too
often from one browser, and shutting an intruder out when the person says it was not them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.core.destinations import mask_email
from domain.core.model import (
    AuditEvent,
    AuditKind,
    ChatMessage,
    LoginAttempt,
    LoginOutcome,
    TwoFactorSetting,
    User,
)
from domain.core.notices import enqueue_notice
from domain.core.ports import UnitOfWork
from domain.core.useragent import describe
from domain.proofs.codes import CodeService
from domain.signin.devices import RememberedDevices
from domain.wording import texts, texts_logins, texts_managers


@dataclass(frozen=True)
class WatchPolicy:
    block_after_denial: timedelta = timedelta(minutes=15)
    too_often_count: int = 3  # login codes to one browser that is not remembered ...
    too_often_window: timedelta = timedelta(hours=24)  # ... within this time
    nudge_every: timedelta = timedelta(hours=24)  # and say so at most once a day


def short_mask(setting: TwoFactorSetting) -> str:
    """`•••89` for a phone, `al•••e@example.com` for an address: where the code went, briefly."""
    destination = setting.destination or ""
    if setting.method.value == "sms":
        return f"•••{destination[-2:]}"
    return mask_email(destination)


class LoginWatch:
    """Chat messages about logins, queued in the chat outbox inside the login's transaction."""

    def __init__(self, policy: WatchPolicy, codes: CodeService, devices: RememberedDevices) -> None:
        self.policy = policy
        self._codes = codes
        self._devices = devices

    async def code_sent(
        self, uow: UnitOfWork, user: User, setting: TwoFactorSetting, attempt: LoginAttempt, now: datetime
    ) -> None:
        """Tell the linked chat a login code went out, and whether codes come too often."""
        links = await uow.chat_links.for_user(user.key)
        if not links:
            return
        where = describe(attempt.user_agent) + (f", IP {attempt.ip}" if attempt.ip else "")
        text = texts_logins.LOGIN_WATCH.format(
            time=texts.clock_time(now), masked=short_mask(setting), where=where
        )
        buttons = (
            (
                (texts_logins.BUTTON_LOGIN_YES, f"login:yes:{attempt.id}"),
                (texts_logins.BUTTON_LOGIN_NO, f"login:no:{attempt.id}"),
            ),
        )
        nudge = await self._too_often(uow, user, attempt, now)
        for link in links:
            await uow.chat_outbox.add(ChatMessage(None, link.chat_id, text, buttons, now))
            if nudge:
                await uow.chat_outbox.add(
                    ChatMessage(
                        None,
                        link.chat_id,
                        texts_logins.CODES_TOO_OFTEN,
                        (((texts_managers.BUTTON_SUPPORT, "support"),),),
                        now,
                    )
                )

    async def _too_often(self, uow: UnitOfWork, user: User, attempt: LoginAttempt, now: datetime) -> bool:
        recent = await uow.logins.recent(user.key, now - self.policy.too_often_window)
        same_browser = [
            a
            for a in [*recent, attempt]
            if a.browser_key == attempt.browser_key and a.outcome is LoginOutcome.REQUIRED
        ]
        if len({a.id for a in same_browser}) < self.policy.too_often_count:
            return False
        if await uow.audit.list(user.key, AuditKind.CODES_TOO_OFTEN_TOLD, now - self.policy.nudge_every):
            return False
        await uow.audit.add(
            AuditEvent(
                at=now,
                kind=AuditKind.CODES_TOO_OFTEN_TOLD,
                user_id=user.key,
                actor="system",
                detail={"codes": len(same_browser)},
            )
        )
        return True

    async def deny(self, uow: UnitOfWork, user: User, login_id: str, chat_id: str, now: datetime) -> str:
        """The person said a login was not them: end it, forget devices, block codes, email them."""
        attempt = await uow.logins.get(login_id)
        if attempt is None or attempt.user_id != user.key:
            return texts_logins.LOGIN_NOT_YOURS
        await self._codes.cancel(uow, attempt.challenge_id)
        actor = f"chat:{chat_id}"
        forgotten = await self._devices.forget_all(uow, user, now, actor, "login denied")
        until = now + self.policy.block_after_denial
        lockout = await uow.lockouts.get(user.key)
        if lockout.locked_until is None or lockout.locked_until < until:
            await uow.lockouts.save(replace(lockout, locked_until=until))
        await uow.audit.add(
            AuditEvent(
                at=now,
                kind=AuditKind.LOGIN_DENIED_BY_USER,
                user_id=user.key,
                chat_id=chat_id,
                actor=actor,
                detail={
                    "login": login_id[:6],
                    "devices_forgotten": forgotten,
                    "codes_blocked_until": until.isoformat(),
                },
            )
        )
        where = describe(attempt.user_agent) + (f", IP {attempt.ip}" if attempt.ip else "")
        await enqueue_notice(uow, user, *texts_logins.notice_login_denied(user, now, where, until), now)
        return texts_logins.LOGIN_SECURED.format(until=texts.clock_time(until))
