"""Telling the owner that wrong codes at the sign-in page blocked login codes: one chat alert (in each
linked chat) and one email, saying until when, per blocked source (a client IP or an API key) and day.

Called when a sign-in source is locked (`domain.limits.warn_owner`). Before, the owner's chat showed only
one "Was this you?" per code sent and nothing said that codes were now blocked; and each further wrong
code after a lock ends locks again, so an alert per lock would come every few minutes under attack.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.core.model import AuditEvent, AuditKind, ChatMessage
from domain.core.notices import enqueue_notice
from domain.core.ports import UnitOfWork
from domain.wording import texts_logins, texts_managers

TELL_EVERY = timedelta(days=1)  # per source: a later lock of the same source within a day says nothing new


def support_button() -> tuple[tuple[tuple[str, str], ...], ...]:
    return (((texts_managers.BUTTON_SUPPORT, "support"),),)


async def tell_login_codes_blocked(uow: UnitOfWork, user_id: int, source: str, now: datetime) -> bool:
    """Alert the linked chats and email the owner that `source` is locked, unless told within a day; True
    when told. Only the source's keyed name (`ip:` and an HMAC, or `key:` and a key's name) is audited."""
    lockout = await uow.lockouts.get(user_id, source)
    until = lockout.locked_until
    if until is None or until <= now:
        return False
    told = await uow.audit.list(user_id=user_id, kind=AuditKind.OWNER_WARNED, since=now - TELL_EVERY)
    if any(event.detail.get("source") == source for event in told):
        return False
    user = await uow.users.get(user_id)
    if user is None:
        return False
    failures, by_ip = lockout.consecutive_failures, source.startswith("ip:")
    text = texts_logins.login_codes_blocked(now, failures, until, by_ip)
    for link in await uow.chat_links.for_user(user.key):
        await uow.chat_outbox.add(ChatMessage(None, link.chat_id, text, support_button(), now))
    await enqueue_notice(
        uow, user, *texts_logins.notice_login_codes_blocked(user, now, failures, until, by_ip), now
    )
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.OWNER_WARNED,
            user_id=user_id,
            detail={"by": "login", "source": source, "until": until.isoformat()},
        )
    )
    return True
