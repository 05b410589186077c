"""Bench 1: the conversation engine in-process, on SQLite and on PostgreSQL.

    .venv/bin/python bench/engine.py [--quick] [--users N] [--concurrency N] [--backend sqlite|postgres]

Every simulated user links its chat (a code by email) and turns on 2FA by SMS (a code by SMS): seven
messages through `Assistant.handle`, built by `build_services` exactly as a worker builds it, with fake
senders (the figures are our logic and storage, not SMTP). Users run `--concurrency` at a time, so the
database's concurrency shows. Each message carries an update id as Telegram's do (so the duplicate-
delivery check is measured too). Prints messages per second and p50/p99 per message, overall and by step.
"""

from __future__ import annotations

import itertools
import sys
import time
from collections.abc import Awaitable, Callable

from benchkit import cli, machine
from benchkit.codes import BookSender, CodeBook
from benchkit.databases import (
    BenchUser,
    backend_label,
    bench_settings,
    bench_user,
    database,
    seed_users,
)
from benchkit.flow import MESSAGES_PER_USER, STEP_NAMES, check, link_and_enable_sms, run_concurrently
from benchkit.stats import Latencies, heading, merged, summarise
from sqlalchemy import event, func, select
from sqlmodel import col

from app.wiring import Services, build_services
from domain.chat.assistant import Assistant
from domain.core.replies import Incoming
from storage.tables import TwoFactorRow

WARM_UP_USERS = 20  # run first, not counted: connections opened, statements compiled and cached


class EngineChat:
    """A chat that talks to the assistant directly; times each `handle` call by step."""

    def __init__(
        self, assistant: Assistant, chat_id: str, by_step: list[Latencies], update_ids: itertools.count[int]
    ) -> None:
        self._assistant = assistant
        self._chat_id = chat_id
        self._by_step = by_step
        self._update_ids = update_ids

    async def say(self, step: int, text: str, expect: str) -> str:
        incoming = Incoming(self._chat_id, text=text, update_id=next(self._update_ids))
        return await self._handle(step, incoming, expect)

    async def press(self, step: int, data: str, expect: str) -> str:
        incoming = Incoming(self._chat_id, button=data, update_id=next(self._update_ids))
        return await self._handle(step, incoming, expect)

    async def _handle(self, step: int, incoming: Incoming, expect: str) -> str:
        started = time.perf_counter()
        replies = await self._assistant.handle(incoming)
        self._by_step[step].add(time.perf_counter() - started)
        return check("\n".join(reply.text for reply in replies), expect)


async def measure(backend: str, users: int, concurrency: int) -> bool:
    """One backend: seed, warm up, run every user, print the figures; False when a user failed."""
    async with database(backend) as (url, folder):
        await seed_users(url, users + WARM_UP_USERS + 1)
        book = CodeBook()
        sender = BookSender(book)
        services = await build_services(bench_settings(url, folder), stream=None, email=sender, sms=sender)
        try:
            update_ids = itertools.count(1)
            warm_up = [Latencies(name) for name in STEP_NAMES]
            counted = [Latencies(name) for name in STEP_NAMES]

            def user_run(by_step: list[Latencies]) -> Callable[[BenchUser], Awaitable[None]]:
                async def run(user: BenchUser) -> None:
                    chat = EngineChat(services.assistant, f"tg:{5_000_000 + user.index}", by_step, update_ids)
                    await link_and_enable_sms(user, chat, book)

                return run

            warm_up_users = (bench_user(users + i) for i in range(WARM_UP_USERS))
            await run_concurrently(warm_up_users, concurrency, user_run(warm_up))
            started, cpu_before = time.perf_counter(), machine.cpu_seconds()
            failures = await run_concurrently(
                (bench_user(i) for i in range(users)), concurrency, user_run(counted)
            )
            seconds, cpu = time.perf_counter() - started, machine.cpu_seconds() - cpu_before
            statements = await statements_per_step(services, bench_user(users + WARM_UP_USERS), book)
            async with services.engine.connect() as connection:
                enabled = (
                    await connection.execute(
                        select(func.count())
                        .select_from(TwoFactorRow)
                        .where(col(TwoFactorRow.method) == "sms")
                    )
                ).scalar_one()
        finally:
            await services.aclose()
    heading(
        f"Engine on {backend_label(backend)}: {users} users x {MESSAGES_PER_USER} messages, "
        f"{concurrency} users at a time"
    )
    print(summarise(merged("all messages", counted), seconds, cpu).line())
    for step in counted:
        print(summarise(step, seconds).latency_line())
    print(
        "  SQL statements per step (one more user, alone): "
        + ", ".join(f"{name} {count}" for name, count in zip(STEP_NAMES, statements, strict=True))
        + f"; {sum(statements)} in all"
    )
    print(f"  check: {enabled - WARM_UP_USERS - 1} of {users} users have 2FA by SMS at the end")
    failures.report()
    return failures.count == 0 and enabled - WARM_UP_USERS - 1 == users


async def statements_per_step(services: Services, user: BenchUser, book: CodeBook) -> list[int]:
    """How many SQL statements each of the seven steps sends (BEGIN and COMMIT included), for one user."""
    sent = 0
    counts: list[int] = []

    def count(*args: object) -> None:
        nonlocal sent
        sent += 1

    class CountingChat(EngineChat):
        async def _handle(self, step: int, incoming: Incoming, expect: str) -> str:
            before = sent
            reply = await super()._handle(step, incoming, expect)
            counts.append(sent - before)
            return reply

    engine = services.engine.sync_engine
    # SQLite's BEGIN IMMEDIATE is a statement of its own; asyncpg's BEGIN is not, so it is counted here
    events = [("before_cursor_execute", count), ("commit", count)]
    if engine.dialect.name == "postgresql":
        events.append(("begin", count))
    for name, listener in events:
        event.listen(engine, name, listener)
    try:
        by_step = [Latencies(name) for name in STEP_NAMES]
        chat = CountingChat(
            services.assistant, f"tg:{4_000_000 + user.index}", by_step, itertools.count(10**9)
        )
        await link_and_enable_sms(user, chat, book)
    finally:
        for name, listener in events:
            event.remove(engine, name, listener)
    return counts


async def main() -> int:
    arguments = cli.parser(__doc__.splitlines()[0] if __doc__ else "")
    arguments.add_argument("--users", type=int, help="simulated users (default 1000; --quick 200)")
    arguments.add_argument("--concurrency", type=int, default=50, help="users at a time (default 50)")
    options = arguments.parse_args()
    users = cli.sized(options.quick, options.users, 1000, 200)
    print(machine.describe())
    print(
        "fake email/SMS senders (codes kept in memory); SystemClock; "
        f"{WARM_UP_USERS} warm-up users first, not counted"
    )
    return await cli.on_each_backend(
        options.backend, "Engine", lambda backend: measure(backend, users, options.concurrency)
    )


if __name__ == "__main__":
    sys.exit(cli.run(main))
