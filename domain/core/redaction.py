"""Removing secrets from free text: codes (also typed as "123 456"), tokens, full phone numbers, recovery
codes and an authenticator app's key.

Used on every log line and on what a user writes to support, which could quote a live code. At DEBUG,
python-telegram-bot logs every message it sends and receives (a set of recovery codes, an app's setup key,
a code typed back), as the `repr` of a dict: a line break there is the two characters `\\n`.

A recovery code is 8 symbols of Crockford's base 32 (`domain.recovery`), with or without its dash. With
the dash (`dazf-kppn`, as codes are shown and mostly typed back) and only the symbols codes are shown
with (no I, L, O), it is always taken for a code: few words are such four letters, a dash and four more
("back-yard" is hidden too, "well-made" is not). Without it, an 8-letter word
has the same shape, so it is taken for a code only when it has a digit or is written in capitals: a code
typed back in lower case, without its dash and with no digit in it (one code in twenty has none) is missed,
and a capitalised 8-letter word is hidden.
"""

from __future__ import annotations

import re

_PATTERNS = [
    (re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}"), "<bot-token>"),  # Telegram bot tokens
    (re.compile(r"\+\d[\d\s().-]{6,18}\d"), "<phone>"),
    (re.compile(r"(?<![\w.-])\d(?:[\s-]?\d){5,9}(?![\w.-])"), "<digits>"),  # codes (and chat ids; no harm)
    (re.compile(r"(start=|start |token=)[A-Za-z0-9_-]{16,}"), r"\1<token>"),
]


_APP_KEYS = [  # before the others, which could take a piece of one and leave the rest
    (re.compile(r"(?<![A-Z2-7])(?:[A-Z2-7]{4} ){3,}[A-Z2-7]{4}(?![A-Z2-7])"), "<app-key>"),  # in fours
    (re.compile(r"(?<![A-Z2-7])[A-Z2-7]{16,}(?![A-Z2-7])"), "<app-key>"),  # base 32, 80 bits or more
]
_EDGE = r"(?:(?<![0-9A-Za-z_])|(?<=\\[nrt]))"  # a word's start, or just after a `\n` of a repr
_RECOVERY_SHAPED = re.compile(_EDGE + r"([0-9A-TV-Za-tv-z]{4})[-‐‑–—]?([0-9A-TV-Za-tv-z]{4})(?![0-9A-Za-z_])")


def _recovery_code(match: re.Match[str]) -> str:
    symbols = match.group(1) + match.group(2)
    dashed = len(match.group(0)) > len(symbols) and not set(symbols.lower()) & set("ilo")  # as shown
    if dashed or any(c.isdigit() for c in symbols) or symbols.isupper():
        return "<recovery-code>"
    return match.group(0)


def redact(text: str) -> str:
    """`text` with every code-, token-, phone- and key-shaped part replaced by a placeholder."""
    for pattern, replacement in [*_APP_KEYS, *_PATTERNS]:
        text = pattern.sub(replacement, text)
    return _RECOVERY_SHAPED.sub(_recovery_code, text)
