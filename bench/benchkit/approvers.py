"""Sign-ins as a login page and its users make them, against one running worker: approved in Telegram, or
with a code by email. Used by `bench/approvals.py`.

An approval: the page posts `POST /v1/logins` and holds `GET /v1/logins/{id}?wait=25`; the simulated
person taps the right number as soon as the question reaches their chat (the loopback Bot API's inbox),
the tap reaching the worker as Telegram delivers it, a webhook POST; once the long poll says approved,
the page finishes with `POST .../verify`. A code login: `POST /v1/logins`, the code read from the SMTP
server it was sent to, `POST .../verify`. Every answer is checked; a wrong one is counted, never timed
as a fast one.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import aiohttp
from sqlalchemy import insert

from benchkit.botapi import BenchBotApi
from benchkit.codes import CodeBook
from benchkit.databases import API_TOKEN, BenchUser
from benchkit.stats import Latencies
from storage.engine import create_engine
from storage.tables import ChatLinkRow, TwoFactorRow
from tests.support.serve_workers import HOOK, SECRET_HEADER, WEBHOOK_SECRET

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
QUESTION = "Which number does your screen show?"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
LONG_POLL = 25  # seconds, as the reference login page holds it
FIRST_CHAT = 500_000


def chat_of(user: BenchUser) -> int:
    return FIRST_CHAT + user.index


async def enrol_approvers(database_url: str, first_id: int, first: int, users: Sequence[BenchUser]) -> None:
    """Link each user's chat and set their method to approval in it, as tapping Confirm would leave them
    (`seed_users` gave user `first` the id `first_id`, the next ones in order)."""
    now = datetime.now(UTC)
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            ids = [(first_id + user.index - first, f"tg:{chat_of(user)}") for user in users]
            links = [{"chat_id": chat, "user_id": user_id, "linked_at": now} for user_id, chat in ids]
            methods = [
                {"user_id": user_id, "method": "telegram", "destination": chat, "verified_at": now}
                for user_id, chat in ids
            ]
            await connection.execute(insert(ChatLinkRow), links)
            await connection.execute(insert(TwoFactorRow), methods)
    finally:
        await engine.dispose()


@dataclass
class Phase:
    """One kind of sign-in's latencies, by part, and the answers that were not the expected ones."""

    parts: dict[str, Latencies]
    unexpected: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, *names: str) -> Phase:
        return cls({name: Latencies(name) for name in names})

    def __getitem__(self, name: str) -> Latencies:
        return self.parts[name]

    def failed(self, what: str, status: int, body: object) -> None:
        self.parts[next(iter(self.parts))].failures += 1
        error = body.get("error") if isinstance(body, dict) else None
        self.unexpected[f"{what} {status} {error or ''}".strip()] += 1


# the parts of an approval: the first is what the benchmark is about
APPROVAL_PARTS = (
    "POST /v1/logins -> approved",
    "  POST /v1/logins answered",
    "  answer -> question in chat",
    "  tap: webhook POST",
    "  tap -> long poll returns",
    "POST .../verify",
)
CODE_PARTS = ("POST /v1/logins -> verified", "  POST /v1/logins answered", "  answer -> code at SMTP")
CODE_PARTS += ("POST .../verify",)


@dataclass
class Page:
    """The login page's and the users' side, against the worker at `base`."""

    http: aiohttp.ClientSession
    base: str
    bot: BenchBotApi
    mail: CodeBook

    async def start(self, user: BenchUser, phase: Phase) -> dict[str, object] | None:
        body = {"email": user.email, "user_agent": BROWSER, "ip": "203.0.113.7"}
        async with self.http.post(f"{self.base}/v1/logins", json=body, headers=AUTH) as response:
            started: dict[str, object] = await response.json()
        if response.status != 200 or started.get("second_factor") != "required":
            phase.failed("POST /v1/logins", response.status, started)
            return None
        return started

    async def finish(self, login_id: object, phase: Phase, code: str | None = None) -> bool:
        body = {} if code is None else {"code": code}
        with phase["POST .../verify"].timed():
            async with self.http.post(
                f"{self.base}/v1/logins/{login_id}/verify", json=body, headers=AUTH
            ) as response:
                verified = await response.json()
        if response.status != 200 or verified.get("verified") is not True:
            phase.failed("POST .../verify", response.status, verified)
            return False
        return True

    async def approve(self, user: BenchUser, phase: Phase) -> None:
        """One sign-in approved in the chat; each part timed."""
        began = time.perf_counter()
        started = await self.start(user, phase)
        answered = time.perf_counter()
        phase["  POST /v1/logins answered"].add(answered - began)
        if started is None:
            return
        if started.get("input") != "approve":
            phase.failed("POST /v1/logins (not an approval)", 200, started)
            return
        login_id, number = started["login_id"], str(started["number"])
        polling = asyncio.create_task(self._progress(login_id))  # the page waits for the tap meanwhile
        try:
            chat = chat_of(user)
            try:
                question, arrived = await asyncio.wait_for(self.bot.inbox(chat).get(), LONG_POLL)
            except TimeoutError:
                phase.failed("no question in the chat", 0, None)
                return
            phase["  answer -> question in chat"].add(arrived - answered)
            if QUESTION not in question.text:
                phase.failed(f"chat message {question.text[:40]!r}", 0, None)
                return
            update = self.bot.callback_update(chat, question.message_id, question.callback_data(number))
            tapped = time.perf_counter()
            headers = {SECRET_HEADER: WEBHOOK_SECRET}
            async with self.http.post(self.base + HOOK, json=update, headers=headers) as hook:
                await hook.read()
            done = time.perf_counter()
            phase["  tap: webhook POST"].add(done - tapped)
            if hook.status != 200:
                phase.failed("webhook POST", hook.status, None)
                return
            status, progress = await polling
        finally:
            polling.cancel()
        approved = time.perf_counter()
        phase["  tap -> long poll returns"].add(approved - done)
        if status != 200 or progress.get("status") != "approved":
            phase.failed("GET ?wait", status, progress)
            return
        phase["POST /v1/logins -> approved"].add(approved - began)
        await self.finish(login_id, phase)

    async def _progress(self, login_id: object) -> tuple[int, dict[str, object]]:
        url = f"{self.base}/v1/logins/{login_id}?wait={LONG_POLL}"
        async with self.http.get(url, headers=AUTH) as response:
            return response.status, await response.json()

    async def with_code(self, user: BenchUser, phase: Phase) -> None:
        """One sign-in with a code by email, read from the SMTP server it reached."""
        began = time.perf_counter()
        started = await self.start(user, phase)
        answered = time.perf_counter()
        phase["  POST /v1/logins answered"].add(answered - began)
        if started is None:
            return
        code = await self.mail.take(user.email)
        phase["  answer -> code at SMTP"].add(time.perf_counter() - answered)
        if await self.finish(started["login_id"], phase, code):
            phase["POST /v1/logins -> verified"].add(time.perf_counter() - began)
