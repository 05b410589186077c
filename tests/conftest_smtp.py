"""Pytest plugin with the SMTP fixtures; enable with `pytest_plugins = ["tests.conftest_smtp"]` or `-p`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.smtp import SmtpSink


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    """A running SMTP server on 127.0.0.1 that collects messages; stopped after the test."""
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()
