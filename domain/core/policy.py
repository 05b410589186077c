"""One-time-code policy: lifetime, attempts, resend cooldown, send limits and lockout.

Every "is this allowed?" answers with a `Decision` carrying an enum reason and the time it may be retried,
so each front-end words its own message. The defaults are written here once; settings override them.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain.core.model import Lockout


@dataclass(frozen=True)
class OtpPolicy:
    """Numbers of the code policy (anchors: Auth0 300 s and 10/h, Twilio Verify 5 checks, django-otp 60 s)."""

    digits: int = 6
    lifetime: timedelta = timedelta(minutes=5)
    max_attempts: int = 5
    resend_cooldown: timedelta = timedelta(seconds=60)
    max_sends_per_destination: int = 5
    destination_window: timedelta = timedelta(minutes=10)
    max_sends_per_user: int = 10
    user_window: timedelta = timedelta(hours=1)
    lockout_threshold: int = 10
    lockout_base: timedelta = timedelta(seconds=60)
    lockout_max: timedelta = timedelta(minutes=15)
    link_token_lifetime: timedelta = timedelta(minutes=15)
    # What strangers trigger (domain.sources): link codes per asking chat and per account, sign-in codes
    # per account across every client IP.
    link_sends_per_chat: int = 5
    link_sends_per_account: int = 8
    link_window: timedelta = timedelta(hours=1)
    login_sends_per_user: int = 30


class Refusal(enum.StrEnum):
    LOCKED = "locked"
    USER_RATE = "user_rate"
    DESTINATION_RATE = "destination_rate"
    COOLDOWN = "cooldown"
    EXPIRED = "expired"
    NOT_PENDING = "not_pending"
    NOTHING_TO_SEND = "nothing_to_send"  # the person's authenticator app shows the code: no resend


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: Refusal | None = None
    retry_at: datetime | None = None


ALLOWED = Decision(True)


def window_refusal(
    sends: Sequence[datetime], limit: int, window: timedelta, now: datetime, reason: Refusal
) -> Decision | None:
    recent = sorted(at for at in sends if at > now - window)
    if len(recent) < limit:
        return None
    # The oldest send that keeps the count at the limit must leave the window first.
    return Decision(False, reason, recent[len(recent) - limit] + window)


def send_allowed(
    policy: OtpPolicy,
    lockout: Lockout,
    user_sends: Sequence[datetime],
    destination_sends: Sequence[datetime],
    now: datetime,
) -> Decision:
    """May a code be sent now? Checks the lockout, then the per-user and per-destination limits."""
    if lockout.locked_until is not None and now < lockout.locked_until:
        return Decision(False, Refusal.LOCKED, lockout.locked_until)
    return (
        window_refusal(user_sends, policy.max_sends_per_user, policy.user_window, now, Refusal.USER_RATE)
        or window_refusal(
            destination_sends,
            policy.max_sends_per_destination,
            policy.destination_window,
            now,
            Refusal.DESTINATION_RATE,
        )
        or ALLOWED
    )


def lockout_after_failure(policy: OtpPolicy, lockout: Lockout, now: datetime) -> Lockout:
    """Count one more wrong code; from the threshold on, lock with doubling waits up to the cap."""
    failures = lockout.consecutive_failures + 1
    if failures < policy.lockout_threshold:
        return replace(lockout, consecutive_failures=failures)
    wait = min(policy.lockout_max, policy.lockout_base * 2 ** (failures - policy.lockout_threshold))
    return replace(lockout, consecutive_failures=failures, locked_until=now + wait)


def lockout_after_success(lockout: Lockout) -> Lockout:
    return replace(lockout, consecutive_failures=0, locked_until=None)
