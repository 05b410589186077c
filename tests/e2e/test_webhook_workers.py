"""Two real `twofa serve` webhook workers on one PostgreSQL database, fed as Telegram feeds them.

Updates are POSTed with the secret header to both workers alternately: per chat one at a time, each
waiting for its answer (Telegram's way), across chats all at once. Every conversation must end exactly as
when the same messages run one at a time against one worker: same replies, same state, each code sent
once. Redeliveries of an update, to either worker or both at once, must change nothing.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.accounts import admin
from domain.core.api_keys import KeyScope
from storage.engine import create_engine
from storage.uow import SqlUnitOfWorkFactory
from tests.support.api import seed_key
from tests.support.databases import truncate_all
from tests.support.fake_bot_api import JSON, FakeBotApi
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp import SmtpSink, body_of, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.asyncio(loop_scope="module")]

TWOFA = [sys.executable, "-m", "app.cli"]
SECRET = "webhook-secret-for-e2e-tests-0123456789_abcdef"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HOOK = "/telegram/webhook"
API_TOKEN = "an-api-token-for-the-webhook-e2e-tests-0123456789"
CONTRACT = "Northwind"
CHATS = 30
_CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
_RECOVERY = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}\b")
ENABLED = "Two-factor authentication was turned on"


def email_of(i: int) -> str:
    return f"user{i:02d}@example.com"


def phone_of(i: int) -> str:
    return f"+4474009000{i:02d}"  # UK mobiles, SMS region by default


def chat_of(i: int) -> int:
    return 6000 + i


@dataclass
class Workers:
    """Two worker processes, the fake Bot API and SMTP server they talk to, and the shared database."""

    api: FakeBotApi
    smtp: SmtpSink
    engine: AsyncEngine
    outbox: Path
    bases: list[str]
    http: aiohttp.ClientSession
    twilio: FakeTwilio
    sms_seen: int = 0  # messages the Twilio fake had at `new_phase()`

    async def post(self, worker: int, update: JSON, secret: str | None = SECRET) -> int:
        headers = {} if secret is None else {SECRET_HEADER: secret}
        async with self.http.post(self.bases[worker] + HOOK, json=update, headers=headers) as response:
            return response.status

    async def say(self, worker: int, chat: int, words: str) -> None:
        assert await self.post(worker, self.api.message_update(chat, words)) == 200

    async def press(self, worker: int, chat: int, data: str) -> None:
        message = self.api.last_with_buttons(chat)
        assert await self.post(worker, self.api.callback_update(chat, message.message_id, data)) == 200

    def emailed_codes(self, to: str, since: int = 0) -> list[str]:
        return [
            code
            for message in self.smtp.messages[since:]
            if str(message["To"]).lower() == to
            for code in _CODE.findall(body_of(message))
        ]

    async def emailed_code(self, to: str, since: int = 0, seconds: float = 10.0) -> str:
        """The one code emailed to `to`, waiting for it: a link code goes out after the answer."""
        await self.wait_until(lambda: bool(self.emailed_codes(to, since)), seconds)
        [code] = self.emailed_codes(to, since)
        return code

    def subjects(self, since: int = 0) -> list[str]:
        return [str(message["Subject"]) for message in self.smtp.messages[since:]]

    def texted_codes(self, to: str) -> list[str]:
        """Codes texted to `to` (through the Twilio fake) since `new_phase()`."""
        return [
            code
            for sms in self.twilio.messages[self.sms_seen :]
            if sms.to == to
            for code in _CODE.findall(sms.body)
        ]

    def new_phase(self) -> tuple[int, int]:
        """Forget the SMS sent so far; (messages sent to chats, emails received) mark the phase start."""
        self.sms_seen = len(self.twilio.messages)
        return len(self.api.sent), len(self.smtp.messages)

    def transcript(self, chat: int, since: int) -> list[tuple[str, list[list[tuple[str, str | None]]]]]:
        """What the chat was sent; recovery codes (random in each run) read as `XXXX-XXXX`."""
        return [
            (_RECOVERY.sub("XXXX-XXXX", m.text), m.buttons)
            for m in self.api.sent[since:]
            if m.chat_id == chat
        ]

    async def wait_until(self, done: Callable[[], bool], seconds: float = 15.0) -> None:
        """Poll `done` (the workers are other processes: no event tells us)."""
        async with asyncio.timeout(seconds):
            while not done():  # noqa: ASYNC110
                await asyncio.sleep(0.05)

    async def notices_sent(self, seconds: float = 15.0) -> None:
        """Wait until no notice is pending: a worker marks one sent in a transaction after the SMTP
        server has it, so the mail can be read before the row says so."""
        async with asyncio.timeout(seconds):
            while await self.rows("SELECT 1 FROM outbox WHERE status = 'pending'"):  # noqa: ASYNC110
                await asyncio.sleep(0.05)

    async def rows(self, query: str, **params: Any) -> list[tuple[Any, ...]]:
        async with self.engine.connect() as connection:
            return [tuple(row) for row in await connection.execute(text(query), params)]


def environment(
    database_url: str, api: FakeBotApi, smtp: SmtpSink, twilio: FakeTwilio, outbox: Path
) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")}
    return env | {
        "TWOFA_ENVIRONMENT": "production",
        "TWOFA_DATABASE_URL": database_url,
        "TWOFA_SECRET_KEY": "webhook-workers-test-key-0123456789-0123456789",
        "TWOFA_TELEGRAM_TOKEN": api.token,
        "TWOFA_TELEGRAM_API_URL": api.base_url,
        "TWOFA_WEBHOOK_URL": f"https://bot.example.com{HOOK}",
        "TWOFA_WEBHOOK_SECRET": SECRET,
        "TWOFA_SMTP_HOST": smtp.host,
        "TWOFA_SMTP_PORT": str(smtp.port),
        "TWOFA_SMS_PROVIDER": "twilio",  # production refuses the console gateway
        "TWOFA_TWILIO_ACCOUNT_SID": twilio.account_sid,
        "TWOFA_TWILIO_AUTH_TOKEN": twilio.auth_token,
        "TWOFA_TWILIO_FROM": "+15005550006",
        "TWOFA_TWILIO_API_URL": twilio.api_url,
        "TWOFA_OUTBOX_DIR": str(outbox),
        "TWOFA_OUTBOX_INTERVAL_SECONDS": "0.2",
    }


async def twofa(env: dict[str, str], *args: str) -> None:
    process = await asyncio.create_subprocess_exec(
        *TWOFA, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, output.decode()


async def seed_with_the_cli(env: dict[str, str], folder: Path) -> None:
    users = folder / "users.csv"
    users.write_text(
        "email,name,contract\n" + "".join(f"{email_of(i)},User {i:02d},{CONTRACT}\n" for i in range(CHATS))
    )
    await twofa(env, "contracts", "add", CONTRACT)
    await twofa(env, "users", "import", str(users))


async def seed_in_process(engine: AsyncEngine) -> None:
    """What `seed_with_the_cli` does (the same `domain.admin` calls), without starting two processes."""
    async with SqlUnitOfWorkFactory(engine)() as uow:
        now = datetime.now(UTC)
        await admin.add_contract(uow, CONTRACT, now)
        rows = [admin.UserRow(email_of(i), f"User {i:02d}", CONTRACT) for i in range(CHATS)]
        await admin.import_users(uow, rows, now)
        # the login page's key, known to the test (`twofa keys add` would print a random one)
        await seed_key(uow, "login-page", API_TOKEN, KeyScope.LOGIN)
        await uow.commit()


async def healthy(http: aiohttp.ClientSession, base: str) -> None:
    async with asyncio.timeout(60):
        while True:
            try:
                async with http.get(f"{base}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)


@dataclass
class Running:
    """What the module's tests share: the workers and the servers they talk to (started once, ~5 s)."""

    api: FakeBotApi
    smtp: SmtpSink
    engine: AsyncEngine
    env: dict[str, str]
    outbox: Path
    bases: list[str]
    http: aiohttp.ClientSession
    twilio: FakeTwilio

    def workers(self) -> Workers:
        workers = Workers(self.api, self.smtp, self.engine, self.outbox, self.bases, self.http, self.twilio)
        workers.new_phase()
        return workers


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def running(
    postgres_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Running]:
    """Two `twofa serve` workers on this run's PostgreSQL database, stopped by SIGTERM at the end."""
    folder = tmp_path_factory.mktemp("webhook-workers")
    smtp = SmtpSink()
    smtp.start()
    engine = create_engine(postgres_database_url)
    async with FakeBotApi() as api, FakeTwilio() as twilio, aiohttp.ClientSession() as http:
        env = environment(postgres_database_url, api, smtp, twilio, folder / "outbox")
        ports = [free_port(), free_port()]
        logs = [folder / f"worker{n}.log" for n in (0, 1)]
        processes = []
        try:
            for port, log in zip(ports, logs, strict=True):
                with log.open("wb") as handle:
                    processes.append(
                        await asyncio.create_subprocess_exec(
                            *TWOFA,
                            "serve",
                            env=env | {"TWOFA_HTTP_PORT": str(port)},
                            stdout=asyncio.subprocess.DEVNULL,
                            stderr=handle,
                        )
                    )
            bases = [f"http://127.0.0.1:{port}" for port in ports]
            await asyncio.gather(*(healthy(http, base) for base in bases))
            yield Running(api, smtp, engine, env, folder / "outbox", bases, http, twilio)
        finally:
            for process in processes:
                process.send_signal(signal.SIGTERM)
            for process, log in zip(processes, logs, strict=False):
                await asyncio.wait_for(process.wait(), 30)
                assert process.returncode == 0, log.read_text()
                assert "Traceback" not in log.read_text(), log.read_text()
            await engine.dispose()
            smtp.stop()
    registered = api.calls_to("setWebhook")
    assert [call["url"] for call in registered] == [f"https://bot.example.com{HOOK}"] * 2
    assert {call["secret_token"] for call in registered} == {SECRET}


@pytest_asyncio.fixture(loop_scope="module")
async def workers(running: Running) -> Workers:
    """The workers on a freshly emptied database with the users seeded."""
    await truncate_all(running.engine)
    await seed_in_process(running.engine)
    return running.workers()


@pytest_asyncio.fixture(loop_scope="module")
async def workers_seeded_by_cli(running: Running, tmp_path: Path) -> Workers:
    """The workers on a freshly emptied database with the users seeded by `twofa` commands."""
    await truncate_all(running.engine)
    await seed_with_the_cli(running.env, tmp_path)
    return running.workers()


def alternating(i: int) -> Callable[[int], int]:
    """Chat `i`'s steps go to worker 0, 1, 0, ... (odd chats start on worker 1)."""
    return lambda step: (i + step) % 2


async def converse(w: Workers, i: int, worker_for: Callable[[int], int], since_mail: int) -> None:
    """One person's conversation: link by email code, turn on 2FA by SMS, look at the status."""
    chat, steps = chat_of(i), iter(range(100))

    async def say(words: str) -> None:
        await w.say(worker_for(next(steps)), chat, words)

    await say("/start")
    await say(email_of(i))
    email_code = await w.emailed_code(email_of(i), since_mail)
    await say(email_code)
    await say("/enable")
    if i % 2:
        await say("sms")
    else:
        await w.press(worker_for(next(steps)), chat, "method:sms")
    await say(phone_of(i))
    [sms_code] = w.texted_codes(phone_of(i))
    await say(sms_code)
    await say("/status")


async def state(w: Workers) -> dict[str, list[tuple[Any, ...]]]:
    """What the conversations left in the database, without generated ids and times."""
    return {
        "settings": await w.rows(
            "SELECT u.email, s.method, s.destination FROM users u "
            "LEFT JOIN two_factor_settings s ON s.user_id = u.id ORDER BY u.email"
        ),
        "links": await w.rows(
            "SELECT t.chat_id, u.email FROM chat_links t JOIN users u ON u.id = t.user_id ORDER BY t.chat_id"
        ),
        "conversations": await w.rows("SELECT chat_id, step, data FROM conversations ORDER BY chat_id"),
        "challenges": await w.rows(
            "SELECT u.email, t.purpose, t.channel, t.status, t.sends, t.attempts FROM challenges t "
            "JOIN users u ON u.id = t.user_id ORDER BY u.email, t.purpose"
        ),
        "audit": await w.rows(
            "SELECT t.kind, u.email, t.chat_id, count(*) FROM audit_events t LEFT JOIN users u "
            "ON u.id = t.user_id GROUP BY t.kind, u.email, t.chat_id ORDER BY t.kind, u.email, t.chat_id"
        ),
        "notices": await w.rows("SELECT recipient, subject, status FROM outbox ORDER BY recipient, subject"),
        "updates": await w.rows("SELECT count(*) FROM telegram_updates"),
    }


async def test_many_chats_across_two_workers_end_as_when_run_one_message_at_a_time(
    workers_seeded_by_cli: Workers,
) -> None:
    w = workers_seeded_by_cli
    # The reference: every conversation one message at a time, through one worker.
    sent, mail = w.new_phase()
    for i in range(CHATS):
        await converse(w, i, lambda step: 0, mail)
    await w.wait_until(lambda: w.subjects(mail).count(ENABLED) == CHATS)
    await w.notices_sent()
    reference = {chat_of(i): w.transcript(chat_of(i), sent) for i in range(CHATS)}
    reference_state = await state(w)

    # The same conversations again on a fresh database: all chats at once, steps alternating workers.
    await truncate_all(w.engine)
    await seed_in_process(w.engine)  # ids restart, so everything comes out the same
    sent, mail = w.new_phase()
    await asyncio.gather(*(converse(w, i, alternating(i), mail) for i in range(CHATS)))
    await w.wait_until(lambda: w.subjects(mail).count(ENABLED) == CHATS)
    await w.notices_sent()

    for i in range(CHATS):
        assert w.transcript(chat_of(i), sent) == reference[chat_of(i)], f"chat {i} went differently"
        assert len(w.emailed_codes(email_of(i), mail)) == 1  # each code sent once, by one worker
        assert len(w.texted_codes(phone_of(i))) == 1
    assert await state(w) == reference_state
    assert reference_state["updates"] == [(CHATS * 8,)]  # every step counted once
    assert {row[1:] for row in reference_state["settings"]} == {("sms", phone_of(i)) for i in range(CHATS)}
    assert len(w.smtp.messages) - mail == 2 * CHATS  # a link code and one "turned on" notice each

    # Login alerts start in the database and reach each chat once, from whichever worker takes them.
    sent, _ = w.new_phase()
    bearer = {"Authorization": f"Bearer {API_TOKEN}"}
    for i in range(CHATS):
        body = {"email": email_of(i), "user_agent": "Firefox/132.0", "ip": "203.0.113.9"}
        async with w.http.post(f"{w.bases[i % 2]}/v1/logins", json=body, headers=bearer) as response:
            assert (await response.json())["second_factor"] == "required"

    def alerts(i: int) -> int:
        return sum("a login code was sent to" in text for text, _ in w.transcript(chat_of(i), sent))

    await w.wait_until(lambda: all(alerts(i) >= 1 for i in range(CHATS)))
    await asyncio.sleep(1.2)  # a second delivery would come within the dispatchers' next round
    assert [alerts(i) for i in range(CHATS)] == [1] * CHATS
    assert [len(w.texted_codes(phone_of(i))) for i in range(CHATS)] == [1] * CHATS


async def conversation_step(w: Workers, chat: int) -> str:
    [(step,)] = await w.rows("SELECT step FROM conversations WHERE chat_id = :chat", chat=f"tg:{chat}")
    return str(step)


async def test_a_redelivered_update_changes_nothing_on_either_worker(workers: Workers) -> None:
    w, chat = workers, chat_of(0)
    sent, mail = w.new_phase()
    for worker in (0, 1):
        for secret in (None, "", SECRET[:-1], "wrong"):
            assert await w.post(worker, w.api.message_update(chat, "/start"), secret) == 403
    assert len(w.api.sent) == sent
    await w.say(0, chat, "/start")
    email = w.api.message_update(chat, email_of(0))
    assert list(await asyncio.gather(w.post(0, email), w.post(1, email))) == [200, 200]  # at the same moment
    assert await w.post(1, email) == 200  # and once more, late
    await w.emailed_code(email_of(0), mail)  # exactly one (a link code goes out after the answer)
    assert [text for text, _ in w.transcript(chat, sent)][1:] == [
        f"If {email_of(0)} belongs to an account, we sent it a code. Type the code here to link this chat."
    ]
    assert await conversation_step(w, chat) == "link_code"

    cancel = w.api.callback_update(chat, w.api.last_with_buttons(chat).message_id, "cancel")
    before = len(w.api.sent)
    assert list(await asyncio.gather(w.post(1, cancel), w.post(0, cancel))) == [200, 200]
    assert len(w.api.sent) - before == 1
    assert await conversation_step(w, chat) == "idle"
    assert await w.rows("SELECT count(*) FROM telegram_updates") == [(3,)]


async def test_two_steps_of_one_chat_arriving_at_once_take_turns(workers: Workers) -> None:
    """Telegram never sends this on its own, but a redelivery racing the chat's next update could. Run one
    after the other, the second email restarts linking: it cancels the first code and sends another. Run
    side by side (no lock), both would find the chat waiting for an email and leave two live codes."""
    w, chat = workers, chat_of(1)
    sent, mail = w.new_phase()
    await w.say(1, chat, "/start")
    first, second = (w.api.message_update(chat, email_of(1)) for _ in range(2))
    assert list(await asyncio.gather(w.post(0, first), w.post(1, second))) == [200, 200]
    challenges = await w.rows(
        "SELECT c.status, c.id = v.challenge_id FROM challenges c, conversations v "
        "WHERE v.chat_id = :chat ORDER BY c.created_at",
        chat=f"tg:{chat}",
    )
    assert challenges == [("cancelled", False), ("pending", True)]
    assert len(w.transcript(chat, sent)) == 3  # the question, then "we sent it a code" twice
    await w.wait_until(lambda: len(w.emailed_codes(email_of(1), mail)) >= 2)
    _, latest = w.emailed_codes(email_of(1), mail)
    await w.say(0, chat, latest)
    assert any("linked to User 01's account" in words for words, _ in w.transcript(chat, sent)[3:])
