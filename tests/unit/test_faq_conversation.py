"""Questions in the user's own words, answered personally with a button; support tickets. The intent is
given by a phrase-table classifier here: the real classifier is measured on its own."""

from __future__ import annotations

from typing import Any, cast

import pytest

from domain.chat.faq import Prediction
from domain.core.model import AuditKind, Method, TwoFactorSetting
from domain.core.ports import DeliveryProblem
from tests.support.fakes import EPOCH, FakeClassifier
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import Chat, Harness

PHRASES = {
    "how do i set it up?": "setup",
    "can i have both?": "methods",
    "how do i change my number?": "change_destination",
    "how do i switch it off": "disable_self",
    "turn it off for my whole team": "disable_others",
    "i lost my phone": "lost_access",
    "will i be told about changes?": "notifications",
    "i get codes all the time": "codes_too_often",
    "it never asks me for a code": "not_prompted",
    "the code never came": "code_not_received",
    "is it on?": "status",
    "i want a human": "support",
    "do my colleagues need it too?": "per_user",
}


@pytest.fixture
async def harness() -> Harness:
    harness = Harness(FakeUnitOfWorkFactory(), classifier=FakeClassifier(PHRASES))
    await harness.seed()
    return harness


@pytest.fixture
async def chat(harness: Harness) -> Chat:
    chat = harness.chat()
    await harness.link(chat)
    return chat


async def turn_on_sms(harness: Harness) -> None:
    async with harness.uow_factory() as uow:
        await uow.two_factor.save(TwoFactorSetting(1, Method.SMS, "+447400123489", EPOCH))
        await uow.commit()


async def test_a_question_about_changing_the_number_is_answered_personally_with_the_button(
    harness: Harness, chat: Chat
) -> None:
    await turn_on_sms(harness)
    reply = await chat.say("How do I change my number?")
    assert "You get codes by SMS at +44 ••••••• 89" in reply and "tap Change" in reply
    assert chat.buttons() == ["change"]


@pytest.mark.parametrize(
    ("question", "words", "buttons"),
    [
        ("How do I set it up?", "choose SMS or email", ["enable"]),
        ("Can I have both?", "never two at once", ["enable"]),
        ("How do I switch it off", "already off", []),
        ("turn it off for my whole team", "Only your account manager", ["request"]),
        ("I lost my phone", "your account manager can turn 2FA off", ["request", "support"]),
        ("Will I be told about changes?", "(alice@example.com)", []),
        ("I get codes all the time", "Remember this device", ["devices", "support"]),
        ("It never asks me for a code", "contact support", ["support"]),
        ("Do my colleagues need it too?", "each user of your contract", []),
    ],
)
async def test_each_question_gets_its_answer_and_the_matching_action(
    harness: Harness, chat: Chat, question: str, words: str, buttons: list[str]
) -> None:
    assert words in await chat.say(question)
    assert chat.buttons() == buttons or (not buttons and chat.seen[-1].buttons == ())


async def test_is_it_on_shows_the_status(harness: Harness, chat: Chat) -> None:
    assert "2FA: off" in await chat.say("Is it on?")
    assert chat.buttons() == ["enable"]


async def test_a_question_mid_flow_is_answered_and_the_user_reminded_where_they_were(
    harness: Harness, chat: Chat
) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    reply = await chat.say("Can I have both?")
    assert "never two at once" in reply and "we are in the middle of turning on 2FA" in reply
    assert "mobile number" in chat.seen[-1].text
    assert "We sent a code" in await chat.say("+44 7400 123489")


async def test_at_a_code_prompt_a_code_is_a_code_and_a_missing_code_gets_help_to_resend(
    harness: Harness, chat: Chat
) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    await chat.say("+44 7400 123489")
    reply = await chat.say("The code never came")
    assert "The code went to +44 ••••••• 89" in reply and chat.buttons() == ["resend", "cancel"]
    assert "2FA is on" in await chat.say(harness.sms.last_code())


async def test_off_topic_text_gets_a_polite_pointer_and_support(harness: Harness, chat: Chat) -> None:
    reply = await chat.say("What's the weather like?")
    assert "I can help with two-factor authentication" in reply
    assert chat.buttons() == ["support", "help"]


async def test_off_topic_sentence_at_the_email_prompt_gets_the_pointer_not_an_address_error(
    harness: Harness,
) -> None:
    stranger = harness.chat("tg:777")
    await stranger.say("/start")
    reply = await stranger.say("hello, what can you do?")
    assert "I can help with two-factor authentication" in reply and "type the email address" in reply
    assert "does not look like an email address" not in reply
    assert stranger.buttons() == ["support"]
    assert "does not look like an email address" in await stranger.say("alice.example.com")
    assert "we sent it a code" in await stranger.say("alice@example.com")


async def test_support_opens_a_numbered_ticket_with_context_but_no_secrets(
    harness: Harness, chat: Chat
) -> None:
    await turn_on_sms(harness)
    assert "what do you need help with" in await chat.say("I want a human")
    reply = await chat.say("My codes arrive late on Mondays")
    assert "Ticket #1 is open" in reply and "alice@example.com" in reply
    [email] = [n for n in await harness.notices() if n.to == "support@example.com"]
    assert email.subject == "Support ticket #1"
    assert "My codes arrive late on Mondays" in email.body
    assert "Account: Alice <alice@example.com>" in email.body and "2FA: SMS to +44 ••••••• 89" in email.body
    assert "+447400123489" not in email.body
    async with harness.uow_factory() as uow:
        [to_desk] = await uow.chat_outbox.due("tg:-100200", 10)
        assert len(await uow.audit.list(kind=AuditKind.SUPPORT_TICKET)) == 1
    assert "Support ticket #1" in to_desk.text


async def test_the_ticket_mentions_recent_delivery_failures(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    harness.sms.failing = DeliveryProblem.UNREACHABLE
    await chat.say("+44 7400 123489")
    await chat.say("/cancel")
    await chat.say("/support")
    await chat.say("No SMS arrives")
    [email] = [n for n in await harness.notices() if n.to == "support@example.com"]
    assert "codes that could not be delivered: 1" in email.body


async def test_a_chat_that_is_not_linked_can_reach_support_too(harness: Harness) -> None:
    stranger = harness.chat("tg:777")
    await stranger.say("/support")
    assert "Ticket #1 is open" in await stranger.say("I cannot log in at all")
    [email] = [n for n in await harness.notices() if n.to == "support@example.com"]
    assert "not linked to an account" in email.body


class _Ordered:
    """A unit-of-work factory and a classifier that write what happens, in order, into one list."""

    def __init__(self, factory: FakeUnitOfWorkFactory, classifier: FakeClassifier) -> None:
        self.events: list[str] = []
        self._factory = factory
        self._classifier = classifier

    def __call__(self) -> Any:
        self.events.append("transaction")
        return self._factory()

    async def classify(self, text: str) -> Prediction:
        self.events.append(f"classify {text}")
        return await self._classifier.classify(text)


async def test_a_question_is_classified_before_the_transaction_and_answers_are_not_classified() -> None:
    ordered = _Ordered(FakeUnitOfWorkFactory(), FakeClassifier(PHRASES))
    harness = Harness(cast(Any, ordered), classifier=ordered)
    await harness.seed()
    chat = harness.chat()
    await harness.link(chat)
    await chat.say("/enable")
    await chat.press("method:sms")
    ordered.events.clear()
    await chat.say("+44 7400 123489")  # the number: an answer, never classified
    await chat.say(harness.sms.last_code())  # the code: likewise
    # the number's step, then the short one recording that the SMS went out, then the code's step
    assert ordered.events == ["transaction", "transaction", "transaction"]
    reply = await chat.say("How do I change my number?")
    assert ordered.events[3:] == ["classify How do I change my number?", "transaction"]
    assert "To change" in reply and chat.buttons() == ["change"]
