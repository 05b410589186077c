"""How login results become HTTP answers: every status has one, and times are UTC with a `Z`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

from api.answers import ERRORS, answer, iso_utc
from domain.signin.logins import LoginResult, LoginStatus

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
SUCCESSES = {LoginStatus.NOT_ENABLED, LoginStatus.REMEMBERED, LoginStatus.REQUIRED}
SUCCESSES |= {LoginStatus.VERIFIED, LoginStatus.SENT, LoginStatus.PROGRESS}


def test_every_login_status_has_an_answer() -> None:
    assert set(LoginStatus) == SUCCESSES | set(ERRORS)
    assert not SUCCESSES & set(ERRORS)


def test_times_are_utc_to_the_second_and_retry_times_round_up() -> None:
    paris = timezone(timedelta(hours=1))
    assert iso_utc(datetime(2026, 11, 27, 10, 5, tzinfo=paris)) == "2026-11-27T09:05:00Z"
    later = NOW + timedelta(seconds=59, microseconds=1)
    assert iso_utc(later) == "2026-11-27T09:00:59Z"
    assert iso_utc(later, round_up=True) == "2026-11-27T09:01:00Z"


def test_waiting_answers_carry_retry_at_and_retry_after() -> None:
    response = answer(LoginResult(LoginStatus.COOLDOWN, retry_at=NOW + timedelta(seconds=12.5)), NOW)
    assert response.status == 429 and response.headers["Retry-After"] == "13"
    body = json.loads(response.text or "")
    assert body["error"] == "cooldown" and body["retry_at"] == "2026-11-27T09:00:13Z"
