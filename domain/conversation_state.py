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


CODE_STEPS = frozenset({Step.LINK_CODE, Step.LINK_SECOND_CODE})


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
