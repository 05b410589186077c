"""Starting a flow in the middle of another: asked first ("stop that and ... instead?"), unless the new
flow would have nothing to do, which is said instead while the current flow carries on.

The question is recorded in the conversation (`Conversation.asking`): until it is answered, only its own
two buttons answer it, and a button of the step's earlier messages is stale (the router says so and asks
the question again) rather than answering it by accident.
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.accounts.lifecycle import describe
from domain.chat.chat_commands import Handler, Reminder
from domain.chat.turn import Turn
from domain.core.conversation_state import FLOWS
from domain.core.replies import Button, Reply
from domain.proofs.codes import CodeService
from domain.wording import texts_faq, texts_steps, texts_twofa

NEEDS_2FA_ON = frozenset({"change", "disable", "test"})  # the flows that need 2FA on


class FlowSwitch:
    """Runs a command, asking first when it would stop the flow the chat is in."""

    def __init__(self, codes: CodeService, commands: Mapping[str, Handler], where: Reminder) -> None:
        self._codes = codes
        self._commands = commands  # read at each call: a command may be replaced (tests break one)
        self._where = where

    async def start(self, turn: Turn, name: str, argument: str) -> list[Reply]:
        """Command `name` (typed, or a button named after it). Linking may restart freely."""
        current = turn.conversation.step.flow
        if name not in FLOWS or current is None or (current == "start" and name == "start"):
            return await self._commands[name](turn, argument)
        refusal = await nothing_to_do(turn, name)
        if refusal is not None:
            meanwhile = Reply(texts_faq.MEANWHILE.format(flow=texts_twofa.FLOW_NAMES[current]))
            return [Reply(refusal), meanwhile, *await self._where(turn)]
        turn.conversation = turn.conversation.asking(name, turn.now)
        return [question(current, name)]

    async def switch(self, turn: Turn, name: str) -> list[Reply]:
        """The answer yes: the current flow stops (its code no longer works) and `name` starts."""
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        turn.conversation = turn.conversation.idle(turn.now)
        handler = self._commands.get(name) if name in FLOWS else None
        return await handler(turn, "") if handler else await self._where(turn)

    async def stay(self, turn: Turn, argument: str) -> list[Reply]:
        turn.conversation = turn.conversation.answered()
        return [Reply(texts_twofa.STAYING), *await self._where(turn)]


def question(current: str, name: str) -> Reply:
    """Stop flow `current` and start `name` instead? (asked, and asked again while it waits)"""
    text = texts_twofa.ABANDON.format(
        current=texts_twofa.FLOW_NAMES[current], next=texts_twofa.NEXT_NAMES[name]
    )
    switch = Button(texts_twofa.BUTTON_SWITCH.format(next=texts_twofa.NEXT_NAMES[name]), f"switch:{name}")
    return Reply(text, ((switch, Button(texts_twofa.BUTTON_STAY, "stay")),))


async def nothing_to_do(turn: Turn, name: str) -> str | None:
    """Why 2FA flow `name` would stop at once for this user (turning off what is off, turning on what is
    on), or None. A question offering to stop the current flow for it would offer nothing."""
    if turn.user is None or (name != "enable" and name not in NEEDS_2FA_ON):
        return None
    setting = await turn.uow.two_factor.get(turn.user.key)
    if name == "enable":
        return (
            texts_steps.NOTHING_TO_DO_WHEN_ON.format(setting=describe(setting)) if setting.enabled else None
        )
    return None if setting.enabled else texts_twofa.nothing_to_when_off(name)
