"""A stored recovery code: what the database keeps of one code of a user's set (never the code itself)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class StoredRecoveryCode:
    """`lookup` is a short keyed digest that finds the row to check, `hash` the salted slow hash that
    decides (`domain.recovery`); `used_at` is set once, by the use that spent the code."""

    id: int | None
    user_id: int
    lookup: str
    hash: str
    created_at: datetime
    used_at: datetime | None = None
