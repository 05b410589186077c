"""Two routing edges a new user met (issue 15, section 5), through the conversation engine on fakes, SQLite
and PostgreSQL (the pending question is stored with the conversation):

- a command for a 2FA flow that has nothing to do (turn off 2FA that is off), given in the middle of
  another flow, says so and leaves that flow where it was, instead of offering to stop it;
- while a "stop that and ... instead?" question waits, a button of an earlier message (the step's SMS
  button, Resend, the question's own after it was answered) is stale: it answers nothing, and the
  question is asked again.
"""

from __future__ import annotations

import pytest

from domain.core.conversation_state import Step
from domain.core.model import Method, TwoFactorSetting
from domain.core.ports import UnitOfWorkFactory
from domain.wording import texts, texts_faq, texts_twofa
from tests.support.fakes import EPOCH
from tests.support.harness import Chat, Harness

MOBILE = "+447400123456"


@pytest.fixture
async def harness(uow_factory: UnitOfWorkFactory) -> Harness:
    harness = Harness(uow_factory)
    await harness.seed()
    return harness


@pytest.fixture
async def chat(harness: Harness) -> Chat:
    chat = harness.chat()
    await harness.link(chat)
    return chat


async def on_by_sms(harness: Harness) -> None:
    async with harness.uow_factory() as uow:
        user = await uow.users.get_by_email("alice@example.com")
        assert user is not None
        await uow.two_factor.save(TwoFactorSetting(user.key, Method.SMS, MOBILE, EPOCH))
        await uow.commit()


async def step(harness: Harness, chat: Chat) -> Step:
    async with harness.uow_factory() as uow:
        conversation = await uow.conversations.get(chat.chat_id)
    assert conversation is not None
    return conversation.step


def asks_to_stop(current: str, next_: str) -> str:
    return texts_twofa.ABANDON.format(
        current=texts_twofa.FLOW_NAMES[current], next=texts_twofa.NEXT_NAMES[next_]
    )


@pytest.mark.parametrize(
    ("command", "what"), [("/disable", "turn off"), ("/change", "change"), ("/test", "test")]
)
async def test_a_flow_that_needs_2fa_on_is_refused_mid_enable_and_enabling_carries_on(
    harness: Harness, chat: Chat, command: str, what: str
) -> None:
    await chat.say("/enable")
    reply = await chat.say(command)
    assert f"2FA is off, so there is nothing to {what}." in reply
    assert "Stop that" not in reply and not any(data.startswith("switch:") for data in chat.buttons())
    assert f"in the middle of {texts_twofa.FLOW_NAMES['enable']}" in reply  # and the method is asked again
    assert "method:sms" in chat.buttons() and await step(harness, chat) is Step.ENABLE_METHOD
    assert "mobile number" in await chat.press("method:sms")
    await chat.say("07400 123456")
    assert "2FA is on" in await chat.say(harness.sms.last_code(MOBILE))


async def test_enable_mid_change_says_2fa_is_on_and_the_change_carries_on(
    harness: Harness, chat: Chat
) -> None:
    await on_by_sms(harness)
    await chat.say("/change")
    reply = await chat.say("/enable")
    assert "2FA is already on: codes go by SMS to +44 ••••••• 56." in reply and "Stop that" not in reply
    assert await step(harness, chat) is Step.CHANGE_OLD_CODE
    assert "How would you like to receive codes" in await chat.say(harness.sms.last_code(MOBILE))


async def test_an_earlier_button_while_a_stop_question_waits_is_stale_and_the_question_comes_again(
    harness: Harness, chat: Chat
) -> None:
    await chat.say("/enable")  # SMS / email buttons
    assert asks_to_stop("enable", "support") in await chat.say("/support")
    reply = await chat.press("method:sms")  # the earlier message's button
    assert texts.STALE_BUTTON in reply and asks_to_stop("enable", "support") in reply
    assert chat.buttons() == ["switch:support", "stay"]
    assert await step(harness, chat) is Step.ENABLE_METHOD  # nothing was answered
    harness.restart()  # a new process: the question is kept with the conversation
    assert asks_to_stop("enable", "support") in await chat.press("method:email")
    assert asks_to_stop("enable", "support") in await chat.say("/status")  # where we are: the question
    assert "carry on" in await chat.press("stay")
    assert "mobile number" in await chat.press("method:sms")


async def test_the_buttons_of_a_question_work_only_while_it_waits(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    await chat.say("/support")
    await chat.press("stay")
    reply = await chat.press("switch:support")  # the answered question's other button
    assert texts.STALE_BUTTON in reply and texts_faq.SUPPORT_ASK not in reply
    assert await step(harness, chat) is Step.ENABLE_METHOD
    await chat.say("/support")
    assert texts.STALE_BUTTON in await chat.press("switch:manage")  # no such question was asked
    assert texts_faq.SUPPORT_ASK in await chat.press("switch:support")
    assert await step(harness, chat) is Step.SUPPORT_DESCRIBE


async def test_a_code_step_buttons_are_stale_under_a_question_but_typing_the_code_moves_on(
    harness: Harness, chat: Chat
) -> None:
    await on_by_sms(harness)
    await chat.say("/change")
    sent = len(harness.sms.sent)
    assert asks_to_stop("change", "disable") in await chat.say("/disable")
    assert texts.STALE_BUTTON in await chat.press("resend")
    assert len(harness.sms.sent) == sent  # nothing was resent
    assert "How would you like to receive codes" in await chat.say(harness.sms.last_code(MOBILE))
    assert "email address" in await chat.press("method:email")  # the question was passed over


async def test_confirming_disable_under_a_question_is_stale(harness: Harness, chat: Chat) -> None:
    await on_by_sms(harness)
    await chat.say("/disable")
    await chat.say("/change")
    sent = len(harness.sms.sent)
    assert texts.STALE_BUTTON in await chat.press("disable:yes")
    assert len(harness.sms.sent) == sent and await step(harness, chat) is Step.DISABLE_CONFIRM
    assert (await harness.setting()).method is Method.SMS
