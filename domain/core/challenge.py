"""A one-time-code challenge and its lifecycle: pending until verified, killed, cancelled or undelivered."""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime

from domain.core.destinations import is_masked, mask
from domain.core.errors import InvalidTransition
from domain.core.model import Channel
from domain.core.otp import codes_match, normalise_typed_code
from domain.core.policy import ALLOWED, Decision, OtpPolicy, Refusal


class Purpose(enum.StrEnum):
    """What a code proves; the code message says it in words."""

    LINK = "link"  # owns the registered email, to link a chat
    LINK_SECOND_FACTOR = "link_2fa"  # owns the 2FA destination, to link a chat of a protected account
    ENABLE = "enable"
    CHANGE_OLD = "change_old"
    CHANGE_NEW = "change_new"
    DISABLE = "disable"
    LOGIN = "login"
    TEST = "test"
    MANAGER_ACTION = "manager_action"  # a manager confirms turning 2FA off for others
    IDENTITY = "identity"  # a requester proves they own their registered email
    RECOVERY_CODES = "recovery_codes"  # owns the 2FA destination, to make a new set of recovery codes


class ChallengeStatus(enum.StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    KILLED = "killed"  # too many wrong codes
    CANCELLED = "cancelled"
    UNDELIVERED = "undelivered"  # the code never reached the user; not counted against them


_TRANSITIONS: dict[ChallengeStatus, frozenset[ChallengeStatus]] = {
    ChallengeStatus.PENDING: frozenset(
        {
            ChallengeStatus.VERIFIED,
            ChallengeStatus.KILLED,
            ChallengeStatus.CANCELLED,
            ChallengeStatus.UNDELIVERED,
        }
    ),
    ChallengeStatus.VERIFIED: frozenset(),
    ChallengeStatus.KILLED: frozenset(),
    ChallengeStatus.CANCELLED: frozenset(),
    ChallengeStatus.UNDELIVERED: frozenset(),
}


class VerifyOutcome(enum.StrEnum):
    VERIFIED = "verified"
    WRONG = "wrong"
    NOT_A_CODE = "not_a_code"  # a reminder, not a failed attempt
    EXPIRED = "expired"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    NOT_PENDING = "not_pending"
    LOCKED = "locked"  # the user (or the source typing) is locked: the code is not even checked


@dataclass(frozen=True)
class VerifyResult:
    outcome: VerifyOutcome
    attempts_left: int = 0
    counted: bool = False  # this try was a wrong code (also the one that killed the challenge)
    retry_at: datetime | None = None  # LOCKED: until when


@dataclass(frozen=True)
class Challenge:
    id: str
    user_id: int
    purpose: Purpose
    channel: Channel
    destination: str
    created_at: datetime
    expires_at: datetime
    last_sent_at: datetime
    sends: int = 1
    attempts: int = 0
    status: ChallengeStatus = ChallengeStatus.PENDING
    chat_id: str | None = None
    source: str = ""  # who asked for it (domain.sources): "" the account's own linked chat
    # A send recorded and not yet known to have gone out: until then, and if the process dies, any worker
    # sends it once this time has passed (CodeService.deliver_due); None once the gateway answered.
    delivery_due_at: datetime | None = None

    def moved_to(self, status: ChallengeStatus) -> Challenge:
        """The same challenge in a new status, holding only its masked destination once it leaves pending
        (no code will go there again); refused transitions raise `InvalidTransition`."""
        if status not in _TRANSITIONS[self.status]:
            raise InvalidTransition(f"challenge {self.status} -> {status}")
        moved = replace(self, status=status)
        return moved if status is ChallengeStatus.PENDING else moved.scrubbed()

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at

    @property
    def destination_in_clear(self) -> bool:
        """Whether `destination` is still the full number or address (not yet scrubbed to its mask)."""
        return not is_masked(self.destination)

    def scrubbed(self) -> Challenge:
        """The same challenge holding only the masked destination: kept once it is of no more use."""
        if not self.destination_in_clear:
            return self
        return replace(self, destination=mask(self.channel, self.destination))

    def resend_allowed(self, policy: OtpPolicy, now: datetime) -> Decision:
        """The same code may go out again after the cooldown, while the challenge lives (expiry is kept)."""
        if self.status is not ChallengeStatus.PENDING:
            return Decision(False, Refusal.NOT_PENDING)
        if self.is_expired(now):
            return Decision(False, Refusal.EXPIRED)
        ready_at = self.last_sent_at + policy.resend_cooldown
        if now < ready_at:
            return Decision(False, Refusal.COOLDOWN, ready_at)
        return ALLOWED

    def resent(self, now: datetime) -> Challenge:
        return replace(self, sends=self.sends + 1, last_sent_at=now)

    def awaiting_delivery(self, due_at: datetime) -> Challenge:
        return replace(self, delivery_due_at=due_at)

    def check(
        self, policy: OtpPolicy, expected: str, typed: str, now: datetime
    ) -> tuple[Challenge, VerifyResult]:
        """Check a typed code. Wrong codes count; the `max_attempts`-th wrong one kills the challenge."""
        early = self.unchecked(policy, typed, now)
        if early is not None:
            return self, early
        return self.judged(policy, codes_match(expected, normalise_typed_code(typed) or ""))

    def unchecked(self, policy: OtpPolicy, typed: str, now: datetime) -> VerifyResult | None:
        """Why `typed` is not even compared (the challenge is over, or it is not a code), or None."""
        if self.status is ChallengeStatus.KILLED:
            return VerifyResult(VerifyOutcome.TOO_MANY_ATTEMPTS)
        if self.status is not ChallengeStatus.PENDING:
            return VerifyResult(VerifyOutcome.NOT_PENDING)
        if self.is_expired(now):
            return VerifyResult(VerifyOutcome.EXPIRED)
        digits = normalise_typed_code(typed)
        if digits is None or len(digits) != policy.digits:
            return VerifyResult(VerifyOutcome.NOT_A_CODE, policy.max_attempts - self.attempts)
        return None

    def judged(self, policy: OtpPolicy, matched: bool) -> tuple[Challenge, VerifyResult]:
        """The challenge after a compared code: verified, or one wrong try more (killed at the last)."""
        if matched:
            return self.moved_to(ChallengeStatus.VERIFIED), VerifyResult(VerifyOutcome.VERIFIED)
        counted = replace(self, attempts=self.attempts + 1)
        left = policy.max_attempts - counted.attempts
        if left <= 0:
            return counted.moved_to(ChallengeStatus.KILLED), VerifyResult(
                VerifyOutcome.TOO_MANY_ATTEMPTS, 0, True
            )
        return counted, VerifyResult(VerifyOutcome.WRONG, left, True)
