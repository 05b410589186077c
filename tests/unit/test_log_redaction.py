"""Logs never carry a code, a token or a full phone number, even inside an exception."""

from __future__ import annotations

import logging

import pytest

from app.logs import RedactingFilter
from domain.redaction import redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("code 123456 was wrong", "123456"),
        ("I was sent 123 456 by text", "123 456"),
        ("my code is 123-456", "123-456"),
        ("call +44 7400 123456 please", "7400 123456"),
        ("sent to +447700900489", "+447700900489"),
        (
            "https://api.telegram.org/bot123456789:AAHk2a9d8s7f6g5h4j3k2l1zxcvbnmqwertyu/getMe",
            "AAHk2a9d8s7f6g5h4j3k2l1zxcvbnmqwertyu",
        ),
        ("/start Zk3vL0-9wq_ab12CD34ef56GH78", "Zk3vL0-9wq_ab12CD34ef56GH78"),
    ],
)
def test_secrets_are_redacted(text: str, secret: str) -> None:
    assert secret not in redact(text)


def test_ordinary_text_is_kept() -> None:
    assert redact("outbox item 12 sent (attempt 1)") == "outbox item 12 sent (attempt 1)"


def test_a_record_with_an_exception_is_redacted_before_any_handler_formats_it() -> None:
    logger = logging.getLogger("redaction-test")
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Keep()
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    try:
        try:
            raise RuntimeError("verify failed for 654321")
        except RuntimeError:
            logger.exception("step for %s failed", "+15555550123")
    finally:
        logger.removeHandler(handler)
    formatted = logging.Formatter().format(records[0])
    assert "654321" not in formatted and "+15555550123" not in formatted
    assert "RuntimeError" in formatted
