"""Bench 2: the whole Telegram bot end to end, beside a bare python-telegram-bot echo bot.

    .venv/bin/python bench/bot_e2e.py [--quick] [--users N] [--concurrency N] [--backend sqlite|postgres]

Each bot runs in a process of its own (as in production, where Telegram is remote), long-polling the
loopback Bot API of the end-to-end tests (`FakeBotApi`), which runs in this process with the simulated
users. Our bot is the product's: `build_services` + `TelegramFrontEnd(...).build()` + `run_polling`,
fake code senders (codes come back over a pipe). Every user links and enables SMS 2FA (seven updates);
the echo bot gets the same seven texts per user and answers each with its text. Latency is from the
update being queued at the Bot API to the expected reply arriving there.

Rate limiting: the product builds its bot with `AIORateLimiter`, which paces all sending to Telegram's
30 messages per second. That ceiling is Telegram's, not our code's, so the comparison with the echo bot
(no limiter) lifts it (`AIORateLimiter(overall_max_rate=0, group_max_rate=0)`: the same code path
without pacing); the full run also shows a short run with the limiter as built.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import logging
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

from benchkit import cli, machine
from benchkit.botapi import BenchBotApi
from benchkit.child import Child, announce, child_process, until_told_to_stop
from benchkit.codes import CodeBook, PipeSender
from benchkit.databases import (
    BenchUser,
    backend_label,
    bench_settings,
    bench_user,
    database,
    seed_users,
)
from benchkit.flow import (
    MESSAGES_PER_USER,
    STEP_NAMES,
    UnexpectedReply,
    link_and_enable_sms,
    run_concurrently,
)
from benchkit.stats import Latencies, Summary, heading, merged, summarise
from telegram import Update
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, MessageHandler, filters

import bot.telegram
from app.wiring import build_services
from bot.telegram import SOMETHING_WENT_WRONG
from tests.support.fake_bot_api import SentMessage

SCRIPT = str(Path(__file__).resolve())
REPLY_TIMEOUT = 60.0
WARM_UP_USERS = 20
THROTTLED_USERS = 40  # the run with the product's rate limiter as built (full size only)
ECHO_CONCURRENCY = 64  # the same number of updates at a time as our PerChatUpdateProcessor
LABELS = {
    "echo": "bare PTB echo bot",
    "ours": "our bot (limiter unthrottled)",
    "ours-throttled": "our bot (limiter as built)",
}


class Timeline:
    """Waits for a chat's replies at the Bot API and times them from the moment the update was queued."""

    def __init__(self, api: BenchBotApi, chat_id: int, by_step: list[Latencies]) -> None:
        self.api = api
        self.chat_id = chat_id
        self.by_step = by_step
        self.last_with_buttons: SentMessage | None = None

    async def reply(self, step: int, queued_at: float, expect: Callable[[str], bool]) -> str:
        inbox = self.api.inbox(self.chat_id)
        async with asyncio.timeout(REPLY_TIMEOUT):
            while True:
                sent, arrived_at = await inbox.get()
                if sent.reply_markup:
                    self.last_with_buttons = sent
                if sent.text == SOMETHING_WENT_WRONG:  # the step failed and was rolled back
                    raise UnexpectedReply(f"chat {self.chat_id}, step {step}: the bot said {sent.text!r}")
                if expect(sent.text):
                    self.by_step[step].add(arrived_at - queued_at)
                    return sent.text


class BotChat(Timeline):
    """A simulated Telegram user of our bot."""

    async def say(self, step: int, text: str, expect: str) -> str:
        queued_at = time.perf_counter()
        self.api.push_message(self.chat_id, text)
        return await self.reply(step, queued_at, lambda reply: expect in reply)

    async def press(self, step: int, data: str, expect: str) -> str:
        if self.last_with_buttons is None:
            raise LookupError(f"chat {self.chat_id}: no message with buttons to press {data!r} on")
        queued_at = time.perf_counter()
        self.api.push_callback(self.chat_id, self.last_with_buttons.message_id, data)
        return await self.reply(step, queued_at, lambda reply: expect in reply)


class EchoChat(Timeline):
    """A simulated user of the echo bot: the same seven texts (the button press becomes the word SMS)."""

    async def say(self, step: int, text: str, expect: str) -> str:
        queued_at = time.perf_counter()
        self.api.push_message(self.chat_id, text)
        return await self.reply(step, queued_at, lambda reply: reply == text)

    async def press(self, step: int, data: str, expect: str) -> str:
        return await self.say(step, "SMS", "SMS")


async def drive(
    kind: str, users: list[BenchUser], concurrency: int, child: Child, api: BenchBotApi
) -> tuple[Summary, float]:
    """Every user's seven updates, `concurrency` users at a time: the figures (with the bot process's
    CPU time) and the CPU time of this process (Bot API fake and users) over the same run."""
    by_step = [Latencies(name) for name in STEP_NAMES]

    async def run(user: BenchUser) -> None:
        if kind == "echo":
            await echo_flow(user, EchoChat(api, 6_000_000 + user.index, by_step))
        else:
            await link_and_enable_sms(user, BotChat(api, 5_000_000 + user.index, by_step), child.book)

    pid = child.process.pid
    started, bot_cpu, own_cpu = time.perf_counter(), machine.cpu_seconds(pid), machine.cpu_seconds()
    failures = await run_concurrently(users, concurrency, run)
    seconds = time.perf_counter() - started
    bot_cpu, own_cpu = machine.cpu_seconds(pid) - bot_cpu, machine.cpu_seconds() - own_cpu
    failures.report()
    latencies = merged(LABELS[kind], by_step)
    latencies.failures = failures.count
    return summarise(latencies, seconds, bot_cpu), own_cpu


async def echo_flow(user: BenchUser, chat: EchoChat) -> None:
    for step, text in enumerate(
        ("/start", user.email, "123456", "/enable", "SMS", user.phone_typed, "654321")
    ):
        await chat.say(step, text, text)


async def measure_bot(
    kind: str, url: str, folder: Path, warm_up: list[BenchUser], users: list[BenchUser], concurrency: int
) -> tuple[Summary, float]:
    """Start the bot `kind` (ours, ours-throttled or echo) in a child process and drive it."""
    async with BenchBotApi(first_update_id=1 + 10_000_000 * list(LABELS).index(kind)) as api:
        arguments = [SCRIPT, "--child", kind, "--api-url", api.base_url, "--token", api.token]
        arguments += ["--database-url", url, "--folder", str(folder)]
        async with child_process(arguments, CodeBook()) as child:
            if warm_up:
                await drive(kind, warm_up, concurrency, child, api)
            return await drive(kind, users, concurrency, child, api)


async def measure(backend: str, users: int, concurrency: int, quick: bool) -> bool:
    async with database(backend) as (url, folder):
        total = users + 2 * WARM_UP_USERS + THROTTLED_USERS
        await seed_users(url, total)
        counted = [bench_user(i) for i in range(users)]
        warm_up = [bench_user(users + i) for i in range(WARM_UP_USERS)]
        echo_warm_up = [bench_user(users + WARM_UP_USERS + i) for i in range(WARM_UP_USERS)]
        throttled = [bench_user(users + 2 * WARM_UP_USERS + i) for i in range(THROTTLED_USERS)]
        echo, echo_driver = await measure_bot("echo", url, folder, echo_warm_up, counted, concurrency)
        ours, ours_driver = await measure_bot("ours", url, folder, warm_up, counted, concurrency)
        limited = None
        if not quick:
            limited, _ = await measure_bot("ours-throttled", url, folder, [], throttled, concurrency)
    heading(
        f"Bot end to end on {backend_label(backend)}: {users} users x {MESSAGES_PER_USER} updates, "
        f"{concurrency} users at a time; {WARM_UP_USERS} warm-up users per bot first, not counted"
    )
    for summary, driver in ((echo, echo_driver), (ours, ours_driver)):
        print(summary.line("upd"))
        print(
            f"  {'':32} busy: bot process {100 * (summary.cpu_seconds or 0) / summary.seconds:3.0f}% "
            f"of a core, Bot API fake + users {100 * driver / summary.seconds:3.0f}%"
        )
    ratio = ours.rate / echo.rate if echo.rate else 0.0
    verdict = "met" if ratio >= 0.5 else "NOT met"
    print(f"  ratio ours/echo, updates per second: {ratio:.2f} (target >= 0.50: {verdict}); "
          f"p99 {ours.p99_ms:.0f} ms vs {echo.p99_ms:.0f} ms")  # fmt: skip
    if ours.cpu_ms_each and echo.cpu_ms_each:
        print(
            f"  ratio by the bot process's CPU per update (steadier when other processes compete): "
            f"{echo.cpu_ms_each / ours.cpu_ms_each:.2f}; one core would serve about "
            f"{1000 / ours.cpu_ms_each:.0f} updates/s of ours, {1000 / echo.cpu_ms_each:.0f} of the echo bot"
        )
    if limited is not None:
        print(limited.line("upd"))
        print(
            f"  (as built, AIORateLimiter paces every request with a chat_id to 30/s: {THROTTLED_USERS} "
            "users; this is Telegram's broadcast limit, the same for any bot that uses it)"
        )
    return echo.failures == 0 and ours.failures == 0 and (limited is None or limited.failures == 0)


# -- the bots, each in its own process ---------------------------------------------------------------


@contextlib.contextmanager
def unthrottled_rate_limiter() -> Iterator[None]:
    """`TelegramFrontEnd.build()` gets `AIORateLimiter` with its pacing off (0 = no limit), nothing else."""
    unpaced = functools.partial(AIORateLimiter, overall_max_rate=0, group_max_rate=0)
    setattr(bot.telegram, "AIORateLimiter", unpaced)  # noqa: B010  (the module imported the name)
    try:
        yield
    finally:
        setattr(bot.telegram, "AIORateLimiter", AIORateLimiter)  # noqa: B010


async def serve_ours(options: argparse.Namespace) -> None:
    """The product's bot: services, the Telegram front-end and `run_polling`, until told to stop."""
    settings = bench_settings(
        options.database_url,
        Path(options.folder),
        telegram_token=options.token,
        telegram_api_url=options.api_url,
    )
    sender = PipeSender()
    services = await build_services(settings, stream=None, email=sender, sms=sender)
    try:
        if options.child == "ours-throttled":
            application = bot.telegram.TelegramFrontEnd(services.assistant).build(
                options.token, options.api_url
            )
        else:
            with unthrottled_rate_limiter():
                application = bot.telegram.TelegramFrontEnd(services.assistant).build(
                    options.token, options.api_url
                )
        stop = asyncio.Event()
        polling = asyncio.create_task(bot.telegram.run_polling(application, stop))
        await _until_polling(application, polling)
        announce("READY", {})
        await until_told_to_stop()
        stop.set()
        await polling
    finally:
        await services.aclose()


async def _until_polling(application: Any, polling: asyncio.Task[None]) -> None:
    while not (application.updater is not None and application.updater.running):
        if polling.done():
            await polling  # raises what stopped it
            raise RuntimeError("polling ended before it started")
        await asyncio.sleep(0.01)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text with the same text."""
    if update.effective_message is not None and update.effective_message.text is not None:
        await update.effective_message.reply_text(update.effective_message.text)


async def serve_echo(options: argparse.Namespace) -> None:
    """A bare python-telegram-bot echo bot: no rate limiter, the same number of updates at a time."""
    application = (
        ApplicationBuilder()
        .token(options.token)
        .base_url(options.api_url)
        .concurrent_updates(ECHO_CONCURRENCY)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=["message", "callback_query"])
        announce("READY", {})
        await until_told_to_stop()
        await application.updater.stop()
        await application.stop()


def child_main(options: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    serve: Callable[[argparse.Namespace], Coroutine[Any, Any, None]] = (
        serve_echo if options.child == "echo" else serve_ours
    )
    asyncio.run(serve(options))
    return 0


async def main(options: argparse.Namespace) -> int:
    users = cli.sized(options.quick, options.users, 300, 60)
    print(machine.describe())
    print("bots in child processes; Bot API fake and simulated users in this one; fake code senders")
    return await cli.on_each_backend(
        options.backend,
        "Bot end to end",
        lambda backend: measure(backend, users, options.concurrency, options.quick),
    )


def arguments() -> argparse.Namespace:
    parser = cli.parser(__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--users", type=int, help="simulated users (default 300; --quick 60)")
    parser.add_argument("--concurrency", type=int, default=50, help="users at a time (default 50)")
    parser.add_argument("--child", choices=["ours", "ours-throttled", "echo"], help=argparse.SUPPRESS)
    for name in ("--api-url", "--token", "--database-url", "--folder"):
        parser.add_argument(name, help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    parsed = arguments()
    sys.exit(child_main(parsed) if parsed.child else cli.run(lambda: main(parsed)))
