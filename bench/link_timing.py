"""Bench: linking by a typed address answers an existing and an unknown address alike, in text and in time.

    .venv/bin/python bench/link_timing.py [--quick] [--tries N] [--seed N] [--database-url URL]
    .venv/bin/python bench/link_timing.py --backend sqlite|postgres|both [...]

Issue 14: whether an address has an account must not show in the reply or in how long it takes. Each
try is a fresh chat (so the per-chat limit of 5 link codes an hour never applies) that says `/start`,
then types an address; only the address is timed, from handing the message to `Assistant.handle` until
its replies are returned. The assistant is built by `build_services` as a worker builds it, with the
product's `SmtpEmailSender` sending to a real SMTP server (aiosmtpd) on loopback. Kinds of address:

- existing: an account with no link code yet: a code is recorded in the step and emailed after the
  commit, in the background (`domain/chat/code_delivery.py`);
- unknown: no account (a decoy prompt, no code);
- limited (warns): an account that had 8 link codes this hour from other chats (the per-account limit):
  the code is refused in the step, silently (a decoy prompt), and the owner is warned (once a day);
- limited (warned): the same, its owner warned already today.

Series 1: `--tries` tries (default 200), existing and unknown in turn. Series 2: as many rounds of
limited (warns), limited (warned) and unknown. Within each round the kinds come in random order, so that
every kind sees the same machine state. Between tries, untimed, the background sends are waited for
(`Assistant.drain`), so one try's email never overlaps the next try. Each account is used once (so the
per-account limit of 8 an hour never applies to "existing"). In series 1, each chat then types a wrong
code at the prompt, timed the same way (a real prompt checks it against its challenge; a decoy's has
none).

Prints p50/p90/p99 per kind, the ratio of the medians, the unknown kind split in two as a measure of the
noise, SQL statements per kind (one more try of each, alone), and whether the reply texts (the typed
address put aside) and buttons were identical. Exits 1 when they were not, or when an email is missing
or one went where it should not.

SQLite (a temp file) by default; `--database-url postgresql+asyncpg://user@host:port/db` names a PostgreSQL
server on which a fresh database is created for the run and dropped after it. `--backend` as in the other
scripts (`postgres`: the test server, `TWOFA_TEST_POSTGRES_URL`; skipped, and said so, when unreachable).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from benchkit import cli, machine
from benchkit.databases import BACKENDS, bench_settings, bench_user, database, seed_users
from benchkit.stats import heading, percentile
from sqlalchemy import event

from app.wiring import Services, build_services
from domain.core.model import AuditEvent, AuditKind
from domain.core.replies import Incoming, Reply
from domain.core.sources import SendKind, chat_source
from tests.support.databases import (
    PostgresUnavailable,
    create_postgres_database,
    drop_postgres_database,
    postgres_server_url,
)
from tests.support.smtp import SmtpSink

EXISTING, UNKNOWN, LIMITED, WARNED = "existing", "unknown", "limited (warns)", "limited (warned)"
KINDS = (EXISTING, UNKNOWN, LIMITED, WARNED)
WARM_UP_ROUNDS = 10  # per series, run first and not counted: statements compiled, connections opened
PLACEHOLDER = "<address>"
WRONG_CODE = "000000"  # right by chance once in a million: the replies would then differ, and be shown


class Addresses:
    """Fresh addresses of each kind; every account is used once. Unknown ones have the same length and
    shape as the seeded ones (`userN@bench.example.com`), in another domain that has no account."""

    def __init__(self, accounts: dict[str, range]) -> None:
        self._accounts = {kind: iter(indices) for kind, indices in accounts.items()}
        self._unknown = itertools.count(0)

    def next(self, kind: str) -> str:
        if kind == UNKNOWN:
            return f"user{next(self._unknown)}@bench.example.net"
        return bench_user(next(self._accounts[kind])).email


class Tries:
    """Times one typed address at a time, each from a fresh chat, and keeps what was answered."""

    def __init__(self, services: Services, addresses: Addresses) -> None:
        self.services = services
        self.addresses = addresses
        self._chats = itertools.count(7_000_000)
        self._update_ids = itertools.count(1)
        self.replies: dict[str, set[str]] = {}
        self.code_replies: dict[str, set[str]] = {}
        self.typed: dict[str, list[str]] = {}

    async def fresh_chat(self, kind: str) -> tuple[str, Incoming]:
        """A new chat that said `/start`, and the address of `kind` it is about to type."""
        chat_id = f"tg:{next(self._chats)}"
        await self.services.assistant.handle(
            Incoming(chat_id, text="/start", update_id=next(self._update_ids))
        )
        address = self.addresses.next(kind)
        self.typed.setdefault(kind, []).append(address)
        return address, Incoming(chat_id, text=address, update_id=next(self._update_ids))

    async def one(self, kind: str, wrong_code: bool = False) -> list[tuple[float, float]]:
        """Seconds from handing the address to `Assistant.handle` to its replies, and CPU seconds of this
        process meanwhile (every thread: aiosqlite's does SQLite's work); the background sends are then
        waited for, untimed. With `wrong_code`, then the same for a wrong code typed at the prompt."""
        assistant = self.services.assistant
        address, incoming = await self.fresh_chat(kind)
        measured, replies = await self._timed(incoming)
        await assistant.drain()
        self.replies.setdefault(kind, set()).add(shown(replies, address))
        if not wrong_code:
            return [measured]
        typed = Incoming(incoming.chat_id, text=WRONG_CODE, update_id=next(self._update_ids))
        code_measured, replies = await self._timed(typed)
        self.code_replies.setdefault(kind, set()).add(shown(replies, address))
        return [measured, code_measured]

    async def _timed(self, incoming: Incoming) -> tuple[tuple[float, float], list[Reply]]:
        started, cpu = time.perf_counter(), time.process_time()
        replies = await self.services.assistant.handle(incoming)
        return (time.perf_counter() - started, time.process_time() - cpu), replies


def shown(replies: list[Reply], address: str) -> str:
    """What the person sees, with the address they typed put aside (it is echoed back, by design)."""
    parts = [reply.text.replace(address, PLACEHOLDER) + repr(reply.buttons) for reply in replies]
    return "\n".join(parts)


Times = dict[str, list[tuple[float, float]]]


async def series(
    tries: Tries, kinds: tuple[str, ...], rounds: int, order: random.Random, wrong_code: bool = False
) -> list[Times]:
    """`rounds` tries of each kind, one of each per round in random order; warm-up rounds first, not kept.
    The times of the address, and with `wrong_code` those of the wrong code typed after it."""
    times: list[Times] = [{kind: [] for kind in kinds} for _ in range(2 if wrong_code else 1)]
    for index in range(WARM_UP_ROUNDS + rounds):
        for kind in order.sample(kinds, len(kinds)):
            measured = await tries.one(kind, wrong_code)
            for step, value in enumerate(measured):
                if index >= WARM_UP_ROUNDS:
                    times[step][kind].append(value)
    return times


def report(times: Times) -> None:
    """Wall p50/p90/p99 and CPU p50 per kind, the ratio of the medians to the unknown kind's, and the
    unknown kind against itself (the noise)."""
    medians, cpu = {}, {}
    for kind, measured in times.items():
        ordered = sorted(seconds for seconds, _ in measured)
        medians[kind] = percentile(ordered, 0.5)
        cpu[kind] = percentile(sorted(used for _, used in measured), 0.5)
        figures = "   ".join(f"p{q} {percentile(ordered, q / 100) * 1000:7.3f} ms" for q in (50, 90, 99))
        print(
            f"  {kind:<17} {len(ordered):>4} tries   {figures}   max {ordered[-1] * 1000:7.2f} ms   "
            f"CPU p50 {cpu[kind] * 1000:6.3f} ms"
        )
    for kind in times:
        if kind != UNKNOWN:
            ratio, gap_us = medians[kind] / medians[UNKNOWN], (medians[kind] - medians[UNKNOWN]) * 1e6
            cpu_ratio = cpu[kind] / cpu[UNKNOWN]
            print(
                f"  median {kind} / {UNKNOWN}: {ratio:.3f} ({gap_us:+.0f} µs); CPU {cpu_ratio:.3f} "
                f"({(cpu[kind] - cpu[UNKNOWN]) * 1e6:+.0f} µs)"
            )
    unknown = [seconds for seconds, _ in times[UNKNOWN]]
    halves = sorted(unknown[0::2]), sorted(unknown[1::2])
    noise = percentile(halves[0], 0.5) / percentile(halves[1], 0.5)
    print(f"  noise: {UNKNOWN} tries split in two (alternate tries), ratio of their medians {noise:.3f}")


async def seed_rate_limited(services: Services, accounts: range, warned: range) -> None:
    """Each account had as many link codes this hour, from other chats, as the per-account limit allows
    (written to the send log as `CodeService.issue` writes them); those in `warned` had their owner
    warned of it already today (as `domain.limits.warn_owner` records it)."""
    policy = services.codes.policy
    now = services.clock.now()
    async with services.uow_factory() as uow:
        for index in accounts:
            user = await uow.users.get_by_email(bench_user(index).email)
            assert user is not None
            key = services.codes.destination_key(user.email)
            for send in range(policy.link_sends_per_account):
                at = now - timedelta(minutes=30) + timedelta(seconds=send)
                await uow.send_log.record(
                    user.key, key, at, SendKind.LINK.value, chat_source(f"tg:seed{send}")
                )
            if index in warned:
                event = AuditEvent(now - timedelta(minutes=20), AuditKind.OWNER_WARNED, user.key)
                await uow.audit.add(replace(event, detail={"by": SendKind.LINK.value}))
        await uow.commit()


async def statements(tries: Tries, kind: str) -> tuple[int, int]:
    """SQL statements (BEGIN and COMMIT included) of one more try of `kind`, alone: in the step, and after
    its reply (the background send's own transaction)."""
    sent = 0

    def count(*args: object) -> None:
        nonlocal sent
        sent += 1

    engine = tries.services.engine.sync_engine
    # SQLite's BEGIN IMMEDIATE is a statement of its own; asyncpg's BEGIN is not, so it is counted here
    events = [("before_cursor_execute", count), ("commit", count)]
    if engine.dialect.name == "postgresql":
        events.append(("begin", count))
    address, incoming = await tries.fresh_chat(kind)
    for name, listener in events:
        event.listen(engine, name, listener)
    try:
        replies = await tries.services.assistant.handle(incoming)
        in_step = sent
        await tries.services.assistant.drain()
    finally:
        for name, listener in events:
            event.remove(engine, name, listener)
    tries.replies.setdefault(kind, set()).add(shown(replies, address))
    return in_step, sent - in_step


@asynccontextmanager
async def fresh_database(server_url: str | None) -> AsyncIterator[tuple[str, Path]]:
    """A temp SQLite file, or a fresh database on the PostgreSQL server `server_url`, dropped after."""
    if server_url is None:
        async with database("sqlite") as made:
            yield made
        return
    with tempfile.TemporaryDirectory(prefix="twofa-bench-link-") as scratch:
        url = await create_postgres_database(server_url)
        try:
            yield url, Path(scratch)
        finally:
            await drop_postgres_database(server_url, url)


async def measure(server_url: str | None, rounds: int, seed: int) -> bool:
    """One database (SQLite when `server_url` is None): seed, run both series, print the figures; False
    when a check failed."""
    each = WARM_UP_ROUNDS + rounds + 1  # accounts of each kind: warm-up, timed, and one for the statements
    accounts = {kind: range(i * each, (i + 1) * each) for i, kind in enumerate((EXISTING, LIMITED, WARNED))}
    sink = SmtpSink()
    sink.start()
    try:
        async with fresh_database(server_url) as (url, folder):
            await seed_users(url, 3 * each)
            settings = bench_settings(url, folder, smtp_host=sink.host, smtp_port=sink.port)
            services = await build_services(settings, stream=None)
            try:
                await seed_rate_limited(services, range(each, 3 * each), accounts[WARNED])
                tries = Tries(services, Addresses(accounts))
                order = random.Random(seed)
                heading(
                    f"Linking by address on {services.engine.dialect.name}: {rounds} tries of each kind "
                    "per series, real SMTP"
                )
                started = time.perf_counter()
                first, code = await series(tries, (EXISTING, UNKNOWN), rounds, order, wrong_code=True)
                (second,) = await series(tries, (LIMITED, WARNED, UNKNOWN), rounds, order)
                seconds = time.perf_counter() - started
                counts = {kind: await statements(tries, kind) for kind in KINDS}
            finally:
                await services.aclose()
    finally:
        sink.stop()
    print(f"series 1, {EXISTING} and {UNKNOWN} in turn:")
    report(first)
    print(f"series 1, then a wrong code ({WRONG_CODE}) typed at the prompt, in the same chats:")
    report(code)
    print(f"series 2, {LIMITED}, {WARNED} and {UNKNOWN} in turn:")
    report(second)
    print(f"  ({seconds:.1f} s in all, warm-up and untimed steps included)")
    print(
        "  SQL statements of one more try, alone (in the step; after the reply): "
        + ", ".join(f"{kind} {step}; {after}" for kind, (step, after) in counts.items())
    )
    return checked(tries, sink)


def identical(what: str, by_kind: dict[str, set[str]]) -> bool:
    """Whether every kind was answered one and the same text (and buttons); prints the verdict."""
    distinct = set().union(*by_kind.values())
    print(
        f"  {what}: reply texts and buttons identical for every kind: {'yes' if len(distinct) == 1 else 'NO'}"
    )
    if len(distinct) != 1:
        for kind, replies in by_kind.items():
            for reply in sorted(replies):
                print(f"    {kind}: {reply!r}")
    return len(distinct) == 1


def checked(tries: Tries, sink: SmtpSink) -> bool:
    """The replies were one and the same text; each existing address got its code and nobody else did."""
    tried = sum(len(v) for v in tries.typed.values())
    same = identical(f"the address ({tried} tries)", tries.replies)
    same = identical(f"the wrong code (series 1, {WRONG_CODE})", tries.code_replies) and same
    received = sorted(address for r in sink.received for address in r.rcpt_tos)
    expected = sorted(tries.typed[EXISTING])
    emails_right = received == expected
    print(
        f"  check: {len(received)} code emails received by the SMTP server, one per existing address "
        f"and none to the others: {'yes' if emails_right else 'NO'}"
    )
    return same and emails_right


async def main(options: argparse.Namespace) -> int:
    rounds = cli.sized(options.quick, options.tries, 200, 60) // 2
    print(machine.describe())
    print(
        "assistant built by build_services; codes by email through SmtpEmailSender to aiosmtpd on loopback "
        f"(a thread of this process); {WARM_UP_ROUNDS} warm-up rounds per series, not counted"
    )
    if options.database_url is not None:  # asked for by name: unreachable is a failure, not a skip
        try:
            return 0 if await measure(options.database_url, rounds, options.seed) else 1
        except PostgresUnavailable as error:
            print(f"PostgreSQL unreachable: {error}", file=sys.stderr)
            return 1
    servers = {"sqlite": None, "postgres": postgres_server_url()}
    return await cli.on_each_backend(
        options.backend, "Linking by address", lambda backend: measure(servers[backend], rounds, options.seed)
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--quick", action="store_true", help="60 tries instead of 200, under 10 s")
    parser.add_argument(
        "--backend",
        choices=[*BACKENDS, "both"],
        default="sqlite",  # the figures compare kinds within one run: one database is enough
        help="database(s) to measure on (default: sqlite)",
    )
    parser.add_argument(
        "--tries",
        type=int,
        help="tries of series 1, half of each kind; series 2: as many rounds (default 200; --quick 60)",
    )
    parser.add_argument("--seed", type=int, default=14, help="seed of the order within each round")
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL server (postgresql+asyncpg://user@host:port/db): a fresh database is made on "
        "it and dropped after (instead of --backend)",
    )
    options = parser.parse_args()
    if options.database_url is not None and not options.database_url.startswith("postgresql"):
        parser.error("--database-url must be a postgresql+asyncpg:// URL (SQLite is the default)")
    return options


if __name__ == "__main__":
    parsed = arguments()
    sys.exit(cli.run(lambda: main(parsed)))
