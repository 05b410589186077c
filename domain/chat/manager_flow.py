"""In chat: `/manage` for account managers, and `/request` for users who need their manager's help.

Every manager action names a reason and is confirmed with a code to the manager's own 2FA destination;
every button payload is re-authorised when pressed, so a forged one is refused (and audited).
"""

from __future__ import annotations

import contextlib

from domain.accounts.managers import (
    REASONS,
    NotAllowed,
    authorize,
    create_request,
    decide,
    disable_for,
    managed_contracts,
    open_requests,
)
from domain.chat.turn import Turn
from domain.chat.verification import CodePrompt
from domain.core.challenge import Purpose
from domain.core.conversation_state import Step
from domain.core.destinations import mask_email, normalise_email
from domain.core.errors import InvalidEmail, NotFound
from domain.core.inputs import parse_id
from domain.core.model import Channel, User
from domain.core.replies import Button, Reply
from domain.wording import texts, texts_actions, texts_managers, texts_twofa


def cancel_row() -> tuple[Button, ...]:
    return (Button(texts.BUTTON_CANCEL, "cancel"),)


NO_CONTRACT = -1  # what a forged button's refusal is audited against: no contract has it


class ManagerFlow:
    """`/manage`, the manager buttons (`mgr:`, `req:`) and the user's `/request`."""

    def __init__(self, prompt: CodePrompt) -> None:
        self._prompt = prompt

    async def manage(self, turn: Turn, user: User) -> list[Reply]:
        """Each managed contract's users with their 2FA state, and the open requests to decide."""
        contracts = await managed_contracts(turn.uow, user)
        if not contracts:
            await _refuse(turn, user, user.contract_id, "manage")
            return [Reply(texts_managers.MANAGE_ONLY)]
        replies = []
        for contract in contracts:
            assert contract.id is not None  # noqa: S101  (stored contracts have ids)
            lines = [texts_managers.MANAGE_HEADER.format(contract=contract.name)]
            rows: list[tuple[Button, ...]] = []
            for member in await turn.uow.users.list(contract.id):
                setting = await turn.uow.two_factor.get(member.key)
                state = texts_actions.member_state(setting)
                lines.append(
                    texts_managers.MANAGE_USER_LINE.format(name=member.name, email=member.email, state=state)
                )
                if setting.enabled:
                    rows.append(
                        (
                            Button(
                                texts_managers.BUTTON_OFF_FOR.format(name=member.name),
                                f"mgr:user:{member.key}",
                            ),
                        )
                    )
            rows.append((Button(texts_managers.BUTTON_OFF_FOR_ALL, f"mgr:all:{contract.id}"),))
            replies.append(Reply("\n".join(lines), tuple(rows)))
            requests = await open_requests(turn.uow, contract.id, turn.now)
            if not requests:
                replies.append(Reply(texts_managers.MANAGE_NO_REQUESTS))
            for request in requests:
                requester = await turn.uow.users.get(request.requester_id)
                target = await turn.uow.users.get(request.target_user_id) if request.target_user_id else None
                if requester is not None:
                    buttons = (
                        (
                            Button(texts_managers.BUTTON_APPROVE, f"req:approve:{request.id}"),
                            Button(texts_managers.BUTTON_DECLINE, f"req:decline:{request.id}"),
                        ),
                    )
                    replies.append(Reply(texts_managers.request_summary(request, requester, target), buttons))
        return replies

    async def manager_button(self, turn: Turn, user: User, argument: str) -> list[Reply]:
        """`user:<id>` / `all:<contract>` choose whom; `reason:<n>` picks a listed reason."""
        kind, _, value = argument.partition(":")
        number = parse_id(value)  # ASCII digits in a 32-bit column's range; None: no button of ours
        if kind == "reason" and turn.conversation.step is Step.MANAGE_REASON:
            if number is None or number >= len(REASONS):
                return [Reply(texts.STALE_BUTTON)]
            return await self.reason(turn, user, REASONS[number])
        if kind in ("user", "all") and number is None:  # forged: refused and audited like any other
            await _refuse(turn, user, NO_CONTRACT, f"disable:{kind}:{value}")
            return [Reply(texts.STALE_BUTTON)]
        if kind == "user" and number is not None:
            target = await turn.uow.users.get(number)
            contract_id = target.contract_id if target else NO_CONTRACT
            return await self._ask_reason(turn, user, contract_id, str(number), target.name if target else "")
        if kind == "all" and number is not None:
            return await self._ask_reason(turn, user, number, "all", "")
        return [Reply(texts.STALE_BUTTON)]

    async def _ask_reason(
        self, turn: Turn, user: User, contract_id: int, target: str, name: str
    ) -> list[Reply]:
        try:
            await authorize(turn.uow, user, contract_id, f"disable:{target}", turn.now, turn.chat_id)
        except NotAllowed:
            return [Reply(texts_managers.MANAGE_REFUSED)]
        own = await turn.uow.two_factor.get(user.key)
        if not own.enabled:
            return [Reply(texts_managers.MANAGE_NEED_2FA, ((Button(texts_twofa.BUTTON_ENABLE, "enable"),),))]
        turn.conversation = turn.conversation.at(
            Step.MANAGE_REASON, turn.now, None, contract=str(contract_id), target=target
        )
        rows = [
            (Button(texts_actions.reason_words(reason), f"mgr:reason:{n}"),)
            for n, reason in enumerate(REASONS)
        ]
        return [Reply(texts_actions.manage_ask_reason(name, everyone=not name), (*rows, cancel_row()))]

    async def reason(self, turn: Turn, user: User, reason: str) -> list[Reply]:
        """The reason is named: confirm with a code to the manager's own 2FA destination."""
        reason = " ".join(reason.split())[:200]
        if not reason:
            return [Reply(texts_managers.MANAGE_ASK_REASON.format(target="here"))]
        return await self._confirm(turn, user, reason=reason, **turn.conversation.data)

    async def request_button(self, turn: Turn, user: User, argument: str) -> list[Reply]:
        """`approve:<id>` (confirmed with a code) or `decline:<id>` of a user's request."""
        action, _, value = argument.partition(":")
        if action == "for":
            return await self.request_target(turn, user, value)
        number = parse_id(value)
        request = await turn.uow.requests.get(number) if number is not None else None
        if request is None or action not in ("approve", "decline"):
            return [Reply(texts.STALE_BUTTON)]
        try:
            await authorize(
                turn.uow, user, request.contract_id, f"{action}:{request.id}", turn.now, turn.chat_id
            )
        except NotAllowed:
            return [Reply(texts_managers.MANAGE_REFUSED)]
        if not request.open_at(turn.now):
            return [Reply(texts_managers.MANAGE_EXPIRED)]
        if action == "decline":
            await decide(turn.uow, user, request, False, turn.now, turn.chat_id)
            return [Reply(texts_managers.MANAGE_DECLINED.format(number=request.id))]
        own = await turn.uow.two_factor.get(user.key)
        if not own.enabled:
            return [Reply(texts_managers.MANAGE_NEED_2FA, ((Button(texts_twofa.BUTTON_ENABLE, "enable"),),))]
        target = str(request.target_user_id) if request.target_user_id else "all"
        return await self._confirm(
            turn,
            user,
            contract=str(request.contract_id),
            target=target,
            reason=request.reason,
            request=str(request.id),
        )

    async def _confirm(self, turn: Turn, user: User, **data: str) -> list[Reply]:
        own = await turn.uow.two_factor.get(user.key)
        if own.channel is None or own.destination is None:
            return [Reply(texts_managers.MANAGE_NEED_2FA, ((Button(texts_twofa.BUTTON_ENABLE, "enable"),),))]
        replies = await self._prompt.send_code_or_idle(
            turn,
            user,
            Purpose.MANAGER_ACTION,
            own.channel,
            own.destination,
            Step.MANAGE_CODE,
            texts_managers.MANAGE_CODE_SENT,
            **data,
        )
        return replies

    async def on_manager_code(self, turn: Turn, user: User) -> list[Reply]:
        """The manager's code was right: turn 2FA off as asked (and settle the request it came from)."""
        data = turn.conversation.data
        turn.conversation = turn.conversation.idle(turn.now)
        target = None if data.get("target", "all") == "all" else int(data["target"])
        try:
            affected = await disable_for(
                turn.uow,
                user,
                int(data.get("contract", "-1")),
                target,
                data.get("reason", ""),
                "chat",
                turn.now,
                turn.chat_id,
            )
        except NotAllowed:
            return [Reply(texts_managers.MANAGE_REFUSED)]
        except NotFound:
            return [Reply(texts.STALE_BUTTON)]
        request_id = parse_id(data.get("request", ""))
        if request_id is not None:
            request = await turn.uow.requests.get(request_id)
            if request is not None and request.open_at(turn.now):
                await decide(turn.uow, user, request, True, turn.now, turn.chat_id)
        if not affected:
            return [Reply(texts_managers.manage_nothing(everyone=target is None))]
        return [Reply(texts_managers.manage_done([u.name for u in affected], own_kept=target is None))]

    async def request(self, turn: Turn, user: User) -> list[Reply]:
        """`/request`: ask the account manager to turn 2FA off, for oneself, another user or everyone."""
        turn.conversation = turn.conversation.at(Step.REQUEST_TARGET, turn.now)
        buttons = (
            (Button(texts_managers.BUTTON_REQUEST_ME, "req:for:me"),),
            (Button(texts_managers.BUTTON_REQUEST_USER, "req:for:user"),),
            (Button(texts_managers.BUTTON_REQUEST_ALL, "req:for:all"),),
            cancel_row(),
        )
        return [Reply(texts_managers.REQUEST_ASK, buttons)]

    async def request_target(self, turn: Turn, user: User, whom: str) -> list[Reply]:
        if turn.conversation.step is not Step.REQUEST_TARGET:
            return [Reply(texts.STALE_BUTTON)]
        if whom == "me":
            setting = await turn.uow.two_factor.get(user.key)
            if not setting.enabled:
                turn.conversation = turn.conversation.idle(turn.now)
                return [Reply(texts_managers.REQUEST_SELF_OFF)]
            return await self._prove_identity(
                turn, user, target=str(user.key), reason=texts_actions.SELF_REASON
            )
        if whom == "user":
            turn.conversation = turn.conversation.at(Step.REQUEST_USER, turn.now)
            return [Reply(texts_managers.REQUEST_ASK_USER, (cancel_row(),))]
        turn.conversation = turn.conversation.at(Step.REQUEST_REASON, turn.now, None, target="all")
        return [Reply(texts_managers.REQUEST_ASK_REASON, (cancel_row(),))]

    async def request_text(self, turn: Turn, user: User, text: str) -> list[Reply]:
        """The other user's email (REQUEST_USER), or the reason (REQUEST_REASON)."""
        if turn.conversation.step is Step.REQUEST_USER:
            try:
                target = await turn.uow.users.get_by_email(normalise_email(text))
            except InvalidEmail:
                target = None
            if target is None or target.contract_id != user.contract_id:
                return [Reply(texts_managers.REQUEST_NO_SUCH_USER, (cancel_row(),))]
            turn.conversation = turn.conversation.at(
                Step.REQUEST_REASON, turn.now, None, target=str(target.key)
            )
            return [Reply(texts_managers.REQUEST_ASK_REASON, (cancel_row(),))]
        reason = " ".join(text.split())
        if not reason:
            return [Reply(texts_managers.REQUEST_ASK_REASON, (cancel_row(),))]
        return await self._prove_identity(turn, user, reason=reason, **turn.conversation.data)

    async def _prove_identity(self, turn: Turn, user: User, **data: str) -> list[Reply]:
        """A code to the registered email, unless that is the 2FA address that was lost: then unverified."""
        setting = await turn.uow.two_factor.get(user.key)
        lost_is_registered = (
            data.get("target") == str(user.key)
            and setting.channel is Channel.EMAIL
            and (setting.destination or "").casefold() == user.email.casefold()
        )
        if lost_is_registered:
            return await self._file(turn, user, data, verified=False)
        replies = await self._prompt.send_code_or_idle(
            turn,
            user,
            Purpose.IDENTITY,
            Channel.EMAIL,
            user.email,
            Step.REQUEST_CODE,
            texts_managers.REQUEST_IDENTITY_SENT,
            **data,
        )
        return replies

    async def on_identity_code(self, turn: Turn, user: User) -> list[Reply]:
        return await self._file(turn, user, dict(turn.conversation.data), verified=True)

    async def _file(self, turn: Turn, user: User, data: dict[str, str], verified: bool) -> list[Reply]:
        turn.conversation = turn.conversation.idle(turn.now)
        target = None if data.get("target", "all") == "all" else int(data["target"])
        request, managers, in_chat = await create_request(
            turn.uow, user, target, data.get("reason", ""), verified, turn.now, turn.chat_id
        )
        if not managers:
            return [Reply(texts_managers.REQUEST_NO_MANAGER)]
        names = ", ".join(f"{m.name} ({mask_email(m.email)})" for m in managers)
        text = texts_managers.REQUEST_SENT.format(number=request.id, managers=f" {names}")
        if not verified:
            text += texts_managers.REQUEST_SENT_UNVERIFIED
        if not in_chat:
            text += texts_managers.REQUEST_NO_MANAGER_CHAT
        return [Reply(text)]


async def _refuse(turn: Turn, user: User, contract_id: int, action: str) -> None:
    """Record a refused attempt (authorize audits it); the caller words the reply."""
    with contextlib.suppress(NotAllowed):
        await authorize(turn.uow, user, contract_id, action, turn.now, turn.chat_id)
