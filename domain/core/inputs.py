"""The one boundary every outside value passes before a step or a query sees it (no I/O).

Two policies, one set of rules about what text may hold:

- **chat** (`clean_text`, `clean_incoming`): what a person typed or a button carried is *cleaned*, never
  refused, so an odd message still gets a polite answer: NUL and the other control characters are
  dropped (except `\\n` and `\\t`; `\\r\\n` and `\\r` become `\\n`), a lone surrogate (only a forged
  update's `\\ud800` escape can carry one) becomes U+FFFD, the text is NFC-normalised and cut at
  Telegram's 4,096 characters (callback data at 64).
- **API and command line** (`checked_text`): a field holding any of those is *refused* with a reason
  naming the field, since the caller should fix its bug rather than have an address silently altered.

PostgreSQL text cannot hold NUL and neither database takes a lone surrogate, so after this boundary both
give the same answer. Ids typed or carried by a button are read with `parse_id`: ASCII digits only, in
the range of a 32-bit integer column; anything else names no record.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from domain.core.errors import DomainError
from domain.core.replies import Incoming

MAX_ID = 2**31 - 1  # ids are 32-bit integer columns on PostgreSQL
CHAT_TEXT_LIMIT = 4096  # Telegram's longest message
BUTTON_LIMIT = 64  # Telegram's callback_data limit (bytes; characters here, which is never less)
JSON_DEPTH_LIMIT = 32  # a login body is flat; far below the parser's recursion limit

_KEPT_CONTROLS = "\n\t"
LINE_ENDS = "\t\n\r"  # whitespace controls an API field may carry (its reader strips or keeps them)
_TOKEN_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


class InvalidInput(DomainError):
    """A value refused at the boundary; `field` names it and the message says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field} {reason}")
        self.field = field
        self.reason = reason


def _is_control(character: str) -> bool:
    """C0 controls, DEL and C1 controls (Unicode category Cc)."""
    code = ord(character)
    return code < 0x20 or 0x7F <= code <= 0x9F


def _is_surrogate(character: str) -> bool:
    return 0xD800 <= ord(character) <= 0xDFFF


def problem(value: str, *, kept: str = "") -> str | None:
    """Why `value` cannot be stored as it is (NUL, a lone surrogate, a control character other than those
    in `kept`), or None."""
    for character in value:
        if character == "\x00":
            return "must not contain a NUL character"
        if _is_surrogate(character):
            return "must be valid Unicode (it holds a lone surrogate)"
        if _is_control(character) and character not in kept:
            return f"must not contain the control character U+{ord(character):04X}"
    return None


def checked_text(value: str, field: str, limit: int, *, kept: str = "") -> str:
    """`value` unchanged when it holds nothing `problem` refuses and at most `limit` characters; else
    `InvalidInput` naming `field`."""
    reason = problem(value, kept=kept)
    if reason is not None:
        raise InvalidInput(field, reason)
    if len(value) > limit:
        raise InvalidInput(field, f"must be at most {limit} characters")
    return value


def clean_text(value: str, limit: int = CHAT_TEXT_LIMIT) -> str:
    """What may pass of `value`: controls but `\\n`/`\\t` dropped (`\\r` read as a line end), lone
    surrogates replaced by U+FFFD, NFC-normalised, at most `limit` characters. Never raises."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = (
        "\ufffd" if _is_surrogate(c) else c for c in value if not (_is_control(c) and c not in _KEPT_CONTROLS)
    )
    return unicodedata.normalize("NFC", "".join(kept))[:limit]


def clean_line(value: str, limit: int) -> str:
    """`clean_text` for a one-line value (a user agent, an IP): tabs and line ends become spaces."""
    return clean_text(value.replace("\t", " ").replace("\r", " ").replace("\n", " "), limit)


def clean_incoming(incoming: Incoming) -> Incoming:
    """The message as the steps may read it: its text and button data cleaned (a forged button is just
    text). The only place chat input enters the domain, so every step and every stored field is safe."""
    text = None if incoming.text is None else clean_text(incoming.text, CHAT_TEXT_LIMIT)
    button = None if incoming.button is None else clean_line(incoming.button, BUTTON_LIMIT)
    if text == incoming.text and button == incoming.button:
        return incoming
    return replace(incoming, text=text, button=button)


def parse_id(text: str, maximum: int = MAX_ID) -> int | None:
    """The record id `text` names: ASCII digits only (no sign, no spaces, no `²`), 0 to `maximum`;
    None for anything else, which names no record."""
    if not text or not text.isascii() or not text.isdigit():
        return None
    significant = text.lstrip("0")
    if len(significant) > len(str(maximum)):  # also keeps int() off a 5,000-digit string
        return None
    number = int(significant or "0")
    return number if number <= maximum else None


def is_token(text: str, limit: int = 128) -> bool:
    """Whether `text` can be one of our URL-safe tokens (`A-Za-z0-9_-`, 1 to `limit` characters)."""
    return 0 < len(text) <= limit and all(c in _TOKEN_CHARACTERS for c in text)


def json_depth(value: Any, limit: int = JSON_DEPTH_LIMIT) -> int:
    """How deeply `value` (parsed JSON) nests arrays and objects, counted up to `limit + 1` at most, so
    the walk stops early on a deep value. Iterative: never a RecursionError."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children: Iterable[Any]
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest


def parse_json(raw: bytes | str, depth_limit: int = JSON_DEPTH_LIMIT) -> Any:
    """`raw` parsed, or `ValueError` saying why not: not JSON, not UTF-8/16/32, or nested more than
    `depth_limit` levels (thousands of levels make the parser itself give up with a RecursionError)."""
    too_deep = f"it is nested more than {depth_limit} levels deep"
    try:
        value = json.loads(raw)
    except RecursionError:
        raise ValueError(too_deep) from None
    if json_depth(value, depth_limit) > depth_limit:
        raise ValueError(too_deep)
    return value
