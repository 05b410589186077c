"""What a login call of `domain.logins` ends in: a status, and what the HTTP answer says with it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from domain.core.model import Channel
from domain.core.policy import Decision, Refusal
from domain.core.ports import DeliveryProblem, DeliveryRoute
from domain.signin.devices import IssuedDevice


class LoginStatus(enum.StrEnum):
    NOT_ENABLED = "not_enabled"
    REMEMBERED = "remembered"
    REQUIRED = "required"
    VERIFIED = "verified"
    SENT = "sent"
    INVALID_CODE = "invalid_code"
    EXPIRED = "expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    LOCKED = "locked"
    RATE_LIMITED = "rate_limited"
    COOLDOWN = "cooldown"
    UNDELIVERED = "undelivered"
    UNKNOWN_LOGIN = "unknown_login"
    ALREADY_USED = "already_used"
    NOTHING_TO_SEND = "nothing_to_send"  # the user's authenticator app shows the code: no resend
    DENIED = "denied"  # refused in the linked chat (a wrong number, "This wasn't me")
    NOT_APPROVED = "not_approved"  # finishing an approval nobody has tapped yet
    PROGRESS = "progress"  # where a login stands (`LoginService.progress`): see `state`


@dataclass(frozen=True)
class LoginResult:
    """What a login call ended in; the HTTP layer maps `status` to its JSON answer."""

    status: LoginStatus
    login_id: str | None = None
    channel: Channel | None = None
    sent_to: str | None = None
    expires_at: datetime | None = None
    retry_at: datetime | None = None
    attempts_left: int | None = None
    problem: DeliveryProblem | None = None
    device: IssuedDevice | None = None
    recovery: bool = False  # REQUIRED: the user has recovery codes left, and may type one instead
    recovery_codes_left: int | None = None  # VERIFIED by a recovery code: how many remain
    number: str | None = None  # REQUIRED with Telegram approval: the number the page shows
    state: str | None = None  # PROGRESS: pending, approved, denied, expired or verified
    code_sent: bool = False  # PROGRESS: the person asked in the chat for a code to type instead
    approved_by: str | None = None  # how an approved login was approved: number, code, recovery
    delivered_via: DeliveryRoute | None = None  # REQUIRED / SENT by SMS: the way it went, when it had two


_REFUSALS = {
    Refusal.LOCKED: LoginStatus.LOCKED,
    Refusal.USER_RATE: LoginStatus.RATE_LIMITED,
    Refusal.DESTINATION_RATE: LoginStatus.RATE_LIMITED,
    Refusal.COOLDOWN: LoginStatus.COOLDOWN,
    Refusal.EXPIRED: LoginStatus.EXPIRED,
    Refusal.NOTHING_TO_SEND: LoginStatus.NOTHING_TO_SEND,
}


def refused(decision: Decision | None, login_id: str | None = None) -> LoginResult:
    if decision is None or decision.reason is None:
        return LoginResult(LoginStatus.EXPIRED, login_id)
    return LoginResult(
        _REFUSALS.get(decision.reason, LoginStatus.EXPIRED), login_id, retry_at=decision.retry_at
    )
