"""Where one chat stands in a conversation. Stored per chat and read/written in the step's transaction.

Each step names the flow it belongs to and the prompt it has put to the person. What answers a prompt,
what that answer does and how the prompt is asked again are declared once per prompt, in the step table
(`domain.steps`): a new step that asks like an existing one (another code, say) is one line here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime


class Prompt(enum.Enum):
    """What a step has asked the person for. Steps that ask alike share one (every code step takes a
    typed code, Resend and New code the same way)."""

    NOTHING = "nothing"  # idle: commands, menus and free questions
    LINK_EMAIL = "link_email"  # the account's email
    LINK_CODE = "link_code"  # the link code, or another address typed instead
    CODE = "code"  # a code sent for this step
    METHOD = "method"  # SMS or email
    DESTINATION = "destination"  # the number or address for the chosen method
    DISABLE_CONFIRM = "disable_confirm"  # yes, turn 2FA off
    MANAGE_REASON = "manage_reason"  # why a manager turns 2FA off
    REQUEST_TARGET = "request_target"  # for me, another user, or everyone
    REQUEST_USER = "request_user"  # the other user's email
    REQUEST_REASON = "request_reason"  # why the manager should turn 2FA off
    SUPPORT_LINE = "support_line"  # one line for the support team
    RECOVERY_CODE = "recovery_code"  # one of the person's recovery codes (the 2FA phone or email is lost)
    RECOVERY_CHOICE = "recovery_choice"  # after a recovery code: change the method, or turn 2FA off


class Step(enum.StrEnum):
    """A step's stored name, the flow it belongs to (the name of the command or button that starts the
    flow) and the prompt it waits on."""

    flow: str | None
    prompt: Prompt

    def __new__(cls, value: str, flow: str | None = None, prompt: Prompt = Prompt.NOTHING) -> Step:
        # Called with the three values of each member below; `Step("idle")` looks a stored name up.
        member = str.__new__(cls, value)
        member._value_ = value  # stored and loaded by this name alone
        member.flow = flow
        member.prompt = prompt
        return member

    IDLE = "idle", None, Prompt.NOTHING
    LINK_EMAIL = "link_email", "start", Prompt.LINK_EMAIL
    LINK_CODE = "link_code", "start", Prompt.LINK_CODE  # the code sent to the registered email
    LINK_SECOND_CODE = "link_second_code", "start", Prompt.CODE  # the code sent to the 2FA destination
    ENABLE_METHOD = "enable_method", "enable", Prompt.METHOD
    ENABLE_DESTINATION = "enable_destination", "enable", Prompt.DESTINATION
    ENABLE_CODE = "enable_code", "enable", Prompt.CODE  # code sent to the new destination
    CHANGE_OLD_CODE = "change_old_code", "change", Prompt.CODE  # code sent to the current destination
    CHANGE_METHOD = "change_method", "change", Prompt.METHOD
    CHANGE_DESTINATION = "change_destination", "change", Prompt.DESTINATION
    CHANGE_NEW_CODE = "change_new_code", "change", Prompt.CODE  # code sent to the new destination
    DISABLE_CONFIRM = "disable_confirm", "disable", Prompt.DISABLE_CONFIRM
    DISABLE_CODE = "disable_code", "disable", Prompt.CODE  # code sent to the current destination
    TEST_CODE = "test_code", "test", Prompt.CODE  # a test code sent to the current destination
    MANAGE_REASON = "manage_reason", "manage", Prompt.MANAGE_REASON
    MANAGE_CODE = "manage_code", "manage", Prompt.CODE  # code to the manager's own 2FA destination
    REQUEST_TARGET = "request_target", "request", Prompt.REQUEST_TARGET
    REQUEST_USER = "request_user", "request", Prompt.REQUEST_USER
    REQUEST_REASON = "request_reason", "request", Prompt.REQUEST_REASON
    REQUEST_CODE = "request_code", "request", Prompt.CODE  # code to the requester's registered email
    SUPPORT_DESCRIBE = "support_describe", "support", Prompt.SUPPORT_LINE
    NEW_CODES_CODE = "new_codes_code", "newcodes", Prompt.CODE  # code to the current destination: new set
    LOST_CODE = "lost_code", "lost", Prompt.RECOVERY_CODE
    LOST_CHOICE = "lost_choice", "lost", Prompt.RECOVERY_CHOICE


def steps_asking(*prompts: Prompt) -> frozenset[Step]:
    return frozenset(step for step in Step if step.prompt in prompts)


CODE_STEPS = steps_asking(Prompt.CODE, Prompt.LINK_CODE)
METHOD_STEPS = steps_asking(Prompt.METHOD)
DESTINATION_STEPS = steps_asking(Prompt.DESTINATION)
FLOWS = frozenset(step.flow for step in Step if step.flow is not None)  # a command starting one asks first
ASKED = "asked"  # the data key of a pending "stop this and ... instead?" question: the flow it offers


@dataclass(frozen=True)
class Conversation:
    chat_id: str
    step: Step = Step.IDLE
    challenge_id: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    updated_at: datetime | None = None
    language: str | None = None  # the chat's language (`domain.wording.i18n.LANGUAGES`); None: not chosen yet

    def at(self, step: Step, now: datetime, challenge_id: str | None = None, **data: str) -> Conversation:
        """Move to `step`, replacing the step's data (nothing carries over by accident)."""
        return replace(self, step=step, challenge_id=challenge_id, data=dict(data), updated_at=now)

    def idle(self, now: datetime) -> Conversation:
        return self.at(Step.IDLE, now)

    @property
    def asked(self) -> str | None:
        """The flow a pending "stop this and ... instead?" question offers, while it waits for an answer."""
        return self.data.get(ASKED)

    def asking(self, flow: str, now: datetime) -> Conversation:
        """The step stays where it is, with a question on top: until it is answered, the buttons of the
        step's earlier messages are stale (so an old button cannot answer it by accident)."""
        return replace(self, data={**self.data, ASKED: flow}, updated_at=now)

    def answered(self) -> Conversation:
        """The pending question is gone (answered, or passed over by typing the step's answer)."""
        if ASKED not in self.data:
            return self
        return replace(self, data={k: v for k, v in self.data.items() if k != ASKED})
