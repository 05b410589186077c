"""The things twofa-assistant keeps: contracts, users, their 2FA setting, chat links and audit events.

Plain dataclasses, no I/O. Storage maps its rows to and from these; every timestamp is timezone-aware UTC.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Role(enum.StrEnum):
    MEMBER = "member"
    ACCOUNT_MANAGER = "account_manager"


class Method(enum.StrEnum):
    """How a user receives codes. Exactly one at a time, or none."""

    NONE = "none"
    SMS = "sms"
    EMAIL = "email"
    APP = "app"  # an authenticator app (TOTP): nothing is sent, the app shows the code
    TELEGRAM = "telegram"  # sign-ins approved in the linked Telegram chat (number matching)


class Channel(enum.StrEnum):
    """Where a one-time code comes from: sent by SMS or email (a user's registered email is always an
    email channel), shown by the user's authenticator app (nothing travels), or the linked Telegram
    chat itself (a tap there approves; a code is shown there only when the person asks for one)."""

    SMS = "sms"
    EMAIL = "email"
    APP = "app"
    TELEGRAM = "telegram"


@dataclass(frozen=True)
class AppSecret:
    """A user's authenticator-app (TOTP) secret, sealed (`SecretBox`): the server needs it back to check
    codes, so it is encrypted, never hashed. `active` once confirmed with a code; until then the method
    in force stays. `last_step`: the last TOTP time step accepted (each is accepted once)."""

    id: int | None
    user_id: int
    sealed: str
    created_at: datetime
    active: bool = False
    last_step: int = -1


@dataclass(frozen=True)
class Contract:
    id: int | None
    name: str


@dataclass(frozen=True)
class User:
    id: int | None
    contract_id: int
    name: str
    email: str  # the registered email: notices of every 2FA change go here
    role: Role = Role.MEMBER
    language: str | None = None  # the language of their emails and notices (their chat's, once linked)

    @property
    def is_manager(self) -> bool:
        return self.role is Role.ACCOUNT_MANAGER

    @property
    def key(self) -> int:
        """The id of a stored user (one read back from a repository always has it)."""
        if self.id is None:
            raise ValueError("user has not been stored yet")
        return self.id


@dataclass(frozen=True)
class TwoFactorSetting:
    """A user's 2FA setting; `destination` is set only once it has been verified with a code."""

    user_id: int
    method: Method = Method.NONE
    destination: str | None = None
    verified_at: datetime | None = None

    @property
    def enabled(self) -> bool:
        return self.method is not Method.NONE

    @property
    def channel(self) -> Channel | None:
        return None if self.method is Method.NONE else Channel(self.method.value)


@dataclass(frozen=True)
class ChatLink:
    """A chat (Telegram chat id, or a terminal session) acting for one account."""

    chat_id: str
    user_id: int
    linked_at: datetime


@dataclass(frozen=True)
class LinkToken:
    """A one-time deep-link token; only its HMAC (`token_hash`) is stored."""

    token_hash: str
    user_id: int
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


@dataclass(frozen=True)
class Lockout:
    """Consecutive wrong codes of one user across challenges, and until when new codes are refused.

    `source` "" is the owner's own lockout; a stranger source (a chat, a client IP) has one of its own
    (`domain.sources`), so its guesses never lock the owner out.
    """

    user_id: int
    consecutive_failures: int = 0
    locked_until: datetime | None = None
    source: str = ""

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until


class AuditKind(enum.StrEnum):
    CODE_SENT = "code_sent"
    CODE_RESENT = "code_resent"
    CODE_DELIVERY_FAILED = "code_delivery_failed"
    CODE_DELIVERED_VIA = "code_delivered_via"  # an SMS-method code went another way (Telegram's gateway)
    CODE_REFUSED = "code_refused"
    CODE_VERIFIED = "code_verified"
    CODE_FAILED = "code_failed"
    CHALLENGE_KILLED = "challenge_killed"
    USER_LOCKED = "user_locked"
    SOURCE_LOCKED = "source_locked"  # a stranger source (chat, client IP) typed too many wrong codes
    OWNER_WARNED = "owner_warned"  # the owner was emailed about repeated attempts on their account
    CHAT_LINKED = "chat_linked"
    CHAT_MOVED = "chat_moved"
    CHAT_UNLINKED = "chat_unlinked"
    LINK_TOKEN_CREATED = "link_token_created"
    LINK_TOKEN_REFUSED = "link_token_refused"
    LOGIN_STARTED = "login_started"
    LOGIN_REMEMBERED = "login_remembered"
    LOGIN_VERIFIED = "login_verified"
    LOGIN_DENIED_BY_USER = "login_denied_by_user"
    LOGIN_CODES_BLOCKED = "login_codes_blocked"
    CODES_TOO_OFTEN_TOLD = "codes_too_often_told"
    DEVICE_REMEMBERED = "device_remembered"
    DEVICE_FORGOTTEN = "device_forgotten"
    DEVICES_FORGOTTEN = "devices_forgotten"
    API_UNAUTHORIZED = "api_unauthorized"
    API_FORBIDDEN = "api_forbidden"  # a valid API key outside its scope (route or contract)
    API_KEY_ADDED = "api_key_added"
    API_KEY_REVOKED = "api_key_revoked"
    MANAGER_ACTION_REQUESTED = "manager_action_requested"  # asked through the API; waits for the code
    MANAGER_ACTION_CONFIRMED = "manager_action_confirmed"  # the manager's code was right; it ran
    TWOFA_TESTED = "twofa_tested"
    MANAGER_DISABLED = (
        "manager_disabled"  # a manager action (one per action; each user also gets TWOFA_DISABLED)
    )
    MANAGER_REFUSED = "manager_refused"  # an action outside the contracts the actor manages
    REQUEST_CREATED = "request_created"
    REQUEST_APPROVED = "request_approved"
    REQUEST_DECLINED = "request_declined"
    SUPPORT_TICKET = "support_ticket"
    TWOFA_ENABLED = "twofa_enabled"
    TWOFA_CHANGED = "twofa_changed"
    TWOFA_DISABLED = "twofa_disabled"
    RECOVERY_CODES_ISSUED = "recovery_codes_issued"  # a new set of recovery codes (any older set is void)
    RECOVERY_CODES_DISCARDED = "recovery_codes_discarded"
    RECOVERY_CODE_USED = "recovery_code_used"
    RECOVERY_CODE_FAILED = "recovery_code_failed"  # counted like a wrong code
    CONTRACT_ADDED = "contract_added"
    USER_ADDED = "user_added"
    # an operator put failed notices back in the queue (`twofa outbox retry`)
    OUTBOX_RETRIED = "outbox_retried"


@dataclass(frozen=True)
class AuditEvent:
    """A security event. `detail` never holds a code, a token or a full phone number."""

    at: datetime
    kind: AuditKind
    user_id: int | None = None
    chat_id: str | None = None
    actor: str = "system"
    detail: dict[str, Any] = field(default_factory=dict)
    id: int | None = None


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str


@dataclass(frozen=True)
class OutgoingSms:
    to: str  # E.164
    body: str
    code: str | None = None  # the code in `body`, for a gateway that takes it apart (Telegram's)


@dataclass(frozen=True)
class Device:
    """A remembered browser: its token is shown once and stored only as an HMAC (`token_hash`)."""

    id: int | None
    user_id: int
    token_hash: str
    created_at: datetime
    expires_at: datetime  # 30 days from issue, never extended by use
    user_agent: str = ""
    ip: str = ""
    last_used_at: datetime | None = None


class LoginOutcome(enum.StrEnum):
    NOT_ENABLED = "not_enabled"  # no 2FA (or no such account: answered the same way)
    REMEMBERED = "remembered"  # a valid remembered-device token
    REQUIRED = "required"  # a login code was sent
    REFUSED = "refused"  # no code could be sent (locked, rate limited, undelivered)


@dataclass(frozen=True)
class LoginAttempt:
    """One call of the login page after a password check, for a known account."""

    id: str  # the public login id
    user_id: int
    created_at: datetime
    outcome: LoginOutcome
    browser_key: str = ""  # a hash of the user agent: "the same browser", without storing it twice
    user_agent: str = ""
    ip: str = ""
    challenge_id: str | None = None
    verified_at: datetime | None = None


class ChatMessageStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


@dataclass(frozen=True)
class ChatMessage:
    """A message the assistant starts (not a reply), queued durably and sent by the chat's front-end."""

    id: int | None
    chat_id: str
    text: str
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()  # rows of (label, callback data)
    created_at: datetime | None = None
    status: ChatMessageStatus = ChatMessageStatus.PENDING
    attempts: int = 0
    sent_at: datetime | None = None
    next_attempt_at: datetime | None = None  # None: due now; later while a sender holds it (its lease)
    key: str | None = None  # a name for the message in its chat, so that a later one can replace it
    edits: str | None = None  # the key of an earlier message this one replaces (its text, no buttons)
    ref: str | None = None  # the front-end's reference once sent; for an edit, that of the one replaced


class RequestStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    EXPIRED = "expired"


@dataclass(frozen=True)
class DisableRequest:
    """A user's request that their account manager turn 2FA off (for them, another user, or everyone)."""

    id: int | None
    contract_id: int
    requester_id: int
    target_user_id: int | None  # None: every user of the contract
    reason: str
    verified: bool  # the requester proved their identity with a code to their registered email
    created_at: datetime
    expires_at: datetime
    status: RequestStatus = RequestStatus.PENDING
    decided_at: datetime | None = None
    decided_by: int | None = None

    def open_at(self, now: datetime) -> bool:
        return self.status is RequestStatus.PENDING and now < self.expires_at


@dataclass(frozen=True)
class SupportTicket:
    """A numbered request for a human, with the context support needs (never a code or a token)."""

    id: int | None
    chat_id: str
    user_id: int | None
    description: str
    context: str  # account, contract, 2FA method, recent delivery failures and lockouts, as text
    created_at: datetime
