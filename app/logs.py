"""Logging set-up with a redacting filter: codes, tokens and full phone numbers never reach a log."""

from __future__ import annotations

import logging

from domain.core.redaction import redact


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
