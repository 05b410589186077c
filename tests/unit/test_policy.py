"""The one-time-code policy at its boundaries, with a fake clock."""

from __future__ import annotations

from datetime import timedelta

from domain.core.challenge import Challenge, ChallengeStatus, Purpose, VerifyOutcome
from domain.core.model import Channel, Lockout
from domain.core.otp import code_for
from domain.core.policy import OtpPolicy, Refusal, lockout_after_failure, lockout_after_success, send_allowed
from tests.support.fakes import EPOCH

POLICY = OtpPolicy()
KEY = b"server-key"


def a_challenge(**changes: object) -> Challenge:
    fields: dict[str, object] = {
        "id": "challenge-1",
        "user_id": 1,
        "purpose": Purpose.LINK,
        "channel": Channel.EMAIL,
        "destination": "a@example.com",
        "created_at": EPOCH,
        "expires_at": EPOCH + POLICY.lifetime,
        "last_sent_at": EPOCH,
    }
    fields.update(changes)
    return Challenge(**fields)  # type: ignore[arg-type]


def wrong_code(right: str) -> str:
    return f"{(int(right) + 1) % 1_000_000:06d}"


def test_a_code_is_accepted_just_before_expiry_and_refused_at_exactly_expiry() -> None:
    challenge = a_challenge()
    code = code_for(KEY, challenge.id)
    just_before = EPOCH + POLICY.lifetime - timedelta(microseconds=1)
    assert challenge.check(POLICY, code, code, just_before)[1].outcome is VerifyOutcome.VERIFIED
    assert challenge.check(POLICY, code, code, EPOCH + POLICY.lifetime)[1].outcome is VerifyOutcome.EXPIRED


def test_a_code_works_once() -> None:
    challenge = a_challenge()
    code = code_for(KEY, challenge.id)
    used, result = challenge.check(POLICY, code, code, EPOCH)
    assert result.outcome is VerifyOutcome.VERIFIED
    assert used.check(POLICY, code, code, EPOCH)[1].outcome is VerifyOutcome.NOT_PENDING


def test_the_fourth_wrong_try_leaves_one_and_the_fifth_kills_the_challenge() -> None:
    challenge = a_challenge()
    code = code_for(KEY, challenge.id)
    lefts = []
    for _ in range(4):
        challenge, result = challenge.check(POLICY, code, wrong_code(code), EPOCH)
        assert result.outcome is VerifyOutcome.WRONG and result.counted
        lefts.append(result.attempts_left)
    assert lefts == [4, 3, 2, 1]
    challenge, fifth = challenge.check(POLICY, code, wrong_code(code), EPOCH)
    assert fifth.outcome is VerifyOutcome.TOO_MANY_ATTEMPTS and fifth.counted
    assert challenge.status is ChallengeStatus.KILLED
    challenge, sixth = challenge.check(POLICY, code, code, EPOCH)  # even the right code is now refused
    assert sixth.outcome is VerifyOutcome.TOO_MANY_ATTEMPTS and not sixth.counted
    assert challenge.attempts == 5


def test_something_that_is_not_a_code_is_not_a_failed_attempt() -> None:
    challenge = a_challenge()
    code = code_for(KEY, challenge.id)
    for typed in ["hello", "12345", "1234567", "what code?"]:
        challenge, result = challenge.check(POLICY, code, typed, EPOCH)
        assert result.outcome is VerifyOutcome.NOT_A_CODE and not result.counted
    assert challenge.attempts == 0


def test_a_typed_code_with_spaces_or_full_width_digits_is_accepted() -> None:
    challenge = a_challenge()
    code = code_for(KEY, challenge.id)
    spaced = f"{code[:3]} {code[3:]}"
    full_width = "".join(chr(ord("０") + int(d)) for d in code)
    assert challenge.check(POLICY, code, spaced, EPOCH)[1].outcome is VerifyOutcome.VERIFIED
    assert challenge.check(POLICY, code, full_width, EPOCH)[1].outcome is VerifyOutcome.VERIFIED


def test_resend_is_refused_until_exactly_the_end_of_the_cooldown() -> None:
    challenge = a_challenge()
    early = challenge.resend_allowed(POLICY, EPOCH + POLICY.resend_cooldown - timedelta(microseconds=1))
    assert early.reason is Refusal.COOLDOWN and early.retry_at == EPOCH + POLICY.resend_cooldown
    assert challenge.resend_allowed(POLICY, EPOCH + POLICY.resend_cooldown).allowed


def test_resend_keeps_the_expiry_and_is_refused_once_expired() -> None:
    resent = a_challenge().resent(EPOCH + timedelta(seconds=61))
    assert resent.expires_at == EPOCH + POLICY.lifetime and resent.sends == 2
    assert resent.resend_allowed(POLICY, EPOCH + POLICY.lifetime).reason is Refusal.EXPIRED


def test_the_sixth_send_to_a_destination_in_ten_minutes_is_refused_until_the_first_leaves_the_window() -> (
    None
):
    sends = [EPOCH + timedelta(minutes=m) for m in range(5)]
    now = EPOCH + timedelta(minutes=5)
    decision = send_allowed(POLICY, Lockout(1), [], sends, now)
    assert decision.reason is Refusal.DESTINATION_RATE
    assert decision.retry_at == EPOCH + timedelta(minutes=10)
    assert send_allowed(POLICY, Lockout(1), [], sends[:4], now).allowed
    assert send_allowed(POLICY, Lockout(1), [], sends, EPOCH + timedelta(minutes=10)).allowed


def test_the_eleventh_send_to_a_user_in_an_hour_is_refused() -> None:
    sends = [EPOCH + timedelta(minutes=5 * m) for m in range(10)]
    now = EPOCH + timedelta(minutes=50)
    decision = send_allowed(POLICY, Lockout(1), sends, [], now)
    assert decision.reason is Refusal.USER_RATE and decision.retry_at == EPOCH + timedelta(hours=1)
    assert send_allowed(POLICY, Lockout(1), sends[1:], [], now).allowed


def test_ten_consecutive_failures_lock_with_growing_waits_capped_at_fifteen_minutes() -> None:
    lockout = Lockout(1)
    for _ in range(9):
        lockout = lockout_after_failure(POLICY, lockout, EPOCH)
    assert lockout.locked_until is None
    waits = []
    for _ in range(7):
        lockout = lockout_after_failure(POLICY, lockout, EPOCH)
        assert lockout.locked_until is not None
        waits.append(int((lockout.locked_until - EPOCH).total_seconds()))
    assert waits == [60, 120, 240, 480, 900, 900, 900]


def test_a_locked_user_gets_no_new_codes_until_the_lock_ends() -> None:
    locked = Lockout(1, consecutive_failures=10, locked_until=EPOCH + timedelta(minutes=1))
    decision = send_allowed(POLICY, locked, [], [], EPOCH)
    assert decision.reason is Refusal.LOCKED and decision.retry_at == EPOCH + timedelta(minutes=1)
    assert send_allowed(POLICY, locked, [], [], EPOCH + timedelta(minutes=1)).allowed


def test_a_right_code_clears_the_failure_count() -> None:
    locked = Lockout(1, consecutive_failures=12, locked_until=EPOCH)
    assert lockout_after_success(locked) == Lockout(1)
