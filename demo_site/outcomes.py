"""The API's refusals as the page words them, and which of them end the login (back to the password)."""

from __future__ import annotations

from datetime import timedelta

from demo_site.login_api import ApiAnswer
from demo_site.pages import moment, now
from demo_site.visits import Notice

# a login these answer cannot go on: the user signs in again (password, then a new second step)
ENDS_LOGIN = frozenset({"expired", "too_many_attempts", "already_used", "unknown_login", "denied"})

_WORDS = {
    "locked": "Too many wrong codes: sign-in codes are blocked from here until {until}.",
    "rate_limited": "Too many codes were sent. Try again at {until}.",
    "cooldown": "A code was sent moments ago. You can ask for another at {until}.",
    "expired": "This sign-in has expired. Sign in again to get a new one.",
    "too_many_attempts": "Too many wrong codes for this sign-in. Sign in again to get a new code.",
    "already_used": "This sign-in was finished already. Sign in again.",
    "unknown_login": "This sign-in is no longer known. Sign in again.",
    "denied": "The sign-in was denied in Telegram (a wrong number, or “This wasn't me”). "
    "If it was you, sign in again.",
    "not_approved": "Still waiting for you in Telegram: tap the number this page shows.",
    "nothing_to_send": "Nothing is sent for this sign-in: the code is the one your authenticator app shows.",
}


def unavailable() -> Notice:
    return Notice("The sign-in service is not answering. Try again in a moment.")


def refusal(answer: ApiAnswer, *, recovery: bool = False) -> Notice:
    """A notice for an answer that was not a success (with a countdown when the API says when to retry)."""
    error = answer.error or ""
    until = moment(answer.body.get("retry_at"))
    if until is None and answer.retry_after is not None:
        until = now() + timedelta(seconds=answer.retry_after)
    if error == "invalid_code":
        what = "recovery code" if recovery else "code"
        left = answer.body.get("attempts_left")
        tries = f" {left} {'try' if left == 1 else 'tries'} left." if isinstance(left, int) else ""
        return Notice(f"That {what} is not right.{tries}")
    if error == "undelivered":
        problem = answer.body.get("problem")
        reason = f" ({problem})" if problem else ""
        return Notice(f"Your code could not be sent{reason}. Try again in a moment.")
    if error in _WORDS:
        text = _WORDS[error].format(until=until.strftime("%H:%M:%S UTC") if until else "later")
        return Notice(text, "info" if error == "not_approved" else "error", until)
    message = answer.body.get("message") or f"HTTP {answer.status}"
    return Notice(f"The sign-in service refused: {message}")
