"""Bench 3: the login verification API (`POST /v1/logins`, then verify) beside a bare aiohttp handler.

    .venv/bin/python bench/login_api.py [--quick] [--logins N] [--concurrency N] [--backend sqlite|postgres]
    .venv/bin/python bench/login_api.py --smtp [...]

The API runs in a process of its own, started as `twofa serve` starts it (`build_services`, `init_app`,
an `AppRunner` on loopback), with a fake SMS sender that passes each code back over a pipe. Here, 50
`aiohttp` clients each log users in: `POST /v1/logins` (a code is "texted"), then
`POST /v1/logins/{id}/verify` with that code. The bare server answers a small JSON body to the same
requests. Two runs each: saturated (every client sends its next request at once, so latency is mostly
queueing: it gives the capacity) and paced (logins arrive at a fixed rate, well under capacity, as a
login page's traffic does: the latency a user sees; the target is read there).

With `--smtp`, the users have 2FA by email and the same runs are made twice in one go, on two API
processes: one with the fake sender (codes over a pipe), one sending its codes through SMTP (the product's
`SmtpEmailSender`, one connection per email) to an aiosmtpd server on loopback in a third process
(`benchkit.providers`, which reads each code back from the received message). Both are paced at the same
rate (40% of the lower capacity); there is no bare handler in this mode.

Send limits: the policy stays the default (5 codes per number per 10 minutes, 10 per user per hour); each
user logs in at most 4 times per run, so enough users are seeded (logins / 4).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import math
import sys
import time
from collections import Counter
from pathlib import Path

import aiohttp
from aiohttp import web
from benchkit import cli, machine
from benchkit.child import Child, announce, child_process, until_told_to_stop
from benchkit.codes import CodeBook, PipeSender
from benchkit.databases import (
    API_TOKEN,
    BenchUser,
    backend_label,
    bench_settings,
    bench_user,
    database,
    seed_users,
)
from benchkit.providers import HOST, serve_providers
from benchkit.stats import Latencies, Summary, heading, merged, summarise

from api.app import init_app
from app.wiring import build_services

SCRIPT = str(Path(__file__).resolve())
LOGINS_PER_USER = 4  # under the default 5 codes per number per 10 minutes
WARM_UP_LOGINS = 100
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
TARGET_P99_MS = 50.0
POPULATION_FIRST = 200_000  # index of the first user who only fills the table
PACED_SHARE = 0.4  # the paced run offers this share of the saturated run's login rate


class Run:
    """One run's latencies by request kind, and the answers that were not the expected ones."""

    def __init__(self) -> None:
        self.start = Latencies("POST /v1/logins")
        self.verify = Latencies("POST .../verify")
        self.unexpected: Counter[str] = Counter()

    def refused(self, sample: Latencies, status: int, body: object) -> None:
        sample.failures += 1
        error = body.get("error") if isinstance(body, dict) else None
        self.unexpected[f"{sample.name} {status} {error or ''}".strip()] += 1

    def total(self, name: str) -> Latencies:
        return merged(name, (self.start, self.verify))


async def log_in(
    session: aiohttp.ClientSession,
    base: str,
    user: BenchUser,
    codes: CodeBook,
    run: Run,
    by_email: bool = False,
) -> None:
    """One login: start it, read the texted (or emailed) code, verify it; each answer is checked."""
    body = {"email": user.email, "ip": "203.0.113.7", "user_agent": "Mozilla/5.0 (X11; Linux) Firefox/132.0"}
    with run.start.timed():
        async with session.post(f"{base}/v1/logins", json=body) as response:
            started = await response.json()
    if response.status != 200 or started.get("second_factor") != "required":
        run.refused(run.start, response.status, started)
        return
    code = await codes.take(user.email if by_email else user.phone_e164)
    with run.verify.timed():
        async with session.post(
            f"{base}/v1/logins/{started['login_id']}/verify", json={"code": code, "remember_device": False}
        ) as response:
            verified = await response.json()
    if response.status != 200 or verified.get("verified") is not True:
        run.refused(run.verify, response.status, verified)


async def bare_pair(
    session: aiohttp.ClientSession,
    base: str,
    user: BenchUser,
    codes: CodeBook,
    run: Run,
    by_email: bool = False,
) -> None:
    """The same two requests to the bare handler."""
    for sample, path in ((run.start, "/bare/logins"), (run.verify, "/bare/verify")):
        with sample.timed():
            async with session.post(
                f"{base}{path}", json={"email": user.email, "code": "123456"}
            ) as response:
                await response.json()
        if response.status != 200:
            sample.failures += 1


async def drive(
    child: Child,
    bare: bool,
    users: list[BenchUser],
    logins: int,
    concurrency: int,
    rate: float | None = None,
    by_email: bool = False,
) -> tuple[Run, float, float]:
    """`logins` logins by `concurrency` clients (each with its own users); paced at `rate` per second if
    given. Returns the run, its wall time and the server process's CPU time."""
    base = f"http://127.0.0.1:{(await child.ready(1))['port']}"
    run = Run()
    step = bare_pair if bare else log_in
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=AUTH) as session:

        async def client(number: int) -> None:
            for k in range(number, logins, concurrency):
                if rate is not None:
                    await asyncio.sleep(max(0.0, began + k / rate - time.perf_counter()))
                await step(session, base, users[k % len(users)], child.book, run, by_email)

        began, cpu = time.perf_counter(), machine.cpu_seconds(child.process.pid)
        async with asyncio.TaskGroup() as group:
            for number in range(concurrency):
                group.create_task(client(number))
        seconds = time.perf_counter() - began
        cpu = machine.cpu_seconds(child.process.pid) - cpu
    return run, seconds, cpu


def users_for(first: int, logins: int, concurrency: int) -> list[BenchUser]:
    """Enough users for `logins` at `LOGINS_PER_USER` each, a multiple of `concurrency` (so every user
    belongs to one client and never has two logins at once)."""
    count = math.ceil(math.ceil(logins / LOGINS_PER_USER) / concurrency) * concurrency
    return [bench_user(first + i) for i in range(count)]


def show(title: str, run: Run, seconds: float, cpu: float) -> Summary:
    summary = summarise(run.total(title), seconds, cpu)
    print(summary.line("req"))
    for part in (run.start, run.verify):
        print(summarise(part, seconds).latency_line())
    for what, count in run.unexpected.most_common():
        print(f"    unexpected answer x{count}: {what}")
    return summary


async def measure(backend: str, logins: int, concurrency: int, quick: bool, population: int) -> bool:
    async with database(backend) as (url, folder):
        warm_up = users_for(0, WARM_UP_LOGINS, concurrency)
        saturated_users = users_for(len(warm_up), logins, concurrency)
        seeded = len(warm_up) + len(saturated_users)
        await seed_users(url, seeded, with_sms=range(seeded))
        others = max(0, population - seeded)
        if others:  # users who do not log in during the run: the table has a realistic size
            await seed_users(url, others, first=POPULATION_FIRST, contract="Population")
        arguments = [SCRIPT, "--child", "api", "--database-url", url, "--folder", str(folder)]
        heading(
            f"Login API on {backend_label(backend)}: {concurrency} concurrent clients, "
            f"{seeded + others} users in the database; default send limits, "
            f"{LOGINS_PER_USER} logins per user at most"
        )
        async with child_process(arguments, CodeBook()) as api:
            await drive(api, False, warm_up, WARM_UP_LOGINS, concurrency)
            run, seconds, cpu = await drive(api, False, saturated_users, logins, concurrency)
            print(f"saturated: {logins} logins = {2 * logins} requests, {len(saturated_users)} users")
            ours = show("ours, saturated", run, seconds, cpu)
            rate = max(1.0, round(PACED_SHARE * ours.rate / 2))  # logins per second
            paced_logins = int(rate * (6 if quick else 20))
            paced_users = users_for(seeded, paced_logins, concurrency)
            await seed_users(
                url,
                len(paced_users),
                first=seeded,
                with_sms=range(seeded, seeded + len(paced_users)),
                contract="Paced",
            )
            run, seconds, cpu = await drive(api, False, paced_users, paced_logins, concurrency, rate)
            print(
                f"paced: {rate:.0f} logins/s = {2 * rate:.0f} requests/s ({PACED_SHARE:.0%} of capacity), "
                f"{paced_logins} logins"
            )
            paced = show("ours, paced", run, seconds, cpu)
        async with child_process([SCRIPT, "--child", "bare"], CodeBook()) as bare:
            await drive(bare, True, warm_up, WARM_UP_LOGINS, concurrency)
            run, seconds, cpu = await drive(bare, True, saturated_users, logins, concurrency)
            bare_saturated = show("bare aiohttp, saturated", run, seconds, cpu)
            run, seconds, cpu = await drive(bare, True, paced_users, paced_logins, concurrency, rate)
            bare_paced = show("bare aiohttp, paced", run, seconds, cpu)
    ratio = ours.rate / bare_saturated.rate if bare_saturated.rate else 0.0
    print(f"  ratio ours/bare, requests per second (saturated): {ratio:.2f}")
    ours_cpu, bare_cpu = ours.cpu_ms_each, bare_saturated.cpu_ms_each
    if ours_cpu and bare_cpu:
        print(
            f"  server CPU per request: ours {ours_cpu:.2f} ms, bare {bare_cpu:.2f} ms "
            f"(ratio {bare_cpu / ours_cpu:.2f})"
        )
    verdict = "met" if paced.p99_ms < TARGET_P99_MS else "NOT met"
    print(
        f"  p99 at {2 * rate:.0f} req/s: ours {paced.p99_ms:.1f} ms, bare {bare_paced.p99_ms:.1f} ms "
        f"(target < {TARGET_P99_MS:.0f} ms: {verdict}); saturated p99 {ours.p99_ms:.0f} ms is queueing"
    )
    failures = ours.failures + paced.failures + bare_saturated.failures + bare_paced.failures
    return failures == 0


async def measure_smtp(backend: str, logins: int, concurrency: int, quick: bool, population: int) -> bool:
    """`--smtp`: users with 2FA by email, the fake sender and real SMTP on loopback, saturated then paced."""
    async with database(backend) as (url, folder):
        kinds = ("fake sender", "SMTP (aiosmtpd)")
        warm_ups, saturated_users, first = [], [], 0
        for _ in kinds:
            warm_ups.append(users_for(first, WARM_UP_LOGINS, concurrency))
            first += len(warm_ups[-1])
            saturated_users.append(users_for(first, logins, concurrency))
            first += len(saturated_users[-1])
        seeded = first
        await seed_users(url, seeded, with_email=range(seeded))
        others = max(0, population - seeded)
        if others:
            await seed_users(url, others, first=POPULATION_FIRST, contract="Population")
        heading(
            f"Login API on {backend_label(backend)}, 2FA by email: fake sender beside real SMTP on loopback; "
            f"{concurrency} concurrent clients, {seeded + others} users in the database"
        )
        api = [SCRIPT, "--child", "api", "--database-url", url, "--folder", str(folder)]
        async with child_process([SCRIPT, "--child", "providers"], CodeBook()) as providers:
            smtp_port = str((await providers.ready(1))["smtp_port"])
            async with (
                child_process(api, CodeBook()) as fake,
                child_process([*api, "--smtp-port", smtp_port], providers.book) as smtp,
            ):
                children = (fake, smtp)
                saturated: list[Summary] = []
                smtp_cpu = 0.0
                for kind, child, warm_up, users in zip(
                    kinds, children, warm_ups, saturated_users, strict=True
                ):
                    await drive(child, False, warm_up, WARM_UP_LOGINS, concurrency, by_email=True)
                    before = machine.cpu_seconds(providers.process.pid)
                    run, seconds, cpu = await drive(child, False, users, logins, concurrency, by_email=True)
                    if child is smtp:
                        smtp_cpu = machine.cpu_seconds(providers.process.pid) - before
                    print(f"saturated, {kind}: {logins} logins = {2 * logins} requests, {len(users)} users")
                    saturated.append(show(f"{kind}, saturated", run, seconds, cpu))
                rate = max(1.0, round(PACED_SHARE * min(s.rate for s in saturated) / 2))
                paced_logins = int(rate * (6 if quick else 20))
                paced: list[Summary] = []
                for kind, child in zip(kinds, children, strict=True):
                    users = users_for(seeded, paced_logins, concurrency)
                    await seed_users(
                        url,
                        len(users),
                        first=seeded,
                        with_email=range(seeded, seeded + len(users)),
                        contract=f"Paced {kind}",
                    )
                    seeded += len(users)
                    run, seconds, cpu = await drive(
                        child, False, users, paced_logins, concurrency, rate, True
                    )
                    print(
                        f"paced, {kind}: {rate:.0f} logins/s = {2 * rate:.0f} requests/s "
                        f"({PACED_SHARE:.0%} of the lower capacity), {paced_logins} logins"
                    )
                    paced.append(show(f"{kind}, paced", run, seconds, cpu))
    (fake_saturated, smtp_saturated), (fake_paced, smtp_paced) = saturated, paced
    smtp_ms, fake_ms = smtp_saturated.cpu_ms_each or 0.0, fake_saturated.cpu_ms_each or 0.0
    print(
        f"  real SMTP / fake sender: saturated {smtp_saturated.rate:.1f} / {fake_saturated.rate:.1f} req/s; "
        f"API CPU per request {smtp_ms:.2f} / {fake_ms:.2f} ms (+ the SMTP server's "
        f"{1000 * smtp_cpu / logins:.2f} ms per email, not in it); paced p50/p99 {smtp_paced.p50_ms:.1f}/"
        f"{smtp_paced.p99_ms:.1f} ms / {fake_paced.p50_ms:.1f}/{fake_paced.p99_ms:.1f} ms"
    )
    return all(s.failures == 0 for s in (*saturated, *paced))


# -- the servers, each in its own process ------------------------------------------------------------


async def serve(options: argparse.Namespace) -> None:
    """The API as `twofa serve` runs it (bare: one handler), on a free loopback port, until told to stop."""
    services = None
    if options.child == "api" and options.smtp_port:  # codes by email through SMTP on loopback
        settings = bench_settings(
            options.database_url, Path(options.folder), smtp_host=HOST, smtp_port=options.smtp_port
        )
        services = await build_services(settings, stream=None, sms=PipeSender())
        app = init_app(services)
    elif options.child == "api":
        sender = PipeSender()
        settings = bench_settings(options.database_url, Path(options.folder))
        services = await build_services(settings, stream=None, email=sender, sms=sender)
        app = init_app(services)
    else:
        app = web.Application()
        app.router.add_post("/bare/{name}", bare_handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        announce("READY", {"port": runner.addresses[0][1]})
        await until_told_to_stop()
    finally:
        await runner.cleanup()
        if services is not None:
            await services.aclose()


async def bare_handler(request: web.Request) -> web.Response:
    """Read the JSON body, answer a small JSON body: what any JSON API does at the least."""
    await request.json()
    return web.json_response({"second_factor": "not_enabled", "setup_suggested": True})


async def main(options: argparse.Namespace) -> int:
    logins = cli.sized(options.quick, options.logins, 3_000, 200)
    print(machine.describe())
    if options.smtp:
        print("servers in child processes, clients in this one; codes by email: fake sender and real SMTP")
        return await cli.on_each_backend(
            options.backend,
            "Login API (SMTP)",
            lambda backend: measure_smtp(
                backend, logins, options.concurrency, options.quick, options.population
            ),
        )
    print("servers in child processes, clients in this one; fake SMS sender (codes over a pipe)")
    return await cli.on_each_backend(
        options.backend,
        "Login API",
        lambda backend: measure(backend, logins, options.concurrency, options.quick, options.population),
    )


def arguments() -> argparse.Namespace:
    parser = cli.parser(__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--logins", type=int, help="logins in the saturated run (default 3000; --quick 200)")
    parser.add_argument("--concurrency", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument(
        "--population", type=int, default=100_000, help="users in the database in all (default 100000)"
    )
    parser.add_argument(
        "--smtp",
        action="store_true",
        help="users with 2FA by email: the fake sender beside real SMTP to aiosmtpd on loopback",
    )
    parser.add_argument("--child", choices=["api", "bare", "providers"], help=argparse.SUPPRESS)
    parser.add_argument("--smtp-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    parsed = arguments()
    if parsed.child:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        sys.exit(asyncio.run(serve_providers() if parsed.child == "providers" else serve(parsed)))
    sys.exit(cli.run(lambda: main(parsed)))
