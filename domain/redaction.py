"""Removing secrets from free text: codes (also typed as "123 456"), tokens and full phone numbers.

Used on every log line and on what a user writes to support, which could quote a live code.
"""

from __future__ import annotations

import re

_PATTERNS = [
    (re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}"), "<bot-token>"),  # Telegram bot tokens
    (re.compile(r"\+\d[\d\s().-]{6,18}\d"), "<phone>"),
    (re.compile(r"(?<![\w.-])\d(?:[\s-]?\d){5,9}(?![\w.-])"), "<digits>"),  # codes (and chat ids; no harm)
    (re.compile(r"(start=|start |token=)[A-Za-z0-9_-]{16,}"), r"\1<token>"),
]


def redact(text: str) -> str:
    """`text` with every code-, token- and phone-shaped part replaced by a placeholder."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text
