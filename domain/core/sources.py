"""Who asked for a one-time code, and which limits its sends and wrong guesses count against.

A code is asked for by the account's own linked chat (the owner), by the login page for a sign-in, or by a
chat that is not (yet) linked to the account, which may be anybody's. What a stranger triggers is counted
per source (a chat, a client IP, an API key) and never against the owner: a stranger who knows only an
email address cannot use up the owner's sends or lock the owner out of their own login.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from domain.core.challenge import Purpose

OWNER = ""  # the source of codes asked for in the account's own linked chat


class SendKind(enum.StrEnum):
    """Which family of limits a send belongs to."""

    OWNER = "owner"  # the linked chat's flows: enable, change, disable, test, manager actions
    LOGIN = "login"  # a sign-in through the login API, per client IP (or API key without one)
    LINK = "link"  # linking a chat: asked for by a chat that is not the account's


LINK_PURPOSES = frozenset({Purpose.LINK, Purpose.LINK_SECOND_FACTOR})
STRANGER = 0  # the user id under which a chat's own lockout is kept (it may guess at many accounts)


def chat_source(chat_id: str) -> str:
    return f"chat:{chat_id}"


def login_source(ip_key: str, api_key_name: str) -> str:
    """A sign-in's source: the client IP's key when the page passed one, else the calling API key."""
    return f"ip:{ip_key}" if ip_key else f"key:{api_key_name or 'api'}"


def kind_of(source: str) -> SendKind:
    if not source:
        return SendKind.OWNER
    return SendKind.LINK if source.startswith("chat:") else SendKind.LOGIN


def lockout_owner(user_id: int, source: str) -> int:
    """Whose lockout a wrong guess from `source` counts against: a chat's guesses are the chat's own."""
    return STRANGER if kind_of(source) is SendKind.LINK else user_id


@dataclass(frozen=True)
class CodeSend:
    """One code that went out: when, and who asked for it."""

    at: datetime
    kind: SendKind
    source: str
