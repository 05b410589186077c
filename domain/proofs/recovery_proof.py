"""A recovery code standing in for the code to the current method, as the change flow's proof.

A change of method is opened by a verified code to the current destination (`proof` in the conversation's
data names that challenge). Someone who lost that phone or address opens it with a recovery code instead
(`domain.recovery_chat`): the proof then says when the code was used, and holds as long as a challenge's
would. Only the server writes a conversation's data, so the proof cannot be typed in; and the recovery
code it stands for was spent (one conditional UPDATE) in the step that wrote it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

PREFIX = "recovery:"  # a challenge id never starts so (ids are URL-safe tokens without a colon)


def recovery_proof(used_at: datetime) -> str:
    return f"{PREFIX}{used_at.isoformat()}"


def is_recovery_proof(proof: str) -> bool:
    return proof.startswith(PREFIX)


def recovery_proof_holds(proof: str, now: datetime, lifetime: timedelta) -> bool:
    """Whether `proof` is a recovery code's, used less than `lifetime` ago."""
    if not is_recovery_proof(proof):
        return False
    try:
        used_at = datetime.fromisoformat(proof[len(PREFIX) :])
    except ValueError:
        return False
    return used_at <= now < used_at + lifetime
