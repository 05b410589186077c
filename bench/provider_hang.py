"""Bench 5: a hanging SMS provider blocks no one — other users' logins and chats, before and during the hang.

    .venv/bin/python bench/provider_hang.py [--quick] [--seconds S] [--rate N] [--hangers N]
        [--part api|chat|both] [--backend sqlite|postgres]

Login API: the worker runs in a process of its own exactly as `twofa serve` runs it (`build_services` from
settings, then `run_worker`: the API and the notice/due-code loop), with its *real* gateways: email through
SMTP to an aiosmtpd server on loopback, SMS through Twilio's API pointed at a Twilio-shaped server on
loopback (both in a third process, `benchkit.providers`, which passes every code back). Logins arrive at a
fixed rate (`--rate` per second, open loop: each at its time whatever the others do), alternately a user
with 2FA by email (`POST /v1/logins`, the code read from the SMTP server, `.../verify`) and a user without
2FA (`POST /v1/logins` only); `/healthz` is asked every 0.25 s. Two phases of `--seconds` each: (a) normal;
(b) the Twilio server reads every request and never answers, while `--hangers` logins of users with 2FA by
SMS are kept waiting on it the whole phase (each ends at the Twilio client's timeout, 10 s by default, with
`502 undelivered`, and the next one starts; the hangers start 1 s apart, before the phase, so that their
starts and ends are spread as in life). Every answer is checked.

Chat: the conversation engine in-process (as `bench/engine.py`, fake email sender), chats arriving at
`--rate / 4` per second, each linking by email and turning on 2FA by email (seven messages, two codes by
email); in phase (b) `--hangers` other chats each type their mobile number and their SMS sender awaits
forever (the code's send deadline, 20 s by default, ends the step: "We could not send a code ...").

Exits 1 when an answer was wrong (a measured request failed, `/healthz` was not 200, a hanging login or
chat ended otherwise than as undelivered, or the hang was not in place).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import logging
import math
import socket
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from benchkit import cli, machine
from benchkit.child import Child, announce, child_process, until_told_to_stop
from benchkit.codes import BookSender, CodeBook
from benchkit.databases import (
    API_TOKEN,
    BenchUser,
    backend_label,
    bench_settings,
    bench_user,
    database,
    seed_users,
)
from benchkit.flow import check
from benchkit.providers import ACCOUNT_SID, AUTH_TOKEN, FROM_NUMBER, HOST, serve_providers
from benchkit.stats import Latencies, Summary, heading, merged, summarise

from app.wiring import build_services
from app.worker import run_worker
from domain.core.model import OutgoingSms
from domain.core.replies import Incoming

SCRIPT = str(Path(__file__).resolve())
AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
HEALTH_EVERY = 0.25
WARM_UP_EMAIL, WARM_UP_PLAIN, WARM_UP_SMS = 40, 20, 3
WARM_UP_CHATS = 10
USER_AGENT = "Mozilla/5.0 (X11; Linux) Firefox/132.0"
OTHERS_IP, HANGERS_IP = "203.0.113.7", "198.51.100.9"
STAGGER = 1.0  # seconds between the first hanging login (or chat) of one hanger and the next


# -- the login API ------------------------------------------------------------------------------------


@dataclass
class Phase:
    """One phase's samples: the other users' requests, /healthz, and answers that were not expected."""

    name: str
    email_start: Latencies = field(default_factory=lambda: Latencies("2FA by email: POST /v1/logins"))
    email_verify: Latencies = field(default_factory=lambda: Latencies("2FA by email: POST .../verify"))
    plain: Latencies = field(default_factory=lambda: Latencies("no 2FA: POST /v1/logins"))
    health: Latencies = field(default_factory=lambda: Latencies("GET /healthz"))
    unexpected: Counter[str] = field(default_factory=Counter)

    def wrong(self, sample: Latencies, status: int, body: object) -> None:
        sample.failures += 1
        error = body.get("error") if isinstance(body, dict) else None
        self.unexpected[f"{sample.name} {status} {error or ''}".strip()] += 1

    def requests(self) -> Latencies:
        return merged("other users' requests", (self.email_start, self.email_verify, self.plain))


async def post(session: aiohttp.ClientSession, url: str, body: dict[str, Any]) -> tuple[int, Any]:
    async with session.post(url, json=body) as response:
        try:
            return response.status, await response.json()
        except (aiohttp.ContentTypeError, ValueError):
            return response.status, await response.text()


async def email_login(
    session: aiohttp.ClientSession, base: str, user: BenchUser, book: CodeBook, phase: Phase
) -> None:
    """Start a login, read the code from the SMTP server (not timed), verify it."""
    body = {"email": user.email, "ip": OTHERS_IP, "user_agent": USER_AGENT}
    with phase.email_start.timed():
        status, started = await post(session, f"{base}/v1/logins", body)
    if status != 200 or not isinstance(started, dict) or started.get("second_factor") != "required":
        phase.wrong(phase.email_start, status, started)
        return
    code = await book.take(user.email)
    with phase.email_verify.timed():
        status, verified = await post(
            session,
            f"{base}/v1/logins/{started['login_id']}/verify",
            {"code": code, "remember_device": False},
        )
    if status != 200 or not isinstance(verified, dict) or verified.get("verified") is not True:
        phase.wrong(phase.email_verify, status, verified)


async def plain_login(session: aiohttp.ClientSession, base: str, user: BenchUser, phase: Phase) -> None:
    body = {"email": user.email, "ip": OTHERS_IP, "user_agent": USER_AGENT}
    with phase.plain.timed():
        status, answer = await post(session, f"{base}/v1/logins", body)
    if status != 200 or not isinstance(answer, dict) or answer.get("second_factor") != "not_enabled":
        phase.wrong(phase.plain, status, answer)


async def sms_login(session: aiohttp.ClientSession, base: str, user: BenchUser, book: CodeBook) -> None:
    """A login by SMS through the Twilio-shaped server while it answers (checks the SMS path works)."""
    body = {"email": user.email, "ip": HANGERS_IP, "user_agent": USER_AGENT}
    status, started = await post(session, f"{base}/v1/logins", body)
    if status != 200 or not isinstance(started, dict) or started.get("second_factor") != "required":
        raise RuntimeError(f"an SMS login was answered {status} {started}")
    code = await book.take(user.phone_e164)
    status, verified = await post(
        session, f"{base}/v1/logins/{started['login_id']}/verify", {"code": code, "remember_device": False}
    )
    if status != 200 or not isinstance(verified, dict) or verified.get("verified") is not True:
        raise RuntimeError(f"an SMS login's verify was answered {status} {verified}")


async def paced(
    session: aiohttp.ClientSession,
    base: str,
    emails: Iterator[BenchUser],
    plains: Iterator[BenchUser],
    book: CodeBook,
    phase: Phase,
    count: int,
    rate: float,
) -> None:
    """`count` logins, the k-th started at k / `rate` seconds: even ones 2FA by email, odd ones none."""
    began = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        for k in range(count):
            await asyncio.sleep(max(0.0, began + k / rate - time.perf_counter()))
            if k % 2 == 0:
                group.create_task(email_login(session, base, next(emails), book, phase))
            else:
                group.create_task(plain_login(session, base, next(plains), phase))


async def poll_health(session: aiohttp.ClientSession, base: str, phase: Phase, done: asyncio.Event) -> None:
    while not done.is_set():
        with phase.health.timed():
            async with session.get(f"{base}/healthz") as response:
                status, body = response.status, await response.text()
        if status != 200:
            phase.wrong(phase.health, status, body[:80])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), HEALTH_EVERY)


@dataclass
class Hangers:
    """Logins of users with 2FA by SMS kept waiting on the hanging Twilio server."""

    seconds: list[float] = field(default_factory=list)
    answers: Counter[str] = field(default_factory=Counter)
    wrong: int = 0


async def hang_loop(
    session: aiohttp.ClientSession,
    base: str,
    users: Iterator[BenchUser],
    stop: asyncio.Event,
    out: Hangers,
    delay: float,
) -> None:
    """After `delay`, one hanging login after another until `stop`: each should end `502 undelivered`."""
    await asyncio.sleep(delay)
    while not stop.is_set():
        user = next(users)
        started = time.perf_counter()
        body = {"email": user.email, "ip": HANGERS_IP, "user_agent": USER_AGENT}
        status, answer = await post(session, f"{base}/v1/logins", body)
        out.seconds.append(time.perf_counter() - started)
        error = answer.get("error") if isinstance(answer, dict) else None
        problem = answer.get("problem") if isinstance(answer, dict) else None
        out.answers[f"{status} {error} ({problem})"] += 1
        if status != 502 or error != "undelivered":
            out.wrong += 1


async def provider_stats(session: aiohttp.ClientSession, twilio: str) -> dict[str, Any]:
    async with session.get(f"{twilio}/control/stats") as response:
        stats: dict[str, Any] = await response.json()
        return stats


async def sample_hanging(read: Callable[[], Awaitable[int]], every: float, done: asyncio.Event) -> list[int]:
    """How many sends hang at the provider, read every `every` seconds until `done`."""
    samples: list[int] = []
    while not done.is_set():
        samples.append(await read())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), every)
    return samples


def hanging_line(samples: list[int], hangers: int) -> tuple[str, bool]:
    """What the samples say, and whether the hang was in place (on average 90% of the hangers in flight)."""
    mean = sum(samples) / len(samples) if samples else 0.0
    text = f"sends hanging at the provider during the phase: mean {mean:.1f}, min {min(samples, default=0)}"
    return text, mean >= 0.9 * hangers


async def set_hang(session: aiohttp.ClientSession, twilio: str, on: bool) -> None:
    async with session.post(f"{twilio}/control/hang", data="on" if on else "off") as response:
        response.raise_for_status()


def show_phase(phase: Phase, seconds: float, cpu: float) -> Summary:
    requests = summarise(phase.requests(), seconds, cpu)
    print(f"{phase.name}:")
    print(requests.line("req"))
    for part in (phase.email_start, phase.email_verify, phase.plain, phase.health):
        print(summarise(part, seconds).latency_line())
    for what, count in phase.unexpected.most_common():
        print(f"    unexpected answer x{count}: {what}")
    return requests


async def run_api_phase(
    session: aiohttp.ClientSession,
    base: str,
    api: Child,
    book: CodeBook,
    phase: Phase,
    emails: Iterator[BenchUser],
    plains: Iterator[BenchUser],
    count: int,
    rate: float,
    twilio: str,
) -> tuple[float, float, list[int]]:
    done = asyncio.Event()
    health = asyncio.create_task(poll_health(session, base, phase, done))

    async def hanging_now() -> int:
        return int((await provider_stats(session, twilio))["sms_hanging_now"])

    hanging = asyncio.create_task(sample_hanging(hanging_now, HEALTH_EVERY, done))
    began, cpu = time.perf_counter(), machine.cpu_seconds(api.process.pid)
    try:
        await paced(session, base, emails, plains, book, phase, count, rate)
    finally:
        done.set()
        await health
        samples = await hanging
    return time.perf_counter() - began, machine.cpu_seconds(api.process.pid) - cpu, samples


async def measure_api(backend: str, seconds: float, rate: float, hangers: int) -> bool:
    per_phase = max(2, round(rate * seconds))
    emails_needed = WARM_UP_EMAIL + 2 * math.ceil(per_phase / 2)
    plains_needed = WARM_UP_PLAIN + 2 * (per_phase // 2)
    # each hanging login ends at the Twilio client's timeout (10 s); a fresh user each time, margin kept
    sms_needed = WARM_UP_SMS + hangers * (math.ceil(seconds / 5) + 6)
    total = emails_needed + plains_needed + sms_needed
    email_range = range(emails_needed)
    sms_range = range(emails_needed, emails_needed + sms_needed)
    async with database(backend) as (url, folder):
        await seed_users(url, total, with_email=email_range, with_sms=sms_range)
        emails = iter([bench_user(i) for i in email_range])
        smses = iter([bench_user(i) for i in sms_range])
        plains = iter([bench_user(i) for i in range(emails_needed + sms_needed, total)])
        heading(
            f"Login API on {backend_label(backend)}, `twofa serve`'s worker with real gateways "
            f"(SMTP to aiosmtpd, Twilio API to a Twilio-shaped server, both on loopback): "
            f"{rate:g} logins/s for {seconds:g} s per phase, {hangers} hanging SMS logins in phase (b)"
        )
        book = CodeBook()
        async with child_process([SCRIPT, "--child", "providers"], book) as providers:
            ports = await providers.ready(1)
            twilio = str(ports["twilio_url"])
            arguments = [
                *(SCRIPT, "--child", "api", "--database-url", url, "--folder", str(folder)),
                *("--smtp-port", str(ports["smtp_port"]), "--twilio-url", twilio),
            ]
            async with (
                child_process(arguments) as api,
                aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=200), headers=AUTH) as session,
            ):
                base = f"http://{HOST}:{(await api.ready(1))['port']}"
                warm = Phase("warm-up")
                for _ in range(WARM_UP_SMS):
                    await sms_login(session, base, next(smses), book)
                await paced(session, base, emails, plains, book, warm, 2 * WARM_UP_PLAIN, 4 * rate)
                if warm.requests().failures:
                    show_phase(warm, 1.0, 0.0)
                    return False

                normal = Phase("(a) normal")
                wall, cpu, _ = await run_api_phase(
                    session, base, api, book, normal, emails, plains, per_phase, rate, twilio
                )
                a = show_phase(normal, wall, cpu)

                hung = Phase(f"(b) Twilio hanging, {hangers} SMS logins waiting on it throughout")
                await set_hang(session, twilio, True)
                stop, out = asyncio.Event(), Hangers()
                loops = [  # staggered by STAGGER seconds, as hangs arrive in life (not all at one instant)
                    asyncio.create_task(hang_loop(session, base, smses, stop, out, i * STAGGER))
                    for i in range(hangers)
                ]
                try:
                    deadline = time.perf_counter() + 10.0 + hangers * STAGGER
                    while (await provider_stats(session, twilio))["sms_hanging_now"] < hangers:
                        if time.perf_counter() > deadline:
                            raise RuntimeError("the SMS logins did not reach the hanging Twilio server")
                        await asyncio.sleep(0.05)
                    wall, cpu, samples = await run_api_phase(
                        session, base, api, book, hung, emails, plains, per_phase, rate, twilio
                    )
                finally:
                    stop.set()
                    await asyncio.gather(*loops)
                    await set_hang(session, twilio, False)
                b = show_phase(hung, wall, cpu)
                totals = await provider_stats(session, twilio)
        hang_p50 = summarise(Latencies("hanging", out.seconds), 1.0).p50_ms / 1000
        hanging_text, hanging_in_place = hanging_line(samples, hangers)
        print(
            f"  hanging SMS logins: {len(out.seconds)} (answers: "
            + ", ".join(f"{count} x {what}" for what, count in out.answers.most_common())
            + f"), each {hang_p50:.1f} s (p50); Twilio calls left unanswered: {totals['sms_hung']}; "
            + hanging_text
        )
        print(
            f"  emails through SMTP: {totals['emails']} ({totals['email_notices']} without a code); "
            f"SMS accepted by the Twilio-shaped server: {totals['sms']}"
        )
    health_a = summarise(normal.health, 1.0)
    health_b = summarise(hung.health, 1.0)
    print(
        f"  other users' p50/p99: (a) {a.p50_ms:.1f} / {a.p99_ms:.1f} ms, (b) {b.p50_ms:.1f} / "
        f"{b.p99_ms:.1f} ms: p99 {b.p99_ms - a.p99_ms:+.1f} ms during the hang; /healthz during the hang "
        f"{health_b.count - health_b.failures}/{health_b.count} x 200, p99 {health_b.p99_ms:.1f} ms "
        f"({health_a.p99_ms:.1f} ms before)"
    )
    if not hanging_in_place:
        print("  WRONG: the hang was not in place throughout phase (b)")
    failures = a.failures + b.failures + health_a.failures + health_b.failures + out.wrong
    return failures == 0 and hanging_in_place


# -- the conversation engine ----------------------------------------------------------------------------


class HangingSms:
    """An SMS sender whose every call waits forever (only the code's send deadline ends it)."""

    def __init__(self) -> None:
        self.calls = 0
        self.now = 0

    async def send_sms(self, message: OutgoingSms) -> None:
        self.calls += 1
        self.now += 1
        try:
            await asyncio.Event().wait()
        finally:
            self.now -= 1


class Chat:
    """A chat talking to the assistant directly; its messages are timed into `sample` when given."""

    def __init__(
        self, handle: Callable[[Incoming], Awaitable[Any]], chat_id: str, updates: Iterator[int]
    ) -> None:
        self._handle = handle
        self._chat_id = chat_id
        self._updates = updates

    async def send(self, expect: str, sample: Latencies | None, text: str = "", button: str = "") -> str:
        incoming = Incoming(
            self._chat_id, text=text or None, button=button or None, update_id=next(self._updates)
        )
        started = time.perf_counter()
        replies = await self._handle(incoming)
        if sample is not None:
            sample.add(time.perf_counter() - started)
        return check("\n".join(reply.text for reply in replies), expect)


async def enable_email(chat: Chat, user: BenchUser, book: CodeBook, sample: Latencies | None) -> None:
    """Link by email, then turn on 2FA by email: seven messages, two codes by email (reading not timed)."""
    await chat.send("email address", sample, text="/start")
    await chat.send("we sent it a code", sample, text=user.email)
    await chat.send("now linked", sample, text=await book.take(user.email))
    await chat.send("SMS or email", sample, text="/enable")
    await chat.send("email", sample, button="method:email")
    await chat.send("We sent a code to", sample, text=user.email)
    await chat.send("2FA is on", sample, text=await book.take(user.email))


async def hanging_chat(chat: Chat, user: BenchUser, book: CodeBook) -> float:
    """Link, choose SMS, type the number: the SMS hangs until the send deadline. Returns that step's time."""
    await chat.send("email address", None, text="/start")
    await chat.send("we sent it a code", None, text=user.email)
    await chat.send("now linked", None, text=await book.take(user.email))
    await chat.send("SMS or email", None, text="/enable")
    await chat.send("mobile number", None, button="method:sms")
    started = time.perf_counter()
    await chat.send("We could not send a code", None, text=user.phone_typed)
    return time.perf_counter() - started


@dataclass
class ChatPhase:
    name: str
    messages: Latencies = field(default_factory=lambda: Latencies("other chats' messages"))
    failed: list[str] = field(default_factory=list)


async def chats_paced(
    new_chat: Callable[[BenchUser], Chat],
    users: Iterator[BenchUser],
    book: CodeBook,
    phase: ChatPhase,
    count: int,
    rate: float,
) -> None:
    async def one(user: BenchUser) -> None:
        try:
            await enable_email(new_chat(user), user, book, phase.messages)
        except Exception as error:  # counted and shown, the others go on
            phase.messages.failures += 1
            phase.failed.append(f"{user.email}: {type(error).__name__}: {str(error)[:200]}")

    began = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        for k in range(count):
            await asyncio.sleep(max(0.0, began + k / rate - time.perf_counter()))
            group.create_task(one(next(users)))


async def measure_chat(backend: str, seconds: float, rate: float, hangers: int) -> bool:
    per_phase = max(1, round(rate * seconds))
    others_needed = WARM_UP_CHATS + 2 * per_phase
    # each hanging chat ends at the send deadline (20 s by default); a fresh user each time, margin kept
    hanging_needed = hangers * (math.ceil(seconds / 10) + 4)
    async with database(backend) as (url, folder):
        await seed_users(url, others_needed + hanging_needed)
        others = iter([bench_user(i) for i in range(others_needed)])
        hanging_users = iter([bench_user(i) for i in range(others_needed, others_needed + hanging_needed)])
        book = CodeBook()
        sms = HangingSms()
        settings = bench_settings(url, folder)
        services = await build_services(settings, stream=None, email=BookSender(book), sms=sms)
        updates = itertools.count(1)

        def new_chat(user: BenchUser) -> Chat:
            return Chat(services.assistant.handle, f"tg:{6_000_000 + user.index}", updates)

        heading(
            f"Chats on {backend_label(backend)}, the engine in-process (fake email sender): "
            f"{rate:g} new chats/s x 7 messages for {seconds:g} s per phase; in phase (b) {hangers} chats' "
            f"SMS sender awaits forever (send deadline {settings.code_send_deadline_seconds:g} s)"
        )
        try:
            warm = ChatPhase("warm-up")
            await chats_paced(new_chat, others, book, warm, WARM_UP_CHATS, 4 * rate)
            normal = ChatPhase("(a) normal")
            began, cpu = time.perf_counter(), machine.cpu_seconds()
            await chats_paced(new_chat, others, book, normal, per_phase, rate)
            a = summarise(normal.messages, time.perf_counter() - began, machine.cpu_seconds() - cpu)

            hung = ChatPhase(f"(b) {hangers} chats' SMS hanging throughout")
            stop = asyncio.Event()
            steps: list[float] = []
            wrong: list[str] = []

            async def hang_loop(delay: float) -> None:
                await asyncio.sleep(delay)
                while not stop.is_set():
                    user = next(hanging_users)
                    try:
                        steps.append(await hanging_chat(new_chat(user), user, book))
                    except Exception as error:
                        wrong.append(f"{user.email}: {type(error).__name__}: {str(error)[:200]}")
                        return

            loops = [asyncio.create_task(hang_loop(i * STAGGER)) for i in range(hangers)]
            try:
                deadline = time.perf_counter() + 10.0 + hangers * STAGGER
                while sms.now < hangers and not wrong:
                    if time.perf_counter() > deadline:
                        raise RuntimeError("the hanging chats did not reach their SMS sender")
                    await asyncio.sleep(0.02)
                done = asyncio.Event()

                async def hanging_now() -> int:
                    return sms.now

                sampler = asyncio.create_task(sample_hanging(hanging_now, 0.05, done))
                began, cpu = time.perf_counter(), machine.cpu_seconds()
                await chats_paced(new_chat, others, book, hung, per_phase, rate)
                b = summarise(hung.messages, time.perf_counter() - began, machine.cpu_seconds() - cpu)
                done.set()
                hanging_text, in_place = hanging_line(await sampler, hangers)
            finally:
                stop.set()
                await asyncio.gather(*loops)
        finally:
            await services.aclose()
    print(f"{normal.name}:")
    print(a.line())
    print(f"{hung.name}:")
    print(b.line())
    step = summarise(Latencies("hanging", steps), 1.0)
    print(
        f'  hanging chats: {len(steps)} number steps answered "We could not send a code ..." after '
        f"{step.p50_ms / 1000:.1f} s (p50); SMS sends left hanging: {sms.calls}; {hanging_text}"
    )
    print(
        f"  other chats' p50/p99 per message: (a) {a.p50_ms:.1f} / {a.p99_ms:.1f} ms, (b) {b.p50_ms:.1f} / "
        f"{b.p99_ms:.1f} ms: p99 {b.p99_ms - a.p99_ms:+.1f} ms during the hang"
    )
    for phase in (warm, normal, hung):
        for reason in phase.failed[:3]:
            print(f"  FAILED ({phase.name}): {reason}")
    for reason in wrong[:3]:
        print(f"  WRONG (hanging chat): {reason}")
    if not in_place:
        print("  WRONG: the hang was not in place throughout phase (b)")
    failures = warm.messages.failures + a.failures + b.failures + len(wrong)
    return failures == 0 and in_place


# -- the child processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


async def serve_api(options: argparse.Namespace) -> None:
    """`twofa serve`'s worker (API + notice and due-code loop) with the gateways its settings name."""
    port = free_port()
    settings = bench_settings(
        options.database_url,
        Path(options.folder),
        smtp_host=HOST,
        smtp_port=options.smtp_port,
        sms_provider="twilio",
        twilio_account_sid=ACCOUNT_SID,
        twilio_auth_token=AUTH_TOKEN,
        twilio_from=FROM_NUMBER,
        twilio_api_url=options.twilio_url,
        http_host=HOST,
        http_port=port,
    )
    services = await build_services(settings, stream=None)
    stop = asyncio.Event()
    worker = asyncio.create_task(run_worker(services, stop))
    try:
        while True:  # listening once a connection is accepted
            if worker.done():
                await worker  # raises what stopped it
                raise RuntimeError("the worker stopped before it listened")
            try:
                _, writer = await asyncio.open_connection(HOST, port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            await writer.wait_closed()
            break
        announce("READY", {"port": port})
        await until_told_to_stop()
    finally:
        stop.set()
        await worker
        await services.aclose()


async def main(options: argparse.Namespace) -> int:
    seconds = options.seconds or (6.0 if options.quick else 20.0)
    print(machine.describe())
    print(
        "login API: worker, SMTP/Twilio-shaped servers and clients in three processes; "
        "chats: engine in this process"
    )

    async def measure(backend: str) -> bool:
        ok = True
        if options.part in ("api", "both"):
            ok = await measure_api(backend, seconds, options.rate, options.hangers) and ok
        if options.part in ("chat", "both"):
            ok = await measure_chat(backend, seconds, options.rate / 4, options.hangers) and ok
        return ok

    return await cli.on_each_backend(options.backend, "Provider hang", measure)


def arguments() -> argparse.Namespace:
    parser = cli.parser(__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--seconds", type=float, help="length of each phase (default 20; --quick 6)")
    parser.add_argument(
        "--rate", type=float, default=20.0, help="logins per second (default 20; chats: a quarter of it)"
    )
    parser.add_argument("--hangers", type=int, default=10, help="hanging SMS logins/chats (default 10)")
    parser.add_argument("--part", choices=["api", "chat", "both"], default="both")
    parser.add_argument("--child", choices=["api", "providers"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--smtp-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--twilio-url", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    parsed = arguments()
    if parsed.child:
        logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
        child = serve_api(parsed) if parsed.child == "api" else serve_providers()
        sys.exit(asyncio.run(child))
    sys.exit(cli.run(lambda: main(parsed)))
