"""Sign-ins approved in Telegram with number matching, end to end: the real python-telegram-bot against the
loopback Bot API, the HTTP API through aiohttp (every answer checked against the OpenAPI document), SMTP
on loopback, on SQLite and PostgreSQL.

Enrolment is confirmed by a tap in the chat; a login shows a number, the chat asks which one; the right
tap approves once, a wrong one or "This wasn't me" refuses, counts toward the lockout and secures the
account; "Send me a code instead" shows a code to type; an unanswered question expires, its message says
so, and a late tap is answered "expired", never approved.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from api.app import init_app
from domain.core.api_keys import KeyScope
from domain.core.approval_state import ApprovalStatus
from domain.core.sources import lockout_owner
from tests.support.api import TOKEN, ApiClient, Contract, seed_key
from tests.support.fake_bot_api import SentMessage
from tests.support.fake_twilio import FakeTwilio
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

BOB = 8201
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
CODE = re.compile(r"\b(\d{6})\b")


@dataclass
class World:
    running: Running
    api: ApiClient


@pytest.fixture
async def world(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio, database_url: str
) -> AsyncIterator[World]:
    """The product running with its HTTP API; Bob's chat linked and set to approve sign-ins in it."""
    async with running_bot(tmp_path, smtp_sink, fake_twilio, database_url=database_url) as running:
        async with running.services.uow_factory() as uow:
            await seed_key(uow, "login-page", TOKEN, KeyScope.LOGIN)
            await uow.commit()
        client = TestClient(TestServer(init_app(running.services)))
        await client.start_server()
        try:
            await running.say(BOB, "/start", "email address")
            await running.say(BOB, "bob@example.com", "we sent it a code")
            await running.say(
                BOB, await running.emailed_code("bob@example.com"), "linked to Bob Member's account"
            )
            await running.say(BOB, "/enable", "SMS or email")
            await running.press(BOB, "Approve in Telegram", "Tap Confirm")
            await running.press(BOB, "Confirm", "2FA is on")
            yield World(running, ApiClient(client, Contract()))
        finally:
            await client.close()


async def start(world: World) -> tuple[str, str, SentMessage]:
    """POST /v1/logins for Bob: (login id, the number shown, the question that reached the chat)."""
    after = len(world.running.api.sent)
    started = await world.api.post(
        "/v1/logins", {"email": "bob@example.com", "user_agent": BROWSER, "ip": "203.0.113.9"}
    )
    assert started.status == 200, started.body
    body = started.body
    assert (body["second_factor"], body["input"], body["channel"]) == ("required", "approve", "telegram")
    assert body["sent_to"] == "your Telegram chat"
    question = await world.running.api.wait_for_message(
        BOB, lambda m: "Which number does your screen show?" in m.text, after=after
    )
    return body["login_id"], body["number"], question


async def progress(world: World, login_id: str, wait: int = 0) -> dict[str, object]:
    answer = await world.api.get(f"/v1/logins/{login_id}?wait={wait}")
    assert answer.status == 200, answer.body
    body: dict[str, object] = answer.body
    return body


def press(world: World, message: SentMessage, label: str) -> None:
    world.running.api.push_callback(BOB, message.message_id, message.callback_data(label))


async def edited_to(world: World, message: SentMessage, words: str) -> None:
    """Wait until the question's own message says `words` and shows no buttons."""
    async with asyncio.timeout(10):
        while words not in message.text or message.buttons:  # noqa: ASYNC110  (the fake edits it in place)
            await asyncio.sleep(0.02)


async def test_enrolled_by_a_tap_then_the_right_number_approves_once(world: World) -> None:
    running = world.running
    await running.say(BOB, "/status", "2FA: on, sign-ins approved in your Telegram chat")
    await running.smtp.wait_for(lambda m: "two-factor" in str(m["Subject"]).lower())

    login_id, number, question = await start(world)
    assert "Chrome on Windows, IP 203.0.113.9" in question.text
    numbers = [label for label, _ in question.buttons[0]]
    assert len(numbers) == 3 and len(set(numbers)) == 3 and number in numbers
    assert [row[0][0] for row in question.buttons[1:]] == ["This wasn't me", "Send me a code instead"]
    assert (await progress(world, login_id))["status"] == "pending"
    not_yet = await world.api.post(f"/v1/logins/{login_id}/verify", {})
    assert (not_yet.status, not_yet.body["error"], not_yet.body["status"]) == (409, "not_approved", "pending")

    waiting = asyncio.create_task(progress(world, login_id, wait=10))  # long polling, answered by the tap
    await asyncio.sleep(0.3)
    assert not waiting.done()
    right = question.callback_data(number)
    press(world, question, number)
    assert (await waiting)["status"] == "approved"
    await edited_to(world, question, "Sign-in approved")

    # a second tap (a double click, or the update delivered to another worker) changes nothing
    running.api.push_callback(BOB, question.message_id, right)
    await running.api.wait_for_message(BOB, lambda m: "already answered" in m.text)
    done = await world.api.post(f"/v1/logins/{login_id}/verify", {"remember_device": True})
    assert done.status == 200, done.body
    assert done.body["verified"] is True and done.body["approved_by"] == "number"
    assert done.body["device_token"]
    again = await world.api.post(f"/v1/logins/{login_id}/verify", {})
    assert (again.status, again.body["error"]) == (409, "already_used")
    assert (await progress(world, login_id))["status"] == "verified"

    remembered = await world.api.post(
        "/v1/logins", {"email": "bob@example.com", "device_token": done.body["device_token"]}
    )
    assert remembered.body == {"second_factor": "remembered"}


async def test_a_code_asked_for_in_the_chat_is_typed_on_the_page(world: World) -> None:
    login_id, _, question = await start(world)
    after = len(world.running.api.sent)
    press(world, question, "Send me a code instead")
    shown = await world.running.api.wait_for_message(BOB, lambda m: "sign-in code" in m.text, after=after)
    [code] = CODE.findall(shown.text)
    await edited_to(world, question, "asked for a code")
    state = await progress(world, login_id)
    assert (state["status"], state["input"]) == ("pending", "code")
    done = await world.api.post(f"/v1/logins/{login_id}/verify", {"code": code})
    assert done.status == 200, done.body
    state = await progress(world, login_id)
    assert (state["status"], state["approved_by"]) == ("verified", "code")
    async with world.running.services.uow_factory() as uow:  # the code was shown, never kept
        kept = await uow.chat_outbox.due("tg:", 100)
    assert all(code not in message.text for message in kept)


async def test_a_wrong_number_refuses_counts_and_secures_the_account(world: World) -> None:
    running = world.running
    login_id, number, question = await start(world)
    wrong = next(label for label, _ in question.buttons[0] if label != number)
    sent_before = len(running.smtp.messages)
    press(world, question, wrong)
    await edited_to(world, question, "Sign-in refused")
    await running.api.wait_for_message(BOB, lambda m: "every remembered device was forgotten" in m.text)
    assert (await progress(world, login_id))["status"] == "denied"
    refused = await world.api.post(f"/v1/logins/{login_id}/verify", {})
    assert (refused.status, refused.body["error"]) == (403, "denied")
    await running.smtp.wait_for(lambda _: len(running.smtp.messages) > sent_before)
    async with running.services.uow_factory() as uow:
        user = await uow.users.get_by_email("bob@example.com")
        attempt = await uow.logins.get(login_id)
        assert user is not None and attempt is not None and attempt.challenge_id is not None
        challenge = await uow.challenges.get(attempt.challenge_id)
        assert challenge is not None and challenge.source.startswith("ip:")  # the page passed the IP
        counted = await uow.lockouts.get(lockout_owner(user.key, challenge.source), challenge.source)
        owner = await uow.lockouts.get(user.key)
    assert counted.consecutive_failures == 1  # counted as a wrong code from that client would be
    assert owner.locked_until is not None  # and login codes blocked a while, as after "was this you? no"
    blocked = await world.api.post("/v1/logins", {"email": "bob@example.com"})
    assert (blocked.status, blocked.body["error"]) == (423, "locked")


async def test_this_wasnt_me_refuses_the_sign_in(world: World) -> None:
    login_id, _, question = await start(world)
    press(world, question, "This wasn't me")
    await edited_to(world, question, "Sign-in refused")
    assert (await progress(world, login_id))["status"] == "denied"


async def test_an_unanswered_question_expires_and_a_late_tap_is_never_approved(world: World) -> None:
    running = world.running
    login_id, number, question = await start(world)
    async with running.services.uow_factory() as uow:  # two minutes pass for this question
        approval = await uow.approvals.get(login_id)
        assert approval is not None
        past = replace(approval, expires_at=approval.expires_at - timedelta(minutes=5))
        assert await uow.approvals.decide(past, ApprovalStatus.PENDING)
        await uow.commit()
    assert (await progress(world, login_id))["status"] == "expired"
    await edited_to(world, question, "expired")  # the delivery loop's sweep replaced the question
    world.running.api.push_callback(BOB, question.message_id, f"apv:{login_id}:{number}")
    await running.api.wait_for_message(BOB, lambda m: "already answered" in m.text)
    assert (await progress(world, login_id))["status"] == "expired"
    late = await world.api.post(f"/v1/logins/{login_id}/verify", {})
    assert (late.status, late.body["error"]) == (410, "expired")


async def test_a_tap_forged_in_another_chat_approves_nothing(world: World) -> None:
    running = world.running
    alice = 8202
    await running.say(alice, "/start", "email address")
    await running.say(alice, "alice@example.com", "we sent it a code")
    linked = await running.say(
        alice, await running.emailed_code("alice@example.com"), "linked to Alice Member's account"
    )
    assert linked
    login_id, number, question = await start(world)
    alice_message = running.api.messages_for(alice)[-1]
    after = len(running.api.sent)
    running.api.push_callback(alice, alice_message.message_id, question.callback_data(number))
    await running.api.wait_for_message(alice, lambda m: "not one of yours" in m.text, after=after)
    assert (await progress(world, login_id))["status"] == "pending"
    assert question.buttons  # Bob's question is still open
