"""The step table: for each prompt a step can wait on, the input it expects (its own buttons, and the shape
of a typed answer), what that input does, and how the prompt is asked again.

The router (`domain.router`) reads it for every button, typed message and reminder and holds no
`if step is ...` of its own; each step names its prompt (`domain.conversation_state`). A new kind of
prompt is one `StepSpec` here; a new step that asks like an existing one is a line there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from domain.chat import faq
from domain.chat.chat_commands import Handler, Reminder, linked, linked_with, menu, show_help
from domain.chat.manager_flow import ManagerFlow
from domain.chat.recovery_chat import CHOICE, RecoveryChat
from domain.chat.support_chat import SupportChat
from domain.chat.turn import Turn
from domain.chat.twofa_flow import TwoFactorFlow, method_buttons
from domain.chat.verification import CodePrompt
from domain.core.conversation_state import Prompt, Step
from domain.core.otp import looks_like_code
from domain.core.replies import Button, Reply
from domain.core.typed_input import (
    Looks,
    a_code,
    a_code_or_email,
    a_destination,
    a_method,
    a_reason,
    an_email,
    anything,
    channel_in_words,
    nothing,
)
from domain.proofs.codes import CodeService
from domain.proofs.recovery import normalise
from domain.wording import texts, texts_actions, texts_faq, texts_managers, texts_twofa
from domain.wording.texts_destinations import shown_mask


def cancel_buttons() -> tuple[tuple[Button, ...], ...]:
    return ((Button(texts.BUTTON_CANCEL, "cancel"),),)


@dataclass(frozen=True)
class StepSpec:
    looks: Looks  # whether typed text is the answer; if not, it may be a question (classified first)
    on_text: Handler  # typed text that is no command (and was no question)
    reminder: Reminder  # the prompt asked again: after a stale button, a question, /help or /status
    # the buttons this prompt's messages carry, by callback data or its prefix up to a ':' (the rest is
    # the handler's argument); only these, besides commands and buttons any step takes, are expected here
    buttons: Mapping[str, Handler] = field(default_factory=dict)

    def button(self, data: str) -> tuple[Handler, str] | None:
        """The handler for a button of this prompt's own messages, with its argument; None if not one."""
        for key, handler in self.buttons.items():
            if data == key or data.startswith(key + ":"):
                return handler, data[len(key) + 1 :]
        return None


def a_recovery_code(text: str, data: Mapping[str, str]) -> bool:
    return normalise(text) is not None


def _say(text: Callable[[], str], buttons: Callable[[], tuple[tuple[Button, ...], ...]] = tuple) -> Reminder:
    """A prompt asked again: its text and buttons read when said, in the language of the step."""

    async def reminder(turn: Turn) -> list[Reply]:
        return [Reply(text(), buttons())]

    return reminder


class StepTable:
    """One `StepSpec` per prompt, bound to the flows that handle it."""

    def __init__(
        self,
        codes: CodeService,
        prompt: CodePrompt,
        twofa: TwoFactorFlow,
        managers: ManagerFlow,
        support: SupportChat,
        recovery: RecoveryChat,
    ) -> None:
        self._codes = codes
        self._prompt = prompt
        self._twofa = twofa
        self._managers = managers
        method = {"method": self._method_button}
        code = StepSpec(
            a_code,
            prompt.text,
            self._code_reminder,
            {"resend": self._resend, "newcode": self._new, "confirm": self._confirm},
        )
        self._specs: dict[Prompt, StepSpec] = {
            Prompt.NOTHING: StepSpec(nothing, self.idle_text, show_help),
            Prompt.LINK_EMAIL: StepSpec(an_email, self._link_email, _say(lambda: texts.ASK_EMAIL_AGAIN)),
            Prompt.LINK_CODE: replace(code, looks=a_code_or_email),
            Prompt.CODE: code,
            Prompt.METHOD: StepSpec(
                a_method, self._method_text, _say(lambda: texts_twofa.ASK_METHOD, method_buttons), method
            ),
            Prompt.DESTINATION: StepSpec(
                a_destination, linked_with(twofa.destination), self._ask_destination, method
            ),
            Prompt.DISABLE_CONFIRM: StepSpec(
                nothing, self.idle_text, self._confirm_disable, {"disable:yes": linked(twofa.confirm_disable)}
            ),
            Prompt.MANAGE_REASON: StepSpec(
                a_reason,
                linked_with(managers.reason),
                _say(texts_actions.manage_ask_reason, cancel_buttons),
                {"mgr": linked_with(managers.manager_button)},  # a listed reason, or another whom
            ),
            Prompt.REQUEST_TARGET: StepSpec(
                nothing,
                self.idle_text,
                self._ask_target,
                {"req:for": linked_with(managers.request_target)},
            ),
            Prompt.REQUEST_USER: StepSpec(
                an_email,
                linked_with(managers.request_text),
                _say(lambda: texts_managers.REQUEST_ASK_USER, cancel_buttons),
            ),
            Prompt.REQUEST_REASON: StepSpec(
                a_reason,
                linked_with(managers.request_text),
                _say(lambda: texts_managers.REQUEST_ASK_REASON, cancel_buttons),
            ),
            Prompt.SUPPORT_LINE: StepSpec(anything, support.file_ticket, show_help),
            Prompt.RECOVERY_CODE: StepSpec(a_recovery_code, linked_with(recovery.typed), recovery.ask_code),
            Prompt.RECOVERY_CHOICE: StepSpec(
                nothing, self.idle_text, recovery.ask_choice, {CHOICE: linked_with(recovery.choice)}
            ),
        }
        missing = set(Prompt) - set(self._specs)
        if missing:  # a prompt nobody answers would leave its chats stuck
            raise ValueError(f"no StepSpec for {sorted(p.name for p in missing)}")

    def spec(self, step: Step) -> StepSpec:
        return self._specs[step.prompt]

    async def reminder(self, turn: Turn) -> list[Reply]:
        """The step's prompt asked again."""
        return await self.spec(turn.conversation.step).reminder(turn)

    async def idle_text(self, turn: Turn, text: str) -> list[Reply]:
        """Text where nothing is typed (and no question): an address to link, a stray code, or help."""
        if turn.user is None and "@" in text:
            return await self._prompt.start_email_link(turn, text)
        if looks_like_code(text, self._codes.policy.digits):
            return [Reply(texts_faq.NO_CODE_EXPECTED, menu(turn.user))]
        return [faq.answer("none", turn.user, None)]

    async def _link_email(self, turn: Turn, text: str) -> list[Reply]:
        if "@" not in text and len(text.split()) > 3:  # a sentence, not a mistyped address
            return [Reply(texts_faq.FAQ_NONE + texts_faq.LINK_ASK_EMAIL, (faq.SUPPORT,))]
        return await self._prompt.start_email_link(turn, text)

    async def _code_reminder(self, turn: Turn) -> list[Reply]:
        return [self._prompt.reminder(turn)]

    async def _resend(self, turn: Turn, argument: str) -> list[Reply]:
        return await self._prompt.button(turn, "resend")

    async def _confirm(self, turn: Turn, argument: str) -> list[Reply]:
        return await self._prompt.confirm(turn)

    async def _new(self, turn: Turn, argument: str) -> list[Reply]:
        return await self._prompt.button(turn, "newcode")

    async def _method_text(self, turn: Turn, text: str) -> list[Reply]:
        channel = channel_in_words(text)
        if channel is None:
            return await self.reminder(turn)
        return await self._twofa.choose_method(turn, channel)

    async def _method_button(self, turn: Turn, argument: str) -> list[Reply]:
        channel = channel_in_words(argument)
        if channel is None or turn.user is None:
            return [Reply(texts.STALE_BUTTON), *await self.reminder(turn)]
        return await self._twofa.choose_method(turn, channel)

    async def _ask_destination(self, turn: Turn) -> list[Reply]:
        sms = turn.conversation.data.get("method") == "sms"
        return [Reply(texts_twofa.ASK_PHONE if sms else texts_twofa.ASK_EMAIL, cancel_buttons())]

    async def _ask_target(self, turn: Turn) -> list[Reply]:
        return await linked(self._managers.request)(turn, "")

    async def _confirm_disable(self, turn: Turn) -> list[Reply]:
        buttons = (
            (
                Button(texts_twofa.BUTTON_CONFIRM_DISABLE, "disable:yes"),
                Button(texts_twofa.BUTTON_KEEP, "cancel"),
            ),
        )
        masked = turn.conversation.data.get("to")  # the mask, when the step kept it
        return [Reply(texts_twofa.CONFIRM_DISABLE.format(masked=shown_mask(masked)), buttons)]
