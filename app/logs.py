"""Logging set-up with a redacting filter: codes, tokens and full phone numbers never reach a log."""

from __future__ import annotations

import logging
import re

_PATTERNS = [
    (re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}"), "<bot-token>"),  # Telegram bot tokens
    (re.compile(r"\+\d{7,15}\b"), "<phone>"),
    (re.compile(r"(?<![\w.-])\d{6,10}(?![\w.-])"), "<digits>"),  # codes (and chat ids; no harm)
    (re.compile(r"(start=|start |token=)[A-Za-z0-9_-]{16,}"), r"\1<token>"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (arguments merged) and exception text through `redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = redact(formatted)
        return True


def configure(level: str = "INFO") -> None:
    """One handler on stderr, every record redacted; chatty libraries kept at WARNING."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "aiosqlite", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
