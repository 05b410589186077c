"""The help-centre questions asked in other words, through the real python-telegram-bot client and the
shipped classifier: each gets its answer with the right button; off-topic gets a pointer to support; a
support ticket reaches the support email and the support chat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink, body_of

DANA = 4401
SUPPORT_CHAT = -100500

# (question in other words, words of the answer, labels of the buttons offered)
ARTICLE = [
    ("what do I have to do to switch on two-factor auth?", "choose SMS or email", ["Turn on 2FA"]),
    ("can I get the codes by text and by email at the same time?", "never two at once", ["Turn on 2FA"]),
    ("there's no SMS option for my country, why?", "provider registration", ["Turn on 2FA"]),
    (
        "I got a new mobile number, how do I update it for the codes?",
        "nothing to change yet",
        ["Turn on 2FA"],
    ),
    ("how can I switch 2fa off for my account", "already off", []),
    (
        "can you disable two factor for everyone in our company",
        "Only your account manager",
        ["Ask my account manager"],
    ),
    ("will I get notified if somebody changes my 2FA settings?", "(bob@example.com)", []),
    (
        "what exactly is a one time password and when do I need it",
        "each login asks for a one-time code",
        ["Turn on 2FA"],
    ),
    (
        "why am I getting a verification code every single day?",
        "not being remembered",
        ["My remembered devices", "Contact support"],
    ),
    ("I turned on 2FA but I'm never asked for a code when I log in", "contact support", ["Contact support"]),
    ("does each person on our contract have to activate it themselves?", "each user of your contract", []),
]


@pytest.fixture
async def bob(tmp_path: Path, smtp_sink: SmtpSink) -> AsyncIterator[Running]:
    async with running_bot(
        tmp_path, smtp_sink, support_email="support@example.com", support_chat_id=SUPPORT_CHAT
    ) as running:
        await running.say(DANA, "/start", "email address")
        await running.say(DANA, "bob@example.com", "we sent it a code")
        await running.say(
            DANA, await running.emailed_code("bob@example.com"), "2FA: off"
        )  # linked, status shown
        yield running


async def test_the_article_questions_in_other_words_get_their_answers_and_buttons(bob: Running) -> None:
    misses = []
    for question, words, labels in ARTICLE:
        after = len(bob.api.sent)
        bob.api.push_message(DANA, question)
        reply = await bob.api.wait_for_message(DANA, after=after)
        offered = [label for row in reply.buttons for label, _ in row]
        if words not in reply.text or offered != labels:
            misses.append((question, reply.text[:60], offered))
    assert misses == []


async def test_off_topic_questions_get_a_polite_pointer_to_support(bob: Running) -> None:
    for question in ("how do I reset my password?", "can you send me last month's invoice"):
        reply = await bob.say(DANA, question, "I can help with two-factor authentication")
        assert "support" in reply


async def test_a_support_ticket_reaches_the_support_email_and_chat(bob: Running, smtp_sink: SmtpSink) -> None:
    await bob.say(DANA, "I'd like to talk to a real person please", "what do you need help with")
    await bob.say(DANA, "My codes take ten minutes to arrive", "Ticket #1 is open")
    ticket = await bob.api.wait_for_message(SUPPORT_CHAT, lambda m: "Support ticket #1" in m.text)
    assert "Account: Bob Member <bob@example.com>" in ticket.text
    email = await smtp_sink.wait_for(lambda m: m["To"] == "support@example.com")
    assert "My codes take ten minutes to arrive" in body_of(email)
