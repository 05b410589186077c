"""Linking a chat to an account: deep-link tokens, moving a link, the notices a move sends, and what an
address with no account costs (as much as one with an account)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta

from domain.core.challenge import Purpose
from domain.core.model import AuditEvent, AuditKind, ChatLink, LinkToken, User
from domain.core.notices import enqueue_notice
from domain.core.otp import token_hash
from domain.core.policy import Refusal
from domain.core.ports import TokenSource, UnitOfWork
from domain.core.sources import STRANGER, SendKind, chat_source
from domain.proofs.codes import CodeService
from domain.proofs.limits import warn_owner
from domain.wording import texts_actions, texts_twofa
from domain.wording.i18n import speaking

_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def chat_label(chat_id: str) -> str:
    """How a chat is named to a person, in the current language (`texts_actions.chat_label`)."""
    return texts_actions.chat_label(chat_id)


async def create_link_token(
    uow: UnitOfWork, user: User, tokens: TokenSource, server_key: bytes, now: datetime, lifetime: timedelta
) -> str:
    """A single-use deep-link token for `user`; only its HMAC is stored. Returned once, to be shown."""
    token = tokens.token(24)  # 32 characters of A-Za-z0-9_-
    await uow.link_tokens.add(
        LinkToken(token_hash(server_key, token), user.key, created_at=now, expires_at=now + lifetime)
    )
    await uow.audit.add(AuditEvent(at=now, kind=AuditKind.LINK_TOKEN_CREATED, user_id=user.key, actor="cli"))
    return token


async def no_account(uow: UnitOfWork, codes: CodeService, email: str, chat_id: str, now: datetime) -> None:
    """A chat typed an address with no account: do in the step the work a link code for an account does
    there, so that the answer takes as long (issue 14; measured by `bench/link_timing.py`). The send
    limits are checked for the asking chat, the account's own reads made under `STRANGER` (an id no
    account has); one audit event is written (`code_refused`, reason `no_account`, without the address);
    and, unless the chat is locked, the owner-warning check of a refused code is made (there is no owner:
    nothing is queued). A code's own two rows, its challenge and its send-log entry, cannot be written for
    nobody: the two reads of that check stand for them."""
    source = chat_source(chat_id)
    decision = await codes.allowed(uow, STRANGER, email, source)
    reason = decision.reason.value if decision.reason else "no_account"
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.CODE_REFUSED,
            chat_id=chat_id,
            actor=f"chat:{chat_id}",
            detail={"purpose": Purpose.LINK.value, "reason": reason, "by": SendKind.LINK.value},
        )
    )
    if decision.reason is not Refusal.LOCKED:  # as `CodeService.issue` does for a refused link code
        await warn_owner(uow, STRANGER, source, now)


async def redeem_link_token(
    uow: UnitOfWork, server_key: bytes, token: str, chat_id: str, now: datetime
) -> User | None:
    """The account a deep-link token stands for, using the token up; None if unknown, used or expired."""
    stored = None
    if _TOKEN_SHAPE.fullmatch(token):
        stored = await uow.link_tokens.get(token_hash(server_key, token))
    if stored is None or stored.used_at is not None or now >= stored.expires_at:
        user_id = stored.user_id if stored else None
        await uow.audit.add(
            AuditEvent(
                at=now,
                kind=AuditKind.LINK_TOKEN_REFUSED,
                user_id=user_id,
                chat_id=chat_id,
                actor=f"chat:{chat_id}",
                detail={"known": stored is not None},
            )
        )
        return None
    await uow.link_tokens.save(replace(stored, used_at=now))
    return await uow.users.get(stored.user_id)


async def link_chat(uow: UnitOfWork, chat_id: str, user: User, now: datetime) -> None:
    """Link `chat_id` to `user`. An account has one chat: a link elsewhere moves, and the owners are told."""
    actor = f"chat:{chat_id}"
    previous = await uow.chat_links.get(chat_id)
    if previous is not None and previous.user_id != user.key:
        old_owner = await uow.users.get(previous.user_id)
        await uow.audit.add(
            AuditEvent(
                at=now,
                kind=AuditKind.CHAT_UNLINKED,
                user_id=previous.user_id,
                chat_id=chat_id,
                actor=actor,
                detail={"to_user": user.key},
            )
        )
        if old_owner is not None:
            await enqueue_notice(uow, old_owner, *texts_twofa.notice_chat_taken_over(old_owner, now), now)
    for other in await uow.chat_links.for_user(user.key):
        if other.chat_id != chat_id:
            await uow.chat_links.delete(other.chat_id)
            await uow.audit.add(
                AuditEvent(
                    at=now,
                    kind=AuditKind.CHAT_MOVED,
                    user_id=user.key,
                    chat_id=chat_id,
                    actor=actor,
                    detail={"from_chat": other.chat_id},
                )
            )
            with speaking(user.language):  # the chat named in the addressee's language, as the notice
                label = chat_label(chat_id)
            await enqueue_notice(uow, user, *texts_twofa.notice_chat_moved(user, now, label), now)
    await uow.chat_links.save(ChatLink(chat_id=chat_id, user_id=user.key, linked_at=now))
    await uow.audit.add(
        AuditEvent(at=now, kind=AuditKind.CHAT_LINKED, user_id=user.key, chat_id=chat_id, actor=actor)
    )
