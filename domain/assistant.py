"""The conversation engine every chat front-end calls: one incoming message in, replies out.

Each message is one transaction: the chat's conversation state is read, the step runs (codes, links,
audit events, notices), and the new state is written and committed together, so a restart or a second
worker process loses nothing. Front-ends hold no state of their own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain import texts
from domain.challenge import Purpose
from domain.codes import CodeService
from domain.conversation_state import CODE_STEPS, Conversation, Step
from domain.destinations import mask
from domain.linking import link_chat, redeem_link_token
from domain.model import User
from domain.ports import Clock, UnitOfWorkFactory
from domain.replies import Button, Incoming, Reply
from domain.turn import Turn
from domain.verification import CodePrompt

Handler = Callable[[Turn, str], Awaitable[list[Reply]]]


class Assistant:
    """Routes commands, buttons and free text to the step the chat is at."""

    def __init__(
        self, uow_factory: UnitOfWorkFactory, codes: CodeService, clock: Clock, server_key: bytes
    ) -> None:
        self._uow_factory = uow_factory
        self._codes = codes
        self._clock = clock
        self._key = server_key
        self._prompt = CodePrompt(codes, self._on_code_verified, self._restart_link_with_email)
        self._commands: dict[str, Handler] = {
            "start": self._start,
            "help": self._help,
            "status": self._status,
            "cancel": self._cancel,
        }
        self._buttons: dict[str, Handler] = {
            "start": self._start,
            "help": self._help,
            "status": self._status,
            "cancel": self._cancel,
        }

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Run one step of the chat's conversation in one transaction and return what to say."""
        async with self._uow_factory() as uow:
            conversation = await uow.conversations.get(incoming.chat_id)
            link = await uow.chat_links.get(incoming.chat_id)
            user = await uow.users.get(link.user_id) if link else None
            turn = Turn(
                uow, incoming.chat_id, conversation or Conversation(incoming.chat_id), user, self._clock.now()
            )
            replies = await self._route(turn, incoming)
            await uow.conversations.save(turn.conversation)
            await uow.commit()
        return replies

    async def _route(self, turn: Turn, incoming: Incoming) -> list[Reply]:
        command = incoming.command()
        if command is not None:
            name, argument = command
            handler = self._commands.get(name)
            if handler is None:
                return [Reply(texts.UNKNOWN_COMMAND.format(name=name) + "\n\n" + texts.HELP)]
            return await handler(turn, argument)
        if incoming.button is not None:
            action, _, argument = incoming.button.partition(":")
            if action in self._prompt.actions and turn.conversation.step in CODE_STEPS:
                return await self._prompt.button(turn, action)
            button_handler = self._buttons.get(action)
            if button_handler is None:
                return [Reply(texts.STALE_BUTTON), *await self._where_we_are(turn)]
            return await button_handler(turn, argument)
        return await self._text(turn, (incoming.text or "").strip())

    async def _text(self, turn: Turn, text: str) -> list[Reply]:
        step = turn.conversation.step
        if step is Step.LINK_EMAIL:
            return await self._link_email(turn, text)
        if step in CODE_STEPS:
            return await self._prompt.text(turn, text)
        if turn.user is None and "@" in text:
            return await self._link_email(turn, text)
        return [Reply(texts.NOT_UNDERSTOOD + "\n" + texts.HELP, _menu(turn.user))]

    async def _start(self, turn: Turn, argument: str) -> list[Reply]:
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        if argument:
            user = await redeem_link_token(turn.uow, self._key, argument, turn.chat_id, turn.now)
            if user is None:
                turn.conversation = turn.conversation.idle(turn.now)
                return [Reply(texts.LINK_TOKEN_BAD, ((Button(texts.BUTTON_LINK, "start"),),))]
            return await self._owner_proved(turn, user)
        if turn.user is not None:
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(texts.ALREADY_LINKED.format(name=turn.user.name)), *await self._status(turn, "")]
        turn.conversation = turn.conversation.at(Step.LINK_EMAIL, turn.now)
        return [Reply(texts.INTRO)]

    async def _link_email(self, turn: Turn, text: str) -> list[Reply]:
        return await self._prompt.start_email_link(turn, text)

    async def _restart_link_with_email(self, turn: Turn, text: str) -> list[Reply]:
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        return await self._prompt.start_email_link(turn, text)

    async def _on_code_verified(self, turn: Turn, purpose: Purpose, user: User) -> list[Reply]:
        if purpose is Purpose.LINK:
            return await self._owner_proved(turn, user)
        if purpose is Purpose.LINK_SECOND_FACTOR:
            return await self._complete_link(turn, user)
        turn.conversation = turn.conversation.idle(turn.now)
        return await self._where_we_are(turn)

    async def _owner_proved(self, turn: Turn, user: User) -> list[Reply]:
        """The person owns the account's email (or a deep link); a protected account needs its 2FA too."""
        setting = await turn.uow.two_factor.get(user.key)
        if setting.channel is None or setting.destination is None:
            return await self._complete_link(turn, user)
        return await self._prompt.send_code(
            turn,
            user,
            Purpose.LINK_SECOND_FACTOR,
            setting.channel,
            setting.destination,
            Step.LINK_SECOND_CODE,
            texts.LINK_SECOND_SENT,
        )

    async def _complete_link(self, turn: Turn, user: User) -> list[Reply]:
        await link_chat(turn.uow, turn.chat_id, user, turn.now)
        turn.user = user
        turn.conversation = turn.conversation.idle(turn.now)
        return [Reply(texts.LINKED.format(name=user.name)), *await self._status(turn, "")]

    async def _help(self, turn: Turn, argument: str) -> list[Reply]:
        replies = [Reply(texts.HELP, _menu(turn.user))]
        if turn.conversation.step is not Step.IDLE:
            replies.extend(await self._where_we_are(turn))
        return replies

    async def _status(self, turn: Turn, argument: str) -> list[Reply]:
        if turn.user is None:
            return [Reply(texts.NOT_LINKED, ((Button(texts.BUTTON_LINK, "start"),),))]
        setting = await turn.uow.two_factor.get(turn.user.key)
        contract = await turn.uow.contracts.get(turn.user.contract_id)
        masked = (
            mask(setting.channel, setting.destination) if setting.channel and setting.destination else None
        )
        return [Reply(texts.status(turn.user, contract, setting, masked))]

    async def _cancel(self, turn: Turn, argument: str) -> list[Reply]:
        if turn.conversation.step is Step.IDLE:
            return [Reply(texts.NOTHING_TO_CANCEL)]
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        turn.conversation = turn.conversation.idle(turn.now)
        return [Reply(texts.CANCELLED, _menu(turn.user))]

    async def _where_we_are(self, turn: Turn) -> list[Reply]:
        step = turn.conversation.step
        if step is Step.LINK_EMAIL:
            return [Reply(texts.ASK_EMAIL_AGAIN)]
        if step in CODE_STEPS:
            return [self._prompt.reminder(turn)]
        return [Reply(texts.HELP, _menu(turn.user))]


def _menu(user: User | None) -> tuple[tuple[Button, ...], ...]:
    if user is None:
        return ((Button(texts.BUTTON_LINK, "start"),),)
    return ((Button(texts.BUTTON_STATUS, "status"), Button(texts.BUTTON_HELP, "help")),)
