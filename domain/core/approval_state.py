"""A sign-in waiting to be approved in the linked Telegram chat (number matching), as stored."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class ApprovalStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"  # the right number was tapped: the login may be finished, once
    DENIED = "denied"  # a wrong number, or "This wasn't me"
    EXPIRED = "expired"  # nobody tapped in time (a code asked for instead keeps its own expiry)


@dataclass(frozen=True)
class LoginApproval:
    """One login's question in the chat: the number the page shows and the buttons the chat shows."""

    login_id: str
    user_id: int
    chat_id: str
    number: str  # two digits, shown by the login page
    choices: tuple[str, ...]  # the number buttons in the chat, in their order (one of them is `number`)
    created_at: datetime
    expires_at: datetime
    status: ApprovalStatus = ApprovalStatus.PENDING
    decided_at: datetime | None = None
    approved_by: str | None = None  # "number" (a tap) or "code" (the code asked for in the chat, typed)
    code_sent: bool = False  # the person asked for a code to type instead: the page should show a code box

    def message_key(self) -> str:
        """The chat outbox's name for the question, so that its outcome can replace it."""
        return f"approval:{self.login_id}"
