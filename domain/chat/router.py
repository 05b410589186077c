"""Routes one incoming message to what it means at the chat's step: a command, a button or typed text.

Commands, a pending question's two buttons and a few buttons of messages that come unasked ("was this
you?", remembered devices, a manager's lists and requests) work at any step; every other input is the
step's own, declared once per prompt in the step table (`domain.steps`).
"""

from __future__ import annotations

from domain.accounts.support import SupportDesk
from domain.chat import language_chat
from domain.chat.chat_commands import ChatCommands, Handler, help_text, linked, linked_with
from domain.chat.faq import IntentClassifier
from domain.chat.flow_switch import FlowSwitch, question
from domain.chat.link_flow import LinkFlow
from domain.chat.login_chat import LoginChat
from domain.chat.manager_flow import ManagerFlow
from domain.chat.questions import Questions
from domain.chat.recovery_chat import RecoveryChat
from domain.chat.steps import StepTable
from domain.chat.support_chat import SupportChat
from domain.chat.turn import Turn
from domain.chat.twofa_flow import DestinationRules, TwoFactorFlow
from domain.chat.verification import CodePrompt
from domain.core.challenge import Challenge, Purpose
from domain.core.conversation_state import Step
from domain.core.model import User
from domain.core.replies import Incoming, Reply
from domain.proofs.codes import CodeService
from domain.proofs.recovery import RecoveryCodes
from domain.wording import texts, texts_managers, texts_twofa

UNLINKED_FLOWS = frozenset({"start", "support"})  # what a chat may do before it is linked


class Router:
    """The flows, wired together, and the one place that tells a command, a button and text apart."""

    def __init__(
        self,
        codes: CodeService,
        server_key: bytes,
        logins: LoginChat,
        rules: DestinationRules,
        classifier: IntentClassifier | None,
        desk: SupportDesk,
        recovery: RecoveryCodes | None = None,
    ) -> None:
        self._codes = codes
        self.prompt = CodePrompt(codes, self._on_code_verified, self._restart_link_with_email)
        chat = ChatCommands(codes, logins, self.where_we_are, recovery)
        self._link = LinkFlow(codes, self.prompt, server_key, chat.status)
        self._twofa = TwoFactorFlow(self.prompt, rules)
        self._recovery = RecoveryChat(recovery, self._twofa)
        self._managers = ManagerFlow(self.prompt)
        support = SupportChat(desk)
        self.commands: dict[str, Handler] = {  # a new one is listed in `domain.commands` too, for /help
            "start": self._link.start,
            "enable": linked(self._twofa.enable),
            "change": linked(self._twofa.change),
            "disable": linked(self._twofa.disable),
            "test": linked(self._twofa.test),
            "newcodes": linked(self._recovery.new_codes),
            "lost": linked(self._recovery.lost),
            "devices": linked(logins.devices),
            "manage": linked(self._managers.manage),
            "request": linked(self._managers.request),
            "support": support.support,
            "language": language_chat.ask,
            "help": chat.help,
            "status": chat.status,
            "cancel": chat.cancel,
        }
        self._switch = FlowSwitch(codes, self.commands, self.where_we_are)
        self._steps = StepTable(codes, self.prompt, self._twofa, self._managers, support, self._recovery)
        self._questions = Questions(classifier, self._switch, chat.status, self.where_we_are)
        self._any_step: dict[str, Handler] = {  # buttons of messages that come unasked
            "login": linked_with(logins.login_button),
            "lang": language_chat.choose,
            "apv": linked_with(logins.approval_button),
            "device": linked_with(logins.device_button),
            "mgr": self._manager_button,
            "req": self._request_button,
        }

    async def route(self, turn: Turn, incoming: Incoming) -> list[Reply]:
        step = turn.conversation.step
        if (
            turn.user is None and step.flow is not None and step.flow not in UNLINKED_FLOWS
        ):  # unlinked mid-flow
            await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
            turn.conversation = turn.conversation.idle(turn.now)
        if incoming.opened:  # reopened: the pending prompt again, so a code typed next is read as a code
            if turn.conversation.step.flow is None:
                return await self._link.start(turn, "")
            return [Reply(texts.WELCOME_BACK), *await self.where_we_are(turn)]
        command = incoming.command()
        if command is not None:
            name, argument = command
            if name not in self.commands:
                return [Reply(texts.UNKNOWN_COMMAND.format(name=name) + "\n\n" + help_text(turn))]
            return await self._switch.start(turn, name, argument)
        if incoming.button is not None:
            return await self._button(turn, incoming.button)
        return await self._text(turn, (incoming.text or "").strip())

    async def where_we_are(self, turn: Turn) -> list[Reply]:
        """What the chat waits for now: the pending question, or the step's prompt, asked again."""
        flow, asked = turn.conversation.step.flow, turn.conversation.asked
        if flow is not None and asked is not None:
            return [question(flow, asked)]
        return await self._steps.reminder(turn)

    async def _button(self, turn: Turn, data: str) -> list[Reply]:
        action, _, argument = data.partition(":")
        asked = turn.conversation.asked
        if action == "stay" and asked is not None:
            return await self._switch.stay(turn, "")
        if action == "switch" and asked is not None and argument == asked:
            return await self._switch.switch(turn, asked)
        if action in ("switch", "stay"):  # a question's button once it was answered, or another question's
            return await self._stale(turn)
        own = self._steps.spec(turn.conversation.step).button(data)
        if own is not None:  # a button of the step's messages: stale once a question came after them
            handler, argument = own
            return await self._stale(turn) if asked is not None else await handler(turn, argument)
        if action in self.commands:
            return await self._switch.start(turn, action, argument)
        any_step = self._any_step.get(action)
        return await any_step(turn, argument) if any_step else await self._stale(turn)

    async def _text(self, turn: Turn, text: str) -> list[Reply]:
        spec = self._steps.spec(turn.conversation.step)
        if not spec.looks(text, turn.conversation.data):
            answered = await self._questions.answer(turn, text)
            if answered is not None:
                return answered
        turn.conversation = turn.conversation.answered()  # typed at the step: a pending question is passed
        return await spec.on_text(turn, text)

    async def _stale(self, turn: Turn) -> list[Reply]:
        return [Reply(texts.STALE_BUTTON), *await self.where_we_are(turn)]

    async def _restart_link_with_email(self, turn: Turn, text: str) -> list[Reply]:
        return await self._link.restart_with_email(turn, text)

    async def _on_code_verified(self, turn: Turn, challenge: Challenge, user: User) -> list[Reply]:
        if challenge.purpose is Purpose.LINK:
            return await self._link.owner_proved(turn, user)
        if challenge.purpose is Purpose.LINK_SECOND_FACTOR:
            return await self._link.complete(turn, user)
        if turn.user is not None and turn.user.id == user.id:
            if challenge.purpose is Purpose.MANAGER_ACTION:
                return await self._managers.on_manager_code(turn, user)
            if challenge.purpose is Purpose.IDENTITY:
                return await self._managers.on_identity_code(turn, user)
            if challenge.purpose is Purpose.RECOVERY_CODES:
                return await self._recovery.on_code(turn, user)
        return await self._twofa.on_verified(turn, challenge, user)

    async def _manager_button(self, turn: Turn, argument: str) -> list[Reply]:
        """`/manage`'s list answers when idle (at the reason, the step table has it)."""
        if turn.user is None:
            return [Reply(texts_twofa.LINK_FIRST)]
        if turn.conversation.step is not Step.IDLE:
            return [Reply(texts_managers.FINISH_FIRST), *await self.where_we_are(turn)]
        return await self._managers.manager_button(turn, turn.user, argument)

    async def _request_button(self, turn: Turn, argument: str) -> list[Reply]:
        """`approve:`/`decline:` come to managers, answered when idle; `for:` answers the request question
        (the step table has it at that step: elsewhere it is stale)."""
        if turn.user is None:
            return [Reply(texts_twofa.LINK_FIRST)]
        if not argument.startswith("for:") and turn.conversation.step is not Step.IDLE:
            return [Reply(texts_managers.FINISH_FIRST), *await self.where_we_are(turn)]
        return await self._managers.request_button(turn, turn.user, argument)
