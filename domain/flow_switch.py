"""Starting a flow in the middle of another: asked first ("stop that and ... instead?").

The question is recorded in the conversation (`Conversation.asking`): until it is answered, only its own
two buttons answer it, and a button of the step's earlier messages is stale (the router says so and asks
the question again) rather than answering it by accident.
"""

from __future__ import annotations

from collections.abc import Mapping

from domain import texts
from domain.chat_commands import Handler, Reminder
from domain.codes import CodeService
from domain.conversation_state import FLOWS
from domain.replies import Button, Reply
from domain.turn import Turn


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
        return [Reply(texts.STAYING), *await self._where(turn)]


def question(current: str, name: str) -> Reply:
    """Stop flow `current` and start `name` instead? (asked, and asked again while it waits)"""
    text = texts.ABANDON.format(current=texts.FLOW_NAMES[current], next=texts.NEXT_NAMES[name])
    switch = Button(texts.BUTTON_SWITCH.format(next=texts.NEXT_NAMES[name]), f"switch:{name}")
    return Reply(text, ((switch, Button(texts.BUTTON_STAY, "stay")),))
