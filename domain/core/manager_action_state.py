"""A manager action asked for through the HTTP API, waiting for the manager's own code before it runs."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class ActionStatus(enum.StrEnum):
    PENDING = "pending_confirmation"
    DONE = "done"
    EXPIRED = "expired"
    KILLED = "too_many_attempts"  # the code's challenge died of wrong codes


@dataclass(frozen=True)
class ManagerAction:
    """Turn 2FA off for one user of a contract (or all of them), once the manager confirms with a code.

    `id` is public and random (it is all the confirming call names); `challenge_id` is the code sent to the
    manager's own 2FA destination; `key_name` the API key that asked.
    """

    id: str
    contract_id: int
    manager_id: int
    target_user_id: int | None  # None: every user of the contract
    reason: str
    key_name: str
    challenge_id: str
    created_at: datetime
    expires_at: datetime
    status: ActionStatus = ActionStatus.PENDING
    decided_at: datetime | None = None

    def open_at(self, now: datetime) -> bool:
        return self.status is ActionStatus.PENDING and now < self.expires_at
