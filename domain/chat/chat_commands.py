"""The commands that answer at any step without starting a flow: `/help`, `/status` and `/cancel`; and the
small pieces every handler shares (the menu, help text, handlers for linked chats only)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain.chat.login_chat import LoginChat
from domain.chat.recovery_chat import status_part
from domain.chat.turn import Turn
from domain.chat.twofa_flow import status_buttons
from domain.core.conversation_state import Step
from domain.core.destinations import mask
from domain.core.model import User
from domain.core.replies import Button, Reply
from domain.proofs.codes import CodeService
from domain.proofs.recovery import RecoveryCodes
from domain.wording import texts, texts_twofa

Handler = Callable[[Turn, str], Awaitable[list[Reply]]]  # (turn, the typed text or command argument)
Reminder = Callable[[Turn], Awaitable[list[Reply]]]  # what the chat waits for, asked again


class ChatCommands:
    """`/help`, `/status` and `/cancel`; the first two say where we are after, if in a flow."""

    def __init__(
        self, codes: CodeService, logins: LoginChat, where: Reminder, recovery: RecoveryCodes | None = None
    ) -> None:
        self._codes = codes
        self._logins = logins
        self._where = where
        self._recovery = recovery

    async def help(self, turn: Turn, argument: str) -> list[Reply]:
        replies = [Reply(help_text(turn), menu(turn.user))]
        if turn.conversation.step is not Step.IDLE:
            replies.extend(await self._where(turn))
        return replies

    async def status(self, turn: Turn, argument: str) -> list[Reply]:
        if turn.user is None:
            return [Reply(texts.NOT_LINKED, ((Button(texts.BUTTON_LINK, "start"),),))]
        setting = await turn.uow.two_factor.get(turn.user.key)
        contract = await turn.uow.contracts.get(turn.user.contract_id)
        masked = (
            mask(setting.channel, setting.destination) if setting.channel and setting.destination else None
        )
        lines = [texts.status(turn.user, contract, setting, masked)]
        codes, new_codes = await status_part(turn.uow, turn.user, setting, self._recovery)
        lines += codes
        lines += await self._logins.status_lines(turn, turn.user, setting)
        replies = [Reply("\n".join(lines), status_buttons(setting) + new_codes)]
        if turn.conversation.step is not Step.IDLE:
            replies.extend(await self._where(turn))
        return replies

    async def cancel(self, turn: Turn, argument: str) -> list[Reply]:
        if turn.conversation.step is Step.IDLE:
            return [Reply(texts.NOTHING_TO_CANCEL)]
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        turn.conversation = turn.conversation.idle(turn.now)
        return [Reply(texts.CANCELLED, menu(turn.user))]


def help_text(turn: Turn) -> str:
    return texts_twofa.HELP_LINKED if turn.user is not None else texts.HELP


def menu(user: User | None) -> tuple[tuple[Button, ...], ...]:
    if user is None:
        return ((Button(texts.BUTTON_LINK, "start"),),)
    return ((Button(texts.BUTTON_STATUS, "status"), Button(texts.BUTTON_HELP, "help")),)


async def show_help(turn: Turn) -> list[Reply]:
    """Where an idle chat stands: what it can do."""
    return [Reply(help_text(turn), menu(turn.user))]


def linked(action: Callable[[Turn, User], Awaitable[list[Reply]]]) -> Handler:
    """A handler for linked chats only; others are asked to link first."""

    async def handler(turn: Turn, argument: str) -> list[Reply]:
        return await action(turn, turn.user) if turn.user else [Reply(texts_twofa.LINK_FIRST)]

    return handler


def linked_with(action: Callable[[Turn, User, str], Awaitable[list[Reply]]]) -> Handler:
    """The same, for handlers that take the typed text or the button's argument."""

    async def handler(turn: Turn, argument: str) -> list[Reply]:
        return await action(turn, turn.user, argument) if turn.user else [Reply(texts_twofa.LINK_FIRST)]

    return handler
