"""Sign-ins approved in Telegram across two real `twofa serve` webhook workers on one PostgreSQL database.

The login page talks to worker A; the question reaches the chat from whichever worker's chat outbox took
it; the tap is delivered by webhook to worker B (or to both at once); the page's long poll on A sees the
outcome B recorded. A tap delivered twice, as the same update or as two updates with the same data,
approves once.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.accounts import admin
from domain.core.api_keys import KeyScope
from domain.wording import texts_approval
from storage.engine import create_engine
from storage.uow import SqlUnitOfWorkFactory
from tests.support.api import seed_key
from tests.support.databases import truncate_all
from tests.support.fake_bot_api import JSON, FakeBotApi, SentMessage
from tests.support.fake_twilio import FakeTwilio
from tests.support.serve_workers import (
    HOOK,
    SECRET_HEADER,
    WEBHOOK_SECRET,
    serve_workers,
    webhook_environment,
)
from tests.support.smtp import SmtpSink, extract_code

pytestmark = [pytest.mark.postgres, pytest.mark.asyncio(loop_scope="module")]

API_KEY = "an-api-token-for-the-approval-e2e-tests-0123456789"
CONTRACT = "Northwind"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
QUESTION = "Which number does your screen show?"
APPROVED = "Sign-in approved"
A, B = 0, 1  # the two workers
# one user per test: a refusal blocks that account's codes for a while
PEOPLE = {"right": 7101, "same_update": 7102, "two_updates": 7103, "wrong": 7104}


def email_of(chat: int) -> str:
    return f"approver{chat}@example.com"


@dataclass
class Pair:
    """The two workers, the loopback servers they talk to and the shared database."""

    api: FakeBotApi
    smtp: SmtpSink
    engine: AsyncEngine
    bases: list[str]
    http: aiohttp.ClientSession

    async def post_update(self, worker: int, update: JSON) -> None:
        headers = {SECRET_HEADER: WEBHOOK_SECRET}
        async with self.http.post(self.bases[worker] + HOOK, json=update, headers=headers) as response:
            assert response.status == 200, await response.text()

    async def say(self, worker: int, chat: int, words: str) -> None:
        await self.post_update(worker, self.api.message_update(chat, words))

    async def press(self, worker: int, chat: int, label: str) -> None:
        message = self.api.last_with_buttons(chat)
        update = self.api.callback_update(chat, message.message_id, message.callback_data(label))
        await self.post_update(worker, update)

    async def call(
        self, worker: int, method: str, path: str, body: JSON | None = None
    ) -> tuple[int, dict[str, Any]]:
        """One login API call with the page's key: (status, JSON body)."""
        headers = {"Authorization": f"Bearer {API_KEY}"}
        async with self.http.request(method, self.bases[worker] + path, json=body, headers=headers) as answer:
            return answer.status, await answer.json()

    async def rows(self, query: str, **params: Any) -> list[tuple[Any, ...]]:
        async with self.engine.connect() as connection:
            return [tuple(row) for row in await connection.execute(text(query), params)]


async def seed(engine: AsyncEngine) -> None:
    async with SqlUnitOfWorkFactory(engine)() as uow:
        now = datetime.now(UTC)
        await admin.add_contract(uow, CONTRACT, now)
        rows = [admin.UserRow(email_of(chat), f"Approver {chat}", CONTRACT) for chat in PEOPLE.values()]
        await admin.import_users(uow, rows, now)
        await seed_key(uow, "login-page", API_KEY, KeyScope.LOGIN)
        await uow.commit()


async def enrol(pair: Pair, chat: int) -> None:
    """Link the chat by an emailed code and choose "Approve in Telegram", steps alternating workers."""
    await pair.say(A, chat, "/start")
    await pair.say(B, chat, email_of(chat))
    linked = await pair.smtp.wait_for(lambda m: str(m["To"]).lower() == email_of(chat), timeout=10)
    await pair.say(A, chat, extract_code(linked))
    await pair.say(B, chat, "/enable")
    await pair.press(A, chat, texts_approval.BUTTON_TELEGRAM)
    await pair.press(B, chat, texts_approval.BUTTON_CONFIRM)
    assert any(texts_approval.ENABLED in m.text for m in pair.api.messages_for(chat)[-3:])


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def pair(postgres_database_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Pair]:
    """Two workers on this run's PostgreSQL database, every person enrolled in Telegram approval."""
    folder = tmp_path_factory.mktemp("webhook-approvals")
    smtp = SmtpSink()
    smtp.start()
    engine = create_engine(postgres_database_url)
    try:
        await truncate_all(engine)
        await seed(engine)
        async with FakeBotApi() as api, FakeTwilio() as twilio, aiohttp.ClientSession() as http:
            env = webhook_environment(
                postgres_database_url,
                bot_token=api.token,
                bot_api_url=api.base_url,
                smtp=(smtp.host, smtp.port),
                twilio=(twilio.api_url, twilio.account_sid, twilio.auth_token),
                outbox=folder / "outbox",
            )
            async with serve_workers(env, 2, folder, http) as workers:
                pair = Pair(api, smtp, engine, [worker.base for worker in workers], http)
                await asyncio.gather(*(enrol(pair, chat) for chat in PEOPLE.values()))
                yield pair
    finally:
        await engine.dispose()
        smtp.stop()


async def start_on_a(pair: Pair, chat: int) -> tuple[str, str, SentMessage]:
    """POST /v1/logins on worker A: (login id, the number the page shows, the question in the chat)."""
    after = len(pair.api.sent)
    status, body = await pair.call(
        A, "POST", "/v1/logins", {"email": email_of(chat), "user_agent": BROWSER, "ip": "198.51.100.4"}
    )
    assert status == 200, body
    assert (body["input"], body["channel"]) == ("approve", "telegram")
    # sent by whichever worker's chat outbox took it (each polls every second)
    question = await pair.api.wait_for_message(chat, lambda m: QUESTION in m.text, timeout=10, after=after)
    return body["login_id"], body["number"], question


def tap(pair: Pair, chat: int, question: SentMessage, label: str) -> JSON:
    """A new update: the person pressing `label` on the question."""
    return pair.api.callback_update(chat, question.message_id, question.callback_data(label))


async def status_on_a(pair: Pair, login_id: str, wait: int = 0) -> str:
    answer, body = await pair.call(A, "GET", f"/v1/logins/{login_id}?wait={wait}")
    assert answer == 200, body
    return str(body["status"])


async def audited(pair: Pair, chat: int) -> dict[str, int]:
    """How many challenges were verified (enrolment's included) and sign-ins finished, for this person."""
    rows = await pair.rows(
        "SELECT e.kind, count(*) FROM audit_events e JOIN users u ON u.id = e.user_id "
        "WHERE u.email = :email AND e.kind IN ('code_verified', 'login_verified') GROUP BY e.kind",
        email=email_of(chat),
    )
    return {"code_verified": 0, "login_verified": 0} | {str(kind): int(count) for kind, count in rows}


def approved_edits(pair: Pair, chat: int, question: SentMessage) -> int:
    """editMessageText calls that replaced the question by the approval (a refused repeat included)."""
    return sum(
        1
        for call in pair.api.calls_to("editMessageText")
        if int(call["chat_id"]) == chat
        and int(call["message_id"]) == question.message_id
        and APPROVED in str(call["text"])
    )


async def test_asked_from_a_tapped_on_b_seen_and_finished_on_a(pair: Pair) -> None:
    chat = PEOPLE["right"]
    assert await pair.rows(
        "SELECT s.method, s.destination FROM two_factor_settings s JOIN users u ON u.id = s.user_id "
        "WHERE u.email = :email",
        email=email_of(chat),
    ) == [("telegram", f"tg:{chat}")]
    login_id, number, question = await start_on_a(pair, chat)
    assert number in [label for label, _ in question.buttons[0]]
    waiting = asyncio.create_task(status_on_a(pair, login_id, wait=10))  # the page's long poll, on A
    await asyncio.sleep(0.3)
    assert not waiting.done()
    await pair.post_update(B, tap(pair, chat, question, number))
    assert await asyncio.wait_for(waiting, 5) == "approved"
    assert APPROVED in question.text and not question.buttons and question.edits == 1
    status, done = await pair.call(A, "POST", f"/v1/logins/{login_id}/verify", {})
    assert status == 200, done
    assert (done["verified"], done["approved_by"]) == (True, "number")
    assert await status_on_a(pair, login_id) == "verified"
    assert [m.text for m in pair.api.messages_for(chat) if QUESTION in m.text or APPROVED in m.text] == [
        question.text
    ]  # one question, sent once, by one of the two outboxes


async def test_the_same_update_to_both_workers_at_once_approves_once(pair: Pair) -> None:
    chat = PEOPLE["same_update"]
    login_id, number, question = await start_on_a(pair, chat)
    before = await audited(pair, chat)
    sent = len(pair.api.sent)
    update = tap(pair, chat, question, number)
    await asyncio.gather(pair.post_update(A, update), pair.post_update(B, update))
    await pair.post_update(B, update)  # and once more, late: Telegram retrying an answer it missed
    assert await status_on_a(pair, login_id) == "approved"
    assert APPROVED in question.text and question.edits == 1
    assert approved_edits(pair, chat, question) == 1  # the redeliveries were acknowledged unrun
    assert pair.api.sent[sent:] == []  # nothing else said
    status, done = await pair.call(A, "POST", f"/v1/logins/{login_id}/verify", {})
    assert (status, done["verified"]) == (200, True)
    status, again = await pair.call(B, "POST", f"/v1/logins/{login_id}/verify", {})
    assert (status, again["error"]) == (409, "already_used")
    assert await audited(pair, chat) == {"code_verified": before["code_verified"] + 1, "login_verified": 1}


async def test_two_taps_with_the_same_data_on_both_workers_approve_once(pair: Pair) -> None:
    chat = PEOPLE["two_updates"]
    login_id, number, question = await start_on_a(pair, chat)
    before = await audited(pair, chat)
    sent = len(pair.api.sent)
    first, second = tap(pair, chat, question, number), tap(pair, chat, question, number)
    await asyncio.gather(pair.post_update(A, first), pair.post_update(B, second))
    assert await status_on_a(pair, login_id) == "approved"
    # the second tap tried to show the outcome again (Telegram: "not modified") and said it was answered
    assert APPROVED in question.text and question.edits == 1
    assert [m.text for m in pair.api.sent[sent:]] == [texts_approval.ALREADY]
    status, done = await pair.call(B, "POST", f"/v1/logins/{login_id}/verify", {})
    assert (status, done["verified"]) == (200, True)
    status, again = await pair.call(A, "POST", f"/v1/logins/{login_id}/verify", {})
    assert (status, again["error"]) == (409, "already_used")
    assert await audited(pair, chat) == {"code_verified": before["code_verified"] + 1, "login_verified": 1}


async def test_a_wrong_number_through_b_refuses_and_a_says_denied(pair: Pair) -> None:
    chat = PEOPLE["wrong"]
    login_id, number, question = await start_on_a(pair, chat)
    before = await audited(pair, chat)
    wrong = next(label for label, _ in question.buttons[0] if label != number)
    waiting = asyncio.create_task(status_on_a(pair, login_id, wait=10))
    await pair.post_update(B, tap(pair, chat, question, wrong))
    assert await asyncio.wait_for(waiting, 5) == "denied"
    assert "Sign-in refused" in question.text and not question.buttons
    status, refused = await pair.call(A, "POST", f"/v1/logins/{login_id}/verify", {})
    assert (status, refused["error"]) == (403, "denied")
    assert await audited(pair, chat) == before
    status, blocked = await pair.call(A, "POST", "/v1/logins", {"email": email_of(chat)})
    assert (status, blocked["error"]) == (423, "locked")  # "was this you? no" ran: codes blocked a while
