"""Bench: sign-ins approved in Telegram (number matching) beside code-by-email sign-ins, on one real worker.

    .venv/bin/python bench/approvals.py [--quick] [--logins N] [--concurrency C] [--think S]
        [--backend sqlite|postgres] [--outbox-interval S] [--poll-interval S]

The worker is `twofa serve` in its own process (production settings, a Telegram webhook), talking to the
loopback Bot API in this process and to an SMTP server and a Twilio-shaped API in a third process
(`benchkit.providers`). For each backend, N sign-ins by C concurrent page clients of each kind, in turn
on the same worker (`benchkit.approvers`): approved in Telegram (rate, and p50/p99 from `POST /v1/logins`
to the page's long poll returning "approved", with its parts), then by a code sent by email (from
`POST /v1/logins` to verified). Each user signs in at most 4 times (the default send limits). Clients
run a closed loop (the next sign-in as soon as one ends); `--think S` pauses 0 to S seconds at random
first, so that sign-ins of a light load do not fall into step with the worker's once-a-second rounds.

`--outbox-interval` and `--poll-interval` are what-ifs: the worker then runs with its chat outbox polled
every S seconds (as built: `app.worker.ALERT_INTERVAL_SECONDS`, 1 s) or its long poll reading the login
every S seconds (as built: `api.views.POLL_INTERVAL`, 0.2 s), set in the worker process before it starts.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from benchkit import cli, machine
from benchkit.approvers import APPROVAL_PARTS, CODE_PARTS, Page, Phase, enrol_approvers
from benchkit.botapi import BenchBotApi
from benchkit.child import child_process
from benchkit.databases import BenchUser, backend_label, bench_user, database, seed_users
from benchkit.providers import ACCOUNT_SID, AUTH_TOKEN, HOST, serve_providers
from benchkit.stats import heading, summarise

from tests.support.serve_workers import serve_workers, webhook_environment

SCRIPT = str(Path(__file__).resolve())
LOGINS_PER_USER = 4  # under the default 5 codes per destination per 10 minutes
TELEGRAM_MESSAGES_PER_SECOND = 30  # python-telegram-bot's AIORateLimiter, as the product builds it


def users_for(first: int, logins: int, concurrency: int) -> list[BenchUser]:
    """Enough users for `logins`, a multiple of `concurrency`: each belongs to one client, never two
    sign-ins of one user at once."""
    count = math.ceil(math.ceil(logins / LOGINS_PER_USER) / concurrency) * concurrency
    return [bench_user(first + i) for i in range(count)]


async def drive(
    sign_in: Callable[[BenchUser, Phase], Awaitable[None]],
    phase: Phase,
    users: list[BenchUser],
    logins: int,
    concurrency: int,
    pid: int,
    think: float = 0.0,
) -> tuple[float, float]:
    """`logins` sign-ins by `concurrency` clients, each starting its next once one ends (after a pause of
    0 to `think` seconds, at random); returns the wall time and the worker's CPU time."""

    async def client(number: int) -> None:
        for k in range(number, logins, concurrency):
            await asyncio.sleep(random.uniform(0.0, think))
            await sign_in(users[k % len(users)], phase)

    began, cpu = time.perf_counter(), machine.cpu_seconds(pid)
    async with asyncio.TaskGroup() as group:
        for number in range(concurrency):
            group.create_task(client(number))
    return time.perf_counter() - began, machine.cpu_seconds(pid) - cpu


def show(phase: Phase, seconds: float, cpu: float) -> bool:
    names = list(phase.parts)
    print(summarise(phase[names[0]], seconds, cpu).line("login"))
    for name in names[1:]:
        print(summarise(phase[name], seconds).latency_line())
    for what, count in phase.unexpected.most_common():
        print(f"    unexpected answer x{count}: {what}")
    return phase[names[0]].failures == 0 and len(phase[names[0]].values) > 0


def telegram_calls(bot: BenchBotApi) -> int:
    """Bot API calls that name a chat (what the rate limiter paces): sends and edits."""
    return len(bot.calls_to("sendMessage")) + len(bot.calls_to("editMessageText"))


async def measure(backend: str, options: argparse.Namespace) -> bool:
    logins, concurrency = cli.sized(options.quick, options.logins, 600, 120), options.concurrency
    warm = 2 * concurrency
    groups = [users_for(0, warm, concurrency)]
    for size in (logins, warm, logins):  # approvers: warm-up, measured; then emailers: warm-up, measured
        groups.append(users_for(groups[-1][-1].index + 1, size, concurrency))
    approvers_warm, approvers, emailers_warm, emailers = groups
    async with database(backend) as (url, folder):
        emailing = range(emailers_warm[0].index, emailers[-1].index + 1)
        first_id = await seed_users(url, emailers[-1].index + 1, with_email=emailing)
        await enrol_approvers(url, first_id, 0, [*approvers_warm, *approvers])
        heading(
            f"Approvals on {backend_label(backend)}: {logins} sign-ins of each kind, "
            f"{concurrency} at a time, one `twofa serve` webhook worker"
        )
        async with (
            child_process([SCRIPT, "--child", "providers"]) as providers,
            BenchBotApi() as bot,
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http,
        ):
            ready = await providers.ready(1)
            env = webhook_environment(
                url,
                bot_token=bot.token,
                bot_api_url=bot.base_url,
                smtp=(HOST, int(ready["smtp_port"])),
                twilio=(str(ready["twilio_url"]), ACCOUNT_SID, AUTH_TOKEN),
                outbox=folder / "outbox",
            )
            command = [sys.executable, SCRIPT, "--child", "worker"]
            for flag, value in (
                ("--outbox-interval", options.outbox_interval),
                ("--poll-interval", options.poll_interval),
            ):
                command += [flag, str(value)] if value else []
            async with serve_workers(env, 1, folder, http, command) as [worker]:
                page = Page(http, worker.base, bot, providers.book)
                await drive(
                    page.approve, Phase.of(*APPROVAL_PARTS), approvers_warm, warm, concurrency, worker.pid
                )
                await drive(
                    page.with_code, Phase.of(*CODE_PARTS), emailers_warm, warm, concurrency, worker.pid
                )
                calls = telegram_calls(bot)
                approved = Phase.of(*APPROVAL_PARTS)
                seconds, cpu = await drive(
                    page.approve, approved, approvers, logins, concurrency, worker.pid, options.think
                )
                calls = telegram_calls(bot) - calls
                print("approved in Telegram (the simulated person taps as soon as the question arrives):")
                ok = show(approved, seconds, cpu)
                print(
                    f"  Bot API sends and edits: {calls / seconds:.1f}/s ({calls / max(1, logins):.2f} "
                    f"per sign-in; the product paces them at {TELEGRAM_MESSAGES_PER_SECOND}/s)"
                )
                emailed = Phase.of(*CODE_PARTS)
                seconds, cpu = await drive(
                    page.with_code, emailed, emailers, logins, concurrency, worker.pid, options.think
                )
                print("code by email (SMTP on loopback):")
                ok = show(emailed, seconds, cpu) and ok
    return ok


# -- the worker, in its own process ------------------------------------------------------------------


def run_worker(outbox_interval: float | None, poll_interval: float | None) -> int:
    """`twofa serve`, with the two intervals changed first when given (a what-if, not a setting)."""
    from api import views
    from app import cli as twofa
    from app import worker

    if outbox_interval:
        worker.ALERT_INTERVAL_SECONDS = outbox_interval
    if poll_interval:
        views.POLL_INTERVAL = poll_interval
    return twofa.main(["serve"])


async def main(options: argparse.Namespace) -> int:
    print(machine.describe())
    what_if = [f"chat outbox every {options.outbox_interval} s"] if options.outbox_interval else []
    what_if += [f"long poll reads every {options.poll_interval} s"] if options.poll_interval else []
    print("worker as built" if not what_if else f"worker changed for a what-if: {', '.join(what_if)}")
    return await cli.on_each_backend(options.backend, "Approvals", lambda backend: measure(backend, options))


def arguments() -> argparse.Namespace:
    parser = cli.parser(__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--logins", type=int, help="sign-ins of each kind (default 600; --quick 120)")
    parser.add_argument("--concurrency", type=int, default=20, help="concurrent page clients (default 20)")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="each client pauses 0 to S seconds (at random) before each sign-in (default 0: closed loop)",
    )
    parser.add_argument("--outbox-interval", type=float, help="what-if: the chat outbox's poll interval (s)")
    parser.add_argument("--poll-interval", type=float, help="what-if: the long poll's read interval (s)")
    parser.add_argument("--child", choices=["worker", "providers"], help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    parsed = arguments()
    if parsed.child == "providers":
        sys.exit(asyncio.run(serve_providers()))
    if parsed.child == "worker":
        sys.exit(run_worker(parsed.outbox_interval, parsed.poll_interval))
    sys.exit(cli.run(lambda: main(parsed)))
