"""Bench 4: resident memory of one worker with 100,000 users and 10,000 open conversations.

    .venv/bin/python bench/memory.py [--quick] [--users N] [--conversations N] [--steps N]
                                     [--backend sqlite|postgres]

This process fills a fresh database with bulk SQL (executemany): the users, 45,000 of them with 2FA by
SMS, and 10,000 linked chats mid-way through turning 2FA on (half typing their number, half with a code
pending). Then it starts the measured worker in a child process, so none of the loading counts: the child
builds what a worker builds (`build_services`, a `TelegramFrontEnd` application built but not polling,
the HTTP API listening on loopback), runs a few hundred steps (open conversations carried on, `/status`,
API logins), and reports its resident memory (VmRSS) and peak (VmHWM) at each stage. Target: < 200 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import logging
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from benchkit import cli, machine
from benchkit.child import announce, child_process
from benchkit.codes import BookSender, CodeBook
from benchkit.databases import (
    backend_label,
    bench_settings,
    bench_user,
    database,
    seed_users,
)
from sqlalchemy import insert

from api.app import init_app
from app.wiring import build_services
from bot.telegram import TelegramFrontEnd
from domain.core.destinations import mask_phone
from domain.core.otp import code_for
from domain.core.replies import Incoming
from storage.engine import create_engine
from storage.repos_base import to_json
from storage.tables import ChallengeRow, ChatLinkRow, ConversationRow

SCRIPT = str(Path(__file__).resolve())
TARGET_MB = 200.0
CHUNK = 5_000
FAKE_TOKEN = "123456789:memory-benchmark-token"


def chat_of(index: int) -> str:
    return f"tg:{7_000_000 + index}"


def challenge_of(index: int) -> str:
    return f"bench-challenge-{index:08d}"


async def fill(url: str, users: int, conversations: int) -> None:
    """`users` users (one in two from the middle on with 2FA by SMS, for API logins) and the first
    `conversations` of them linked, mid-way through turning 2FA on: half typing their number, half with
    a code sent and pending."""
    sms_from = conversations
    await seed_users(url, users, with_sms=range(sms_from, sms_from + (users - sms_from) // 2))
    now = datetime.now(UTC)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            for start in range(0, conversations, CHUNK):
                chunk = range(start, min(conversations, start + CHUNK))
                await connection.execute(
                    insert(ChatLinkRow),
                    [{"chat_id": chat_of(i), "user_id": i + 1, "linked_at": now} for i in chunk],
                )
                pending = [i for i in chunk if i % 2]
                await connection.execute(
                    insert(ChallengeRow),
                    [
                        {
                            "id": challenge_of(i),
                            "user_id": i + 1,
                            "purpose": "enable",
                            "channel": "sms",
                            "destination": bench_user(i).phone_e164,
                            "created_at": now,
                            "expires_at": now + timedelta(hours=1),
                            "last_sent_at": now,
                            "sends": 1,
                            "attempts": 0,
                            "status": "pending",
                            "chat_id": chat_of(i),
                        }
                        for i in pending
                    ],
                )
                await connection.execute(insert(ConversationRow), [conversation(i, now) for i in chunk])
    finally:
        await engine.dispose()


def conversation(index: int, now: datetime) -> dict[str, Any]:
    if index % 2:
        data = {"method": "sms", "to": mask_phone(bench_user(index).phone_e164)}
        return {
            "chat_id": chat_of(index),
            "step": "enable_code",
            "challenge_id": challenge_of(index),
            "data": to_json(data),
            "updated_at": now,
        }
    data = {"method": "sms"}
    return {
        "chat_id": chat_of(index),
        "step": "enable_destination",
        "challenge_id": None,
        "data": to_json(data),
        "updated_at": now,
    }


async def measure(backend: str, users: int, conversations: int, steps: int) -> bool:
    async with database(backend) as (url, folder):
        await fill(url, users, conversations)
        arguments = [SCRIPT, "--child", "--database-url", url, "--folder", str(folder)]
        arguments += ["--users", str(users), "--conversations", str(conversations), "--steps", str(steps)]
        async with child_process(arguments, CodeBook(), ready_timeout=300) as child:
            result = await child.result()
        size = sum(path.stat().st_size for path in folder.glob("bench.db*"))
    heading = f"Memory of one worker on {backend_label(backend)}"
    print(f"\n== {heading}: {users} users, {conversations} open conversations, {result['steps']} steps run")
    for stage, (rss, peak) in result["stages"].items():
        print(f"  {stage:<58} RSS {rss:6.1f} MB   peak {peak:6.1f} MB")
    if size:
        print(f"  (SQLite file with WAL: {size / 1e6:.1f} MB on disk, not in the worker's memory)")
    final, peak = result["stages"]["after the steps, gc.collect()"]
    verdict = "met" if max(final, peak) < TARGET_MB else "NOT met"
    print(f"  resident {final:.1f} MB, peak {peak:.1f} MB (target < {TARGET_MB:.0f} MB: {verdict})")
    if result["failures"]:
        print(f"  FAILED steps: {result['failures']}; first: {result['first_failure']}")
    return verdict == "met" and not result["failures"]


# -- the measured worker --------------------------------------------------------------------------------


async def worker(options: argparse.Namespace) -> None:
    """Build the worker, run the steps, report memory at each stage (a RESULT line)."""
    stages: dict[str, tuple[float, float]] = {"interpreter and imports": machine.rss_mb()}
    book = CodeBook()
    sender = BookSender(book)
    settings = bench_settings(options.database_url, Path(options.folder))
    services = await build_services(settings, stream=None, email=sender, sms=sender)
    stages["build_services (engine, assistant, FAQ classifier ...)"] = machine.rss_mb()
    TelegramFrontEnd(services.assistant).build(FAKE_TOKEN, "http://127.0.0.1:9/bot")  # built, not polling
    runner = web.AppRunner(init_app(services), access_log=None)
    await runner.setup()
    failures: list[str] = []
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        stages["+ Telegram application built, HTTP API listening"] = machine.rss_mb()
        announce("READY", {})
        done = await exercise(services, book, options, failures)
        stages["after the steps"] = machine.rss_mb()
        gc.collect()
        stages["after the steps, gc.collect()"] = machine.rss_mb()
    finally:
        await runner.cleanup()
        await services.aclose()
    first = failures[0] if failures else None
    announce("RESULT", {"stages": stages, "steps": done, "failures": len(failures), "first_failure": first})


# FAQ questions (the sentence encoder runs for each) and a phrase its answer must hold.
QUESTIONS = (
    ("what happens if my phone gets stolen and I can't get codes", "account manager"),
    ("is it possible to get the codes by email instead of text", "three methods"),
    ("why does it keep asking me for a code every single day", "remembered"),
    ("my boss wants 2FA off for the whole team", "account manager"),
    # the other languages' model (faq/model_languages.json) too; the answers are English for now
    ("me robaron el móvil y ya no me llegan los códigos", "account manager"),
    ("Kann ich die Codes statt per SMS auch per E-Mail bekommen?", "three methods"),
    ("por que me pede o código todo santo dia, não lembra do meu computador?", "remembered"),
    ("mon chef veut couper la 2FA de toute l'équipe", "account manager"),
)


async def exercise(services: Any, book: CodeBook, options: argparse.Namespace, failures: list[str]) -> int:
    """About `steps` steps, a seventh of them each: the number typed, then the code (two), a pending code,
    `/status`, an API login and its verification (two), an FAQ question; random conversations and users
    (fixed seed)."""
    chooser = random.Random(7)
    per_kind = max(1, options.steps // 7)
    assistant, key = services.assistant, services.server_key
    update_ids = itertools.count(1)
    done = 0

    async def say(chat: str, text: str, expect: str) -> None:
        nonlocal done
        replies = await assistant.handle(Incoming(chat, text=text, update_id=next(update_ids)))
        done += 1
        said = "\n".join(reply.text for reply in replies)
        if expect not in said:
            failures.append(f"{chat} {text!r}: {said[:120]!r}")

    typing = chooser.sample(range(0, options.conversations, 2), per_kind)
    for index in typing:  # two steps each: the number, then the code texted to it
        await say(chat_of(index), bench_user(index).phone_typed, "We sent a code")
        await say(chat_of(index), book.take_now(bench_user(index).phone_e164), "2FA is on")
    for index in chooser.sample(range(1, options.conversations, 2), per_kind):  # the pending code
        await say(chat_of(index), code_for(key, challenge_of(index)), "2FA is on")
    for index in chooser.sample(range(options.conversations), per_kind):
        await say(chat_of(index), "/status", "2FA")
    for n, index in enumerate(chooser.sample(range(options.conversations), per_kind)):
        question, answer = QUESTIONS[n % len(QUESTIONS)]
        await say(chat_of(index), question, answer)
    sms_users = range(
        options.conversations, options.conversations + (options.users - options.conversations) // 2
    )
    for index in chooser.sample(sms_users, per_kind):
        user = bench_user(index)
        started = await services.logins.start(user.email, "", "203.0.113.7", "Firefox/132.0")
        verified = await services.logins.verify(started.login_id or "", book.take_now(user.phone_e164))
        done += 2
        if verified.status.value != "verified":
            failures.append(f"login {user.email}: {started.status} / {verified.status}")
    return done


async def main(options: argparse.Namespace) -> int:
    users = cli.sized(options.quick, options.users, 100_000, 100_000)
    conversations = cli.sized(options.quick, options.conversations, 10_000, 10_000)
    steps = cli.sized(options.quick, options.steps, 600, 240)
    print(machine.describe())
    print("bulk-loaded here; the worker measured in a child process")
    return await cli.on_each_backend(
        options.backend, "Memory", lambda backend: measure(backend, users, conversations, steps)
    )


def arguments() -> argparse.Namespace:
    parser = cli.parser(__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--users", type=int, help="users in the database (default 100000)")
    parser.add_argument("--conversations", type=int, help="open conversations (default 10000)")
    parser.add_argument("--steps", type=int, help="steps run by the worker (default 600; --quick 240)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    parsed = arguments()
    if parsed.child:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        asyncio.run(worker(parsed))
        sys.exit(0)
    sys.exit(cli.run(lambda: main(parsed)))
