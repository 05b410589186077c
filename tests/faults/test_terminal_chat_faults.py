"""Faults injected under a real `twofa chat` process: its PostgreSQL connection terminated by the server,
or its SQLite file held locked by another process, between two lines the person types."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.engine import create_engine

SECRET = "a-fault-test-secret-key-that-is-long-enough-0123"
FAILED = "Something went wrong on our side; nothing you typed was lost, please try again."


class Chat:
    """`twofa chat` with its stdin and stdout in hand."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.seen = ""

    async def type(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        await self.process.stdin.drain()

    async def expect(self, needle: str, timeout: float = 20) -> None:  # noqa: ASYNC109
        assert self.process.stdout is not None
        async with asyncio.timeout(timeout):
            while needle not in self.seen:
                chunk = await self.process.stdout.read(4096)
                assert chunk, f"twofa chat ended before {needle!r}; it said:\n{self.seen}"
                self.seen += chunk.decode()
        self.seen = self.seen[self.seen.index(needle) + len(needle) :]


async def start_chat(database_url: str, folder: Path) -> Chat:
    env = {**os.environ, "TWOFA_DATABASE_URL": database_url, "TWOFA_SECRET_KEY": SECRET}
    for name in ("TWOFA_TELEGRAM_TOKEN", "TWOFA_SMTP_HOST"):
        env.pop(name, None)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        "chat",
        "--as",
        "faults",
        cwd=folder,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    return Chat(process)


async def finish(chat: Chat) -> str:
    await chat.type("/quit")
    await chat.expect("Goodbye.")
    _, err = await chat.process.communicate()
    assert chat.process.returncode == 0
    return err.decode()


@pytest.mark.postgres
async def test_the_chat_survives_postgresql_terminating_its_connection(
    tmp_path: Path, postgres_database_url: str, postgres_engine: object
) -> None:
    chat = await start_chat(postgres_database_url, tmp_path)
    await chat.expect("bot> ")
    await chat.type("/help")
    await chat.expect("this list")
    engine = create_engine(postgres_database_url, 1)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
    finally:
        await engine.dispose()
    await chat.type("/help")  # the pool replaces the terminated connection: the first line works
    await chat.expect("this list")
    err = await finish(chat)
    assert "Traceback" not in err


def hold_lock(path: Path, held: threading.Event, release: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")
        held.set()
        release.wait(30)
        connection.execute("ROLLBACK")
    finally:
        connection.close()


async def test_the_chat_survives_its_sqlite_file_locked_by_another_process(tmp_path: Path) -> None:
    chat = await start_chat(f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}", tmp_path)
    await chat.expect("bot> ")
    await chat.type("/help")
    await chat.expect("this list")
    held, release = threading.Event(), threading.Event()
    locker = threading.Thread(target=hold_lock, args=(tmp_path / "twofa.db", held, release))
    locker.start()
    try:
        held.wait()
        await chat.type("/status")
        await chat.expect(FAILED)  # after the 5 s busy timeout
    finally:
        release.set()
        locker.join()
    await chat.type("/help")
    await chat.expect("this list")
    err = await finish(chat)
    assert "Traceback" not in err
