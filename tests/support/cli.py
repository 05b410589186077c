"""Running `twofa` in-process in tests: a fresh SQLite database per test and the logging put back.

A module that runs the CLI says `pytestmark = pytest.mark.usefixtures("cli_database", "restore_logging")`
(the fixtures are registered for the whole suite in tests/conftest.py) and calls `run`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli import main


@pytest.fixture
def cli_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The CLI's settings point at a new SQLite file; no token, SMTP or key from the environment."""
    for name in ("TWOFA_TELEGRAM_TOKEN", "TWOFA_SMTP_HOST", "TWOFA_SECRET_KEY", "TWOFA_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TWOFA_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("TWOFA_OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """`main()` configures the root logger for the process; put the test run's handlers back after."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of `twofa ARGS`."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
