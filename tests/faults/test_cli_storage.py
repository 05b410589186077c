"""Faults injected under `twofa outbox status` run as its own process: an SQLite file another process holds
locked (a worker mid-write), and a PostgreSQL database that is not there."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest

SECRET = "a-fault-test-secret-key-that-is-long-enough-0123"


async def twofa(database_url: str, folder: Path, *args: str, **env: str) -> tuple[int, str, str]:
    values = {"TWOFA_DATABASE_URL": database_url, "TWOFA_SECRET_KEY": SECRET, **env}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        *args,
        cwd=folder,
        env={**os.environ, **values},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def hold_lock(
    path: Path, seconds: float, held: threading.Event, release: threading.Event | None = None
) -> None:
    """Another process's writer: BEGIN EXCLUSIVE on the file for `seconds` (or until `release` is set),
    then roll back (10 s: longer than a command's start plus the 5 s every process waited before, so the
    old code failed here)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        held.set()
        if release is None:
            time.sleep(seconds)
        else:
            release.wait(seconds)
        connection.execute("ROLLBACK")
    finally:
        connection.close()


async def test_outbox_status_waits_for_a_worker_holding_the_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}"
    assert (await twofa(url, tmp_path, "db", "upgrade"))[0] == 0
    held = threading.Event()
    locker = threading.Thread(target=hold_lock, args=(tmp_path / "twofa.db", 10, held))
    locker.start()
    held.wait()
    try:
        code, out, err = await twofa(url, tmp_path, "outbox", "status")
    finally:
        locker.join()
    assert (code, err) == (0, "") and "pending\t0" in out  # it waited instead of "database is locked"


async def test_a_lock_held_past_the_cli_busy_timeout_exits_1_with_one_line(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}"
    assert (await twofa(url, tmp_path, "db", "upgrade"))[0] == 0
    held, release = threading.Event(), threading.Event()
    # held until the command has answered, however long a loaded machine takes to start it
    locker = threading.Thread(target=hold_lock, args=(tmp_path / "twofa.db", 120, held, release))
    locker.start()
    held.wait()
    try:
        code, out, err = await twofa(url, tmp_path, "outbox", "status", TWOFA_CLI_BUSY_TIMEOUT_SECONDS="0.5")
    finally:
        release.set()
        locker.join()
    assert code == 1 and out == ""
    assert err.splitlines() == ["error: the database could not be used: database is locked"]


@pytest.mark.postgres
async def test_a_missing_postgresql_database_exits_1_with_one_line(
    tmp_path: Path, postgres_database_url: str
) -> None:
    url = postgres_database_url.rsplit("/", 1)[0] + "/twofa_no_such_database"
    code, out, err = await twofa(url, tmp_path, "outbox", "status")
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.splitlines() == [
        'error: the database could not be used: database "twofa_no_such_database" does not exist'
    ]
