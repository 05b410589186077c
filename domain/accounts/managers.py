"""Account managers: who may act on which contract, turning 2FA off for users, and users' requests.

The same rules serve the chat (`/manage`, requests) and the HTTP API for the product's admin tools. Every
action outside the contracts an actor manages is refused and audited.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial

from domain.accounts.lifecycle import Actor, Change, apply_change, next_setting
from domain.core.errors import DomainError, NotFound
from domain.core.model import (
    AuditEvent,
    AuditKind,
    ChatMessage,
    Contract,
    DisableRequest,
    RequestStatus,
    User,
)
from domain.core.notices import enqueue_notice
from domain.core.ports import UnitOfWork
from domain.wording import texts_actions, texts_managers, texts_twofa
from domain.wording.i18n import speaking
from domain.wording.texts_actions import reason_words

REQUEST_LIFETIME = timedelta(days=7)
REASONS = texts_actions.REASONS  # stored in English, shown by `texts_actions.reason_words`


class NotAllowed(DomainError):
    """The actor does not manage that contract (or is not an account manager)."""


async def managed_contracts(uow: UnitOfWork, user: User) -> list[Contract]:
    """The contracts `user` manages: their own, when they are its account manager."""
    if not user.is_manager:
        return []
    contract = await uow.contracts.get(user.contract_id)
    return [contract] if contract else []


async def authorize(
    uow: UnitOfWork, actor: User, contract_id: int, action: str, now: datetime, chat_id: str | None = None
) -> None:
    """Raise `NotAllowed` (and audit the attempt) unless `actor` manages `contract_id`."""
    if actor.is_manager and actor.contract_id == contract_id:
        return
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.MANAGER_REFUSED,
            user_id=actor.key,
            chat_id=chat_id,
            actor=f"user:{actor.key}",
            detail={"contract": contract_id, "action": action},
        )
    )
    raise NotAllowed("you can act only on the contracts you manage")


async def disable_for(
    uow: UnitOfWork,
    manager: User,
    contract_id: int,
    target_user_id: int | None,
    reason: str,
    via: str,
    now: datetime,
    chat_id: str | None = None,
) -> list[User]:
    """Turn 2FA off for one user of the contract, or all of them; returns the users it was on for.

    "All of them" leaves the acting manager's own 2FA on: they confirm the action with it, and an action
    for everyone is about the others. A manager who wants theirs off too names themselves (or /disable).
    Each affected user gets the change notice (saying a manager did it, inviting them to set it up again)
    and, when linked, a chat message; the action itself is one `MANAGER_DISABLED` audit event.
    """
    await authorize(uow, manager, contract_id, "disable", now, chat_id)
    if target_user_id is None:
        targets = [user for user in await uow.users.list(contract_id) if user.key != manager.key]
    else:
        target = await uow.users.get(target_user_id)
        if target is None or target.contract_id != contract_id:
            raise NotFound("no such user in this contract")
        targets = [target]
    actor = Actor(
        name=f"manager:{manager.key}",
        chat_id=chat_id,
        channel=partial(texts_actions.by_manager, manager.name),
    )
    affected = []
    for user in targets:
        before = await uow.two_factor.get(user.key)
        if not before.enabled:
            continue
        after = next_setting(before, Change.DISABLED, now)
        with speaking(user.language):  # the affected user's words, not the manager's
            extra = texts_managers.MANAGER_NOTICE_EXTRA.format(reason=reason_words(reason))
            text = texts_managers.MANAGER_DISABLED_CHAT.format(
                manager=manager.name, reason=reason_words(reason)
            )
            buttons = (((texts_twofa.BUTTON_ENABLE, "enable"),),)
        await apply_change(uow, user, before, after, Change.DISABLED, actor, now, extra=extra)
        for link in await uow.chat_links.for_user(user.key):
            await uow.chat_outbox.add(ChatMessage(None, link.chat_id, text, buttons, now))
        affected.append(user)
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.MANAGER_DISABLED,
            user_id=manager.key,
            chat_id=chat_id,
            actor=actor.name,
            detail={
                "contract": contract_id,
                "target": target_user_id or "all",
                "reason": reason,
                "via": via,
                "affected": [u.key for u in affected],
            },
        )
    )
    return affected


async def open_requests(uow: UnitOfWork, contract_id: int, now: datetime) -> list[DisableRequest]:
    """Pending requests that have not expired (older ones are marked expired as they are met)."""
    live = []
    for request in await uow.requests.for_contract(contract_id, RequestStatus.PENDING):
        if request.open_at(now):
            live.append(request)
        else:
            await uow.requests.save(replace(request, status=RequestStatus.EXPIRED))
    return live


async def create_request(
    uow: UnitOfWork,
    requester: User,
    target_user_id: int | None,
    reason: str,
    verified: bool,
    now: datetime,
    chat_id: str | None,
) -> tuple[DisableRequest, list[User], bool]:
    """Record a request and tell every manager of the contract by email, and in chat where linked.

    Returns the request, the managers told, and whether any of them has a linked chat.
    """
    request = await uow.requests.add(
        DisableRequest(
            None,
            requester.contract_id,
            requester.key,
            target_user_id,
            reason[:500],
            verified,
            now,
            now + REQUEST_LIFETIME,
        )
    )
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=AuditKind.REQUEST_CREATED,
            user_id=requester.key,
            chat_id=chat_id,
            actor=f"user:{requester.key}",
            detail={"request": request.id, "target": target_user_id or "all", "verified": verified},
        )
    )
    target = await uow.users.get(target_user_id) if target_user_id else None
    managers = [u for u in await uow.users.list(requester.contract_id) if u.is_manager]
    in_chat = False
    for manager in managers:
        with speaking(manager.language):  # each manager's copy in their own language
            summary = texts_managers.request_summary(request, requester, target)
            buttons = (
                (
                    (texts_managers.BUTTON_APPROVE, f"req:approve:{request.id}"),
                    (texts_managers.BUTTON_DECLINE, f"req:decline:{request.id}"),
                ),
            )
        await enqueue_notice(uow, manager, *texts_managers.notice_request(manager, summary), now)
        for link in await uow.chat_links.for_user(manager.key):
            await uow.chat_outbox.add(ChatMessage(None, link.chat_id, summary, buttons, now))
            in_chat = True
    return request, managers, in_chat


async def decide(
    uow: UnitOfWork,
    manager: User,
    request: DisableRequest,
    approved: bool,
    now: datetime,
    chat_id: str | None,
) -> None:
    """Mark a request approved or declined and tell the requester (chat and email)."""
    status = RequestStatus.APPROVED if approved else RequestStatus.DECLINED
    await uow.requests.save(replace(request, status=status, decided_at=now, decided_by=manager.key))
    kind = AuditKind.REQUEST_APPROVED if approved else AuditKind.REQUEST_DECLINED
    await uow.audit.add(
        AuditEvent(
            at=now,
            kind=kind,
            user_id=manager.key,
            chat_id=chat_id,
            actor=f"manager:{manager.key}",
            detail={"request": request.id},
        )
    )
    requester = await uow.users.get(request.requester_id)
    if requester is None:
        return
    with speaking(requester.language):  # the requester's words, not the deciding manager's
        text = (texts_managers.REQUEST_APPROVED if approved else texts_managers.REQUEST_DECLINED).format(
            number=request.id, manager=manager.name
        )
        subject = texts_managers.REQUEST_OUTCOME_SUBJECT
    await enqueue_notice(uow, requester, subject, text, now)
    for link in await uow.chat_links.for_user(requester.key):
        await uow.chat_outbox.add(ChatMessage(None, link.chat_id, text, (), now))
