"""The 2FA lifecycle of one user: off -> on (enable), on -> on (change), on -> off (disable).

A change is applied only through `apply_change`, which writes the new setting, exactly one audit event
and exactly one notice to the registered email, all in the caller's transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from domain.core.errors import AlreadyEnabled, NotEnabled
from domain.core.model import AuditEvent, AuditKind, Channel, Method, TwoFactorSetting, User
from domain.core.notices import enqueue_notice
from domain.core.ports import UnitOfWork
from domain.wording import texts_twofa
from domain.wording.i18n import speaking


class Change(enum.StrEnum):
    ENABLED = "enabled"
    CHANGED = "changed"
    DISABLED = "disabled"


# (on before, change) -> on after. Anything missing is refused.
_TRANSITIONS: dict[tuple[bool, Change], bool] = {
    (False, Change.ENABLED): True,
    (True, Change.CHANGED): True,
    (True, Change.DISABLED): False,
}
_AUDIT = {
    Change.ENABLED: AuditKind.TWOFA_ENABLED,
    Change.CHANGED: AuditKind.TWOFA_CHANGED,
    Change.DISABLED: AuditKind.TWOFA_DISABLED,
}


@dataclass(frozen=True)
class Actor:
    """Who made a change and from where: shown in the notice, kept in the audit log."""

    name: str  # e.g. "chat:tg:1001", "manager:7"
    chat_id: str | None
    channel: Callable[[], str]  # words for the notice, read in its language: "in a Telegram chat"


def next_setting(
    before: TwoFactorSetting,
    change: Change,
    now: datetime,
    channel: Channel | None = None,
    destination: str = "",
) -> TwoFactorSetting:
    """The setting after `change`; refused transitions raise `AlreadyEnabled` or `NotEnabled`."""
    if (before.enabled, change) not in _TRANSITIONS:
        raise AlreadyEnabled("2FA is on already") if before.enabled else NotEnabled("2FA is off")
    if change is Change.DISABLED:
        return TwoFactorSetting(before.user_id)
    if channel is None or not destination:
        raise NotEnabled("a method and a verified destination are needed to turn 2FA on")
    return TwoFactorSetting(before.user_id, Method(channel.value), destination, verified_at=now)


def describe(setting: TwoFactorSetting) -> str:
    """`SMS to +44 ••••••• 56`, `email to a•••@example.com` or `off` in the language of the step: never the
    full destination (the audit log keeps it in English: `apply_change`)."""
    return texts_twofa.setting_words(setting)


async def apply_change(
    uow: UnitOfWork,
    user: User,
    before: TwoFactorSetting,
    after: TwoFactorSetting,
    change: Change,
    actor: Actor,
    now: datetime,
    extra: str = "",
) -> None:
    """Save the new setting with its one audit event and its one notice, in the same transaction.

    A change or a disable also forgets every remembered device of the user, and a disable the user's
    recovery codes (this one audit event says how many). An authenticator app being enrolled becomes the
    active one when the new setting is the app; any other setting forgets the user's app secrets.
    """
    await uow.two_factor.save(after)
    if after.method is Method.APP:
        pending = await uow.app_secrets.get(user.key, active=False)
        if pending is not None and pending.id is not None:
            await uow.app_secrets.activate(user.key, pending.id)
    elif before.method is Method.APP:
        await uow.app_secrets.delete_for_user(user.key)
    with speaking(None):  # the audit log is read by the operators, in English
        detail: dict[str, object] = {
            "before": describe(before),
            "after": describe(after),
            "via": actor.channel(),
        }
    if change is not Change.ENABLED:  # remembered devices were trusted under the old setting
        detail["devices_forgotten"] = await uow.devices.delete_for_user(user.key)
    if change is Change.DISABLED:  # recovery codes stand in for a 2FA that is no more (a change keeps them)
        discarded = await uow.recovery_codes.delete_for_user(user.key)
        if discarded:
            detail["recovery_codes_discarded"] = discarded
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=_AUDIT[change],
            user_id=user.key,
            chat_id=actor.chat_id,
            actor=actor.name,
            detail=detail,
        )
    )
    with speaking(getattr(user, "language", None)):  # the notice's words in the addressee's language
        subject, body = texts_twofa.notice_two_factor(
            user, change.value, describe(before), describe(after), actor.channel(), now, extra
        )
    await enqueue_notice(uow, user, subject, body, now)
