"""PostgreSQL backends terminated under a real `twofa serve` webhook worker (an operator's
`pg_terminate_backend`, a failover, an idle-kill), between steps and in the middle of one.

The worker's backends are told apart from the fixtures' by a snapshot taken before it starts, and from
the test's own by their application_name; they are terminated with `pg_terminate_backend(pid, timeout)`,
which returns once each has exited. Between steps, the pool used to hand a dead connection to the next
unit of work: that sign-in got a 500 and that chat step "Something went wrong"; now the first one after
works. In the middle of a step, the step fails cleanly (rolled back: nothing counted, sent or claimed)
and the next one works. SQLite has no server to terminate a connection, so only the PostgreSQL variant runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.telegram import SOMETHING_WENT_WRONG
from domain.wording import texts
from tests.faults.serving import ALICE_MOBILE, seed, sends_counted, timed, twofa_serve
from tests.support.fake_bot_api import FakeBotApi

pytestmark = pytest.mark.parametrize(
    "database_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)

HOOK = "/telegram/webhook"
WEBHOOK_SECRET = "pg-terminate-webhook-secret-0123456789"
CHAT = 7001
OWN_NAME = "pg-terminate-test"  # the application_name of the test's own connections
BACKENDS = (
    "SELECT pid, wait_event_type, query FROM pg_stat_activity WHERE datname = current_database() "
    "AND backend_type = 'client backend' AND application_name <> :own"
)


class Database:
    """The test's own connection to the worker's database: who is connected, terminating, locking."""

    def __init__(self, database_url: str) -> None:
        self.engine: AsyncEngine = create_async_engine(
            database_url, connect_args={"server_settings": {"application_name": OWN_NAME}}
        )
        self.before: set[int] = set()

    async def backends(self) -> dict[int, tuple[str | None, str]]:
        """Client backends on this database but the test's own: pid -> (what it waits for, if anything;
        its statement)."""
        async with self.engine.connect() as connection:
            rows = await connection.execute(text(BACKENDS), {"own": OWN_NAME})
            return {pid: (wait, query) for pid, wait, query in rows}

    async def snapshot(self) -> None:
        """Remember who is connected before the worker starts (the fixtures' pools)."""
        self.before = set(await self.backends())

    async def workers(self) -> dict[int, tuple[str | None, str]]:
        return {pid: about for pid, about in (await self.backends()).items() if pid not in self.before}

    async def terminate(self, pids: Collection[int]) -> None:
        """Terminate each backend and wait (up to 5 s) until it has exited."""
        async with self.engine.connect() as connection:
            for pid in pids:
                ended = await connection.scalar(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
                assert ended, f"backend {pid} did not exit within 5 s"

    async def terminate_the_worker(self) -> None:
        pids = await self.workers()
        assert pids, "the worker holds no connection to terminate"
        await self.terminate(pids)

    async def waiting_worker(self) -> str:
        """The statement of the worker's backend waiting for a lock (a step stopped mid-transaction),
        once there is one."""
        async with asyncio.timeout(10):
            while True:
                waiting = [query for wait, query in (await self.workers()).values() if wait == "Lock"]
                if waiting:
                    return waiting[0]
                await asyncio.sleep(0.05)

    @asynccontextmanager
    async def table_locked(self, table: str) -> AsyncIterator[AsyncConnection]:
        """Hold `table` locked against reads and writes until the block ends (then roll back)."""
        async with self.engine.connect() as connection:
            transaction = await connection.begin()
            await connection.execute(text(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE'))
            try:
                yield connection
            finally:
                await transaction.rollback()

    async def value(self, query: str, **params: Any) -> Any:
        async with self.engine.connect() as connection:
            return await connection.scalar(text(query), params)


@asynccontextmanager
async def webhook_worker(
    tmp_path: Path, database_url: str
) -> AsyncIterator[tuple[Database, FakeBotApi, aiohttp.ClientSession, str]]:
    """Seeded users, a `twofa serve` webhook worker (the API too) on the fake Bot API, and the test's
    own connection to the database, snapshotted before the worker started."""
    await seed(tmp_path, database_url)
    database = Database(database_url)
    try:
        await database.snapshot()
        async with (
            FakeBotApi() as api,
            twofa_serve(
                tmp_path,
                database_url,
                telegram_token=api.token,
                telegram_api_url=api.base_url,
                webhook_url=f"https://bot.example.com{HOOK}",
                webhook_secret=WEBHOOK_SECRET,
                outbox_interval_seconds="600",  # the notice loop stays off the pool during the test
            ) as (_, session, base),
        ):
            yield database, api, session, base
    finally:
        await database.engine.dispose()


async def say(api: FakeBotApi, session: aiohttp.ClientSession, base: str, words: str) -> tuple[int, str]:
    """Post a message update as Telegram does; (its update id, the text the bot answered with)."""
    update = api.message_update(CHAT, words)
    before = len(api.messages_for(CHAT))
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    async with session.post(base + HOOK, json=update, headers=headers) as response:
        assert response.status == 200  # acknowledged once the step ran and its replies were sent
    replies = api.messages_for(CHAT)[before:]
    assert replies, f"no answer to {words!r}"
    return int(update["update_id"]), replies[-1].text


async def sign_in(session: aiohttp.ClientSession, base: str, email: str) -> tuple[int, Any]:
    _, status, body = await timed(session, "POST", f"{base}/v1/logins", json={"email": email})
    return status, body


async def test_the_first_step_after_the_workers_backends_were_terminated_works(
    tmp_path: Path, database_url: str
) -> None:
    async with webhook_worker(tmp_path, database_url) as (database, api, session, base):
        # a warm pool: steps and sign-ins done, some at once
        for _ in range(2):
            assert (await say(api, session, base, "/help"))[1].startswith(texts.HELP)
        answers = await asyncio.gather(*(sign_in(session, base, "bob@example.com") for _ in range(4)))
        assert {status for status, _ in answers} == {200}

        await database.terminate_the_worker()
        assert (await say(api, session, base, "/help"))[1].startswith(texts.HELP)

        await database.terminate_the_worker()
        status, body = await sign_in(session, base, "alice@example.com")
        assert (status, body["second_factor"]) == (200, "required"), body
        assert await sends_counted(tmp_path, database_url, "alice@example.com") == 1


async def test_a_step_whose_backend_is_terminated_midway_fails_cleanly_and_the_next_works(
    tmp_path: Path, database_url: str
) -> None:
    async with webhook_worker(tmp_path, database_url) as (database, api, session, base):
        assert (await say(api, session, base, "/help"))[1].startswith(texts.HELP)
        where = "SELECT step FROM conversations WHERE chat_id = :chat"
        assert await database.value(where, chat=f"tg:{CHAT}") == "idle"

        # A chat step stopped after it claimed its update id, waiting to read the chat's link.
        async with database.table_locked("chat_links"):
            step = asyncio.create_task(say(api, session, base, "/start"))
            assert "FROM chat_links" in await database.waiting_worker()
            await database.terminate_the_worker()
        update_id, answer = await step
        assert answer == SOMETHING_WENT_WRONG
        claimed = "SELECT count(*) FROM telegram_updates WHERE update_id = :update_id"
        assert await database.value(claimed, update_id=update_id) == 0  # rolled back: nothing changed
        assert await database.value(where, chat=f"tg:{CHAT}") == "idle"
        update_id, answer = await say(api, session, base, "/start")  # the same step again works
        assert answer != SOMETHING_WENT_WRONG
        assert await database.value(claimed, update_id=update_id) == 1
        assert await database.value(where, chat=f"tg:{CHAT}") != "idle"

        # A sign-in stopped after its code was recorded and counted, waiting to record the attempt.
        async with database.table_locked("login_attempts"):
            login = asyncio.create_task(sign_in(session, base, "alice@example.com"))
            assert (await database.waiting_worker()).startswith("INSERT INTO login_attempts")
            await database.terminate_the_worker()
        status, body = await login
        assert (status, body["error"]) == (500, "internal_error"), body
        assert await sends_counted(tmp_path, database_url, "alice@example.com") == 0  # rolled back
        status, body = await sign_in(session, base, "alice@example.com")
        assert (status, body["second_factor"]) == (200, "required"), body
        assert await sends_counted(tmp_path, database_url, "alice@example.com") == 1
    sms = sorted((tmp_path / "outbox").glob("*.sms.txt"))
    assert len(sms) == 1, sms  # one code sent, for the sign-in that worked
    assert ALICE_MOBILE in sms[0].read_text()
