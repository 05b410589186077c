"""What recovery codes say: the set shown once, the status line, and the notices of a new set and of a use.

Kept apart from `domain.texts` so the recovery-code sentences live in one place; the codes themselves
appear only in `codes_shown`, the one message a person reads them from, and never in a notice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from domain.model import User

FEW_LEFT = 2  # at or below this, the status line and the notice of a use say to make a new set


def _left(remaining: int) -> str:
    if remaining == 0:
        return "You have no recovery codes left"
    return f"You have {remaining} recovery code{'' if remaining == 1 else 's'} left"


def _few_left_advice(remaining: int) -> str:
    """The warning once two or fewer remain (empty above that)."""
    if remaining > FEW_LEFT:
        return ""
    return "Two or fewer remain: make a new set in your 2FA assistant chat while you can still sign in."


def codes_shown(codes: Sequence[str]) -> str:
    """The new set, in the one message that shows it (it is not shown again)."""
    lines = "\n".join(f"{number:>2}. {code}" for number, code in enumerate(codes, start=1))
    return (
        "Your recovery codes. Each one works once, in place of a code, if you ever lose your phone or "
        f"your 2FA email:\n\n{lines}\n\nKeep them somewhere safe, such as a password manager. They are "
        "shown only this once; any earlier set no longer works."
    )


def remaining_line(remaining: int) -> str:
    """The status line's recovery-code part."""
    advice = _few_left_advice(remaining)
    return f"{_left(remaining)}." + (f" {advice}" if advice else "")


def notice_codes_replaced(user: User, at: datetime) -> tuple[str, str]:
    """Sent when a new set replaces an earlier one (turning 2FA on is told by its own notice)."""
    return (
        "New recovery codes were made for your account",
        f"Hello {user.name},\n\nOn {at:%Y-%m-%d at %H:%M UTC} a new set of recovery codes was made for your "
        "account. The codes you had before no longer work.\n\nIf this was not you, contact support straight "
        "away and change your password.",
    )


def notice_code_used(user: User, at: datetime, remaining: int, at_sign_in: bool) -> tuple[str, str]:
    """Sent at every use of a recovery code, saying how many remain (and to renew them when few do)."""
    where = "to sign in" if at_sign_in else "in your 2FA assistant chat"
    advice = _few_left_advice(remaining)
    return (
        "A recovery code was used on your account",
        f"Hello {user.name},\n\nOn {at:%Y-%m-%d at %H:%M UTC} one of your recovery codes was used {where}. "
        f"That code no longer works. {_left(remaining)}.\n\n"
        + (f"{advice}\n\n" if advice else "")
        + "If this was not you, contact support straight away, change your password, and ask your "
        "account manager to check your account.",
    )
