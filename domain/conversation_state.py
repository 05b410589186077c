"""Where one chat stands in a conversation. Stored per chat and read/written in the step's transaction."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from datetime import datetime


class Step(enum.StrEnum):
    IDLE = "idle"
    LINK_EMAIL = "link_email"  # waiting for the account email
    LINK_CODE = "link_code"  # waiting for the code sent to the registered email
    LINK_SECOND_CODE = "link_second_code"  # waiting for the code sent to the 2FA destination
    ENABLE_METHOD = "enable_method"  # choosing SMS or email
    ENABLE_DESTINATION = "enable_destination"  # typing the number or address
    ENABLE_CODE = "enable_code"  # code sent to the new destination
    CHANGE_OLD_CODE = "change_old_code"  # code sent to the current destination
    CHANGE_METHOD = "change_method"
    CHANGE_DESTINATION = "change_destination"
    CHANGE_NEW_CODE = "change_new_code"  # code sent to the new destination
    DISABLE_CONFIRM = "disable_confirm"
    DISABLE_CODE = "disable_code"  # code sent to the current destination
    TEST_CODE = "test_code"  # a test code sent to the current destination
    MANAGE_REASON = "manage_reason"  # a manager names why 2FA goes off
    MANAGE_CODE = "manage_code"  # code to the manager's own 2FA destination
    REQUEST_TARGET = "request_target"  # for me, another user, or everyone
    REQUEST_USER = "request_user"  # typing the other user's email
    REQUEST_REASON = "request_reason"
    REQUEST_CODE = "request_code"  # code to the requester's registered email
    SUPPORT_DESCRIBE = "support_describe"  # one line for the support ticket


CODE_STEPS = frozenset(
    {
        Step.LINK_CODE,
        Step.LINK_SECOND_CODE,
        Step.ENABLE_CODE,
        Step.CHANGE_OLD_CODE,
        Step.CHANGE_NEW_CODE,
        Step.DISABLE_CODE,
        Step.TEST_CODE,
        Step.MANAGE_CODE,
        Step.REQUEST_CODE,
    }
)
METHOD_STEPS = frozenset({Step.ENABLE_METHOD, Step.CHANGE_METHOD})
DESTINATION_STEPS = frozenset({Step.ENABLE_DESTINATION, Step.CHANGE_DESTINATION})
# The flow each step belongs to (the name a command or button starts it with).
FLOW_OF_STEP: dict[Step, str] = {
    Step.LINK_EMAIL: "start",
    Step.LINK_CODE: "start",
    Step.LINK_SECOND_CODE: "start",
    Step.ENABLE_METHOD: "enable",
    Step.ENABLE_DESTINATION: "enable",
    Step.ENABLE_CODE: "enable",
    Step.CHANGE_OLD_CODE: "change",
    Step.CHANGE_METHOD: "change",
    Step.CHANGE_DESTINATION: "change",
    Step.CHANGE_NEW_CODE: "change",
    Step.DISABLE_CONFIRM: "disable",
    Step.DISABLE_CODE: "disable",
    Step.TEST_CODE: "test",
    Step.MANAGE_REASON: "manage",
    Step.MANAGE_CODE: "manage",
    Step.REQUEST_TARGET: "request",
    Step.REQUEST_USER: "request",
    Step.REQUEST_REASON: "request",
    Step.REQUEST_CODE: "request",
    Step.SUPPORT_DESCRIBE: "support",
}


@dataclass(frozen=True)
class Conversation:
    chat_id: str
    step: Step = Step.IDLE
    challenge_id: str | None = None
    data: dict[str, str] = field(default_factory=dict)
    updated_at: datetime | None = None

    def at(self, step: Step, now: datetime, challenge_id: str | None = None, **data: str) -> Conversation:
        """Move to `step`, replacing the step's data (nothing carries over by accident)."""
        return replace(self, step=step, challenge_id=challenge_id, data=dict(data), updated_at=now)

    def idle(self, now: datetime) -> Conversation:
        return self.at(Step.IDLE, now)
