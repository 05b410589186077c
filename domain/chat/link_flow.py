"""Linking a chat to an account: `/start` (with or without a deep-link token), the email code, and the
account's own 2FA code when it has 2FA on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from domain.accounts.linking import link_chat, redeem_link_token
from domain.chat.turn import Turn
from domain.chat.verification import CodePrompt
from domain.core.challenge import Purpose
from domain.core.conversation_state import Step
from domain.core.model import User
from domain.core.replies import Button, Reply
from domain.proofs.codes import CodeService
from domain.wording import texts

Status = Callable[[Turn, str], Awaitable[list[Reply]]]


class LinkFlow:
    """The steps that prove a person owns an account, then link the chat; `status` answers after."""

    def __init__(self, codes: CodeService, prompt: CodePrompt, server_key: bytes, status: Status) -> None:
        self._codes = codes
        self._prompt = prompt
        self._key = server_key
        self._status = status

    async def start(self, turn: Turn, argument: str) -> list[Reply]:
        """`/start`, `/start TOKEN` (a deep link made by `twofa users link`), or the Link button."""
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        turn.conversation = turn.conversation.idle(turn.now)
        if argument:
            user = await redeem_link_token(turn.uow, self._key, argument, turn.chat_id, turn.now)
            if user is None:
                return [Reply(texts.LINK_TOKEN_BAD, ((Button(texts.BUTTON_LINK, "start"),),))]
            return await self.owner_proved(turn, user)
        if turn.user is not None:
            return [Reply(texts.ALREADY_LINKED.format(name=turn.user.name)), *await self._status(turn, "")]
        turn.conversation = turn.conversation.at(Step.LINK_EMAIL, turn.now)
        return [Reply(texts.INTRO)]

    async def restart_with_email(self, turn: Turn, text: str) -> list[Reply]:
        """Another address typed while the code for the first one is awaited: start over with it."""
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        return await self._prompt.start_email_link(turn, text)

    async def owner_proved(self, turn: Turn, user: User) -> list[Reply]:
        """The person owns the account's email (or a deep link); a protected account needs its 2FA too."""
        setting = await turn.uow.two_factor.get(user.key)
        if setting.channel is None or setting.destination is None:
            return await self.complete(turn, user)
        return await self._prompt.send_code_or_idle(
            turn,
            user,
            Purpose.LINK_SECOND_FACTOR,
            setting.channel,
            setting.destination,
            Step.LINK_SECOND_CODE,
            texts.LINK_SECOND_SENT,
        )

    async def complete(self, turn: Turn, user: User) -> list[Reply]:
        """Link the chat, then show the account's status."""
        await link_chat(turn.uow, turn.chat_id, user, turn.now)
        if turn.conversation.language is not None:  # their emails follow the chat they just proved
            await turn.uow.users.set_language(user.key, turn.conversation.language)
            user = replace(user, language=turn.conversation.language)
        turn.user = user
        turn.conversation = turn.conversation.idle(turn.now)
        return [Reply(texts.LINKED.format(name=user.name)), *await self._status(turn, "")]
