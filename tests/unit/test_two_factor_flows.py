"""Enable, change and disable 2FA through the conversation engine, on fakes (no I/O)."""

from __future__ import annotations

import pytest

from domain.core.conversation_state import Step
from domain.core.model import AuditKind, Method
from domain.core.ports import DeliveryProblem
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import Chat, Harness

MOBILE = "+447400123456"
MOBILE_MASK = "+44 ••••••• 56"


@pytest.fixture
async def harness() -> Harness:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    return harness


@pytest.fixture
async def chat(harness: Harness) -> Chat:
    chat = harness.chat()
    await harness.link(chat)
    return chat


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def enable_sms(harness: Harness, chat: Chat, number: str = "07400 123456") -> str:
    await chat.say("/enable")
    await chat.press("method:sms")
    await chat.say(number)
    return await chat.say(harness.sms.last_code())


async def test_status_offers_to_turn_on_2fa_when_it_is_off(harness: Harness, chat: Chat) -> None:
    assert "2FA: off" in await chat.say("/status")
    assert chat.buttons() == ["enable"]


async def test_enabling_by_sms_needs_the_code_sent_to_the_new_number(harness: Harness, chat: Chat) -> None:
    assert "SMS or email" in await chat.say("/enable")
    assert chat.buttons() == ["method:sms", "method:email", "method:app", "method:telegram", "cancel"]
    assert "mobile number" in await chat.press("method:sms")
    reply = await chat.say("07400 123456")  # local input, read in the default region
    assert f"We sent a code to {MOBILE_MASK}" in reply
    assert harness.sms.sent[-1].to == MOBILE and "to turn on 2FA" in harness.sms.sent[-1].body
    assert (await harness.setting()).method is Method.NONE  # not active before the code
    reply = await chat.say(harness.sms.last_code())
    assert "2FA is on" in reply and MOBILE_MASK in reply
    setting = await harness.setting()
    assert (setting.method, setting.destination) == (Method.SMS, MOBILE)
    assert f"codes by SMS to {MOBILE_MASK}" in await chat.say("/status")
    assert chat.buttons() == ["change", "disable"]
    [notice] = await harness.notices_about("turned on")
    assert notice.to == "alice@example.com" and "Now: SMS to +44 ••••••• 56" in notice.body
    assert MOBILE not in notice.body
    [event] = await harness.audit(AuditKind.TWOFA_ENABLED)
    assert event.chat_id == chat.chat_id and event.actor == f"chat:{chat.chat_id}"


async def test_enabling_by_email_works_the_same_way(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    await chat.say("email please")  # the method can be typed too
    await chat.say("Alice.Codes@Example.org")
    assert "to turn on 2FA" in harness.email.sent[-1].subject
    assert "2FA is on" in await chat.say(harness.email.last_code("Alice.Codes@example.org"))
    assert (await harness.setting()).destination == "Alice.Codes@example.org"


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("020 7946 0123", "it is a landline"),
        ("+44 909 879 0000", "premium-rate"),
        ("0800 123 4567", "toll-free"),
        ("+44 56 1234 5678", "internet (VoIP)"),
        ("12345", "not a valid phone number"),
        ("call me maybe", "does not look like a phone number"),
    ],
)
async def test_numbers_that_cannot_receive_sms_are_refused_with_a_reason(
    harness: Harness, chat: Chat, number: str, reason: str
) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    reply = await chat.say(number)
    assert reason in reply
    assert harness.sms.sent == []
    assert "use email instead" in reply.lower() and "method:email" in chat.buttons()


async def test_a_number_in_a_country_without_sms_is_offered_email_which_works(
    harness: Harness, chat: Chat
) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    reply = await chat.say("+91 98765 43210")
    assert "SMS codes to numbers in India yet" in reply and "by email, which works everywhere" in reply
    assert chat.buttons() == ["method:email", "cancel"]
    assert "email address" in await chat.press("method:email")
    await chat.say("alice@example.com")
    assert "2FA is on" in await chat.say(harness.email.last_code())


async def test_an_invalid_email_is_refused_clearly(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    await chat.press("method:email")
    assert "cannot be used" in await chat.say("alice@@example")
    assert "cannot be used" in await chat.say("alice@localhost")


async def test_enabling_twice_is_refused_and_points_to_change(harness: Harness, chat: Chat) -> None:
    await enable_sms(harness, chat)
    assert "already on" in await chat.say("/enable")
    assert chat.buttons() == ["change", "disable"]


async def test_changing_the_number_needs_a_code_to_the_old_one_then_to_the_new_one(
    harness: Harness, chat: Chat
) -> None:
    await enable_sms(harness, chat)
    reply = await chat.say("/change")
    assert f"first type the code we sent to your current {MOBILE_MASK}" in reply
    assert "to change your 2FA setting" in harness.sms.sent[-1].body
    assert "How would you like to receive codes" in await chat.say(harness.sms.last_code(MOBILE))
    await chat.press("method:sms")
    assert "+49 ••••••• 78" in await chat.say("+49 151 12345678")
    assert "to confirm your new number" in harness.sms.sent[-1].body
    assert (await harness.setting()).destination == MOBILE  # the old number stays in force meanwhile
    assert "Your codes now go to +49 ••••••• 78" in await chat.say(harness.sms.last_code("+4915112345678"))
    assert (await harness.setting()).destination == "+4915112345678"
    [notice] = await harness.notices_about("was changed")
    assert "Before: SMS to +44 ••••••• 56" in notice.body and "Now: SMS to +49 ••••••• 78" in notice.body


async def test_switching_from_sms_to_email_is_a_change(harness: Harness, chat: Chat) -> None:
    await enable_sms(harness, chat)
    await chat.say("/change")
    await chat.say(harness.sms.last_code())
    await chat.press("method:email")
    await chat.say("alice@example.com")
    assert "now go to al•••e@example.com" in await chat.say(harness.email.last_code())
    setting = await harness.setting()
    assert (setting.method, setting.destination) == (Method.EMAIL, "alice@example.com")


async def test_a_wrong_code_to_the_old_destination_changes_nothing(harness: Harness, chat: Chat) -> None:
    await enable_sms(harness, chat)
    await chat.say("/change")
    code = harness.sms.last_code()
    for _ in range(5):
        await chat.say(wrong(code))
    assert "earlier step" in await chat.press("method:email")
    assert (await harness.setting()).destination == MOBILE
    assert await harness.audit(AuditKind.TWOFA_CHANGED) == []


async def test_the_same_destination_is_not_a_change(harness: Harness, chat: Chat) -> None:
    await enable_sms(harness, chat)
    await chat.say("/change")
    await chat.say(harness.sms.last_code())
    await chat.press("method:sms")
    assert "already where your codes go" in await chat.say("+44 7400 123456")


async def test_a_change_left_too_long_after_the_old_code_must_start_again(
    harness: Harness, chat: Chat
) -> None:
    await enable_sms(harness, chat)
    await chat.say("/change")
    await chat.say(harness.sms.last_code())
    harness.clock.advance(minutes=14)
    await chat.press("method:email")
    await chat.say("alice@example.com")
    harness.clock.advance(minutes=2)
    assert "no longer active" in await chat.say(harness.email.last_code())
    assert (await harness.setting()).method is Method.SMS


async def test_disabling_asks_for_confirmation_and_a_code_to_the_current_destination(
    harness: Harness, chat: Chat
) -> None:
    await enable_sms(harness, chat)
    reply = await chat.say("/disable")
    assert "password only" in reply and chat.buttons() == ["disable:yes", "cancel"]
    assert f"Type the code we sent to {MOBILE_MASK} to turn off 2FA" in await chat.press("disable:yes")
    assert "to turn off 2FA" in harness.sms.sent[-1].body
    assert "2FA is now off" in await chat.say(harness.sms.last_code())
    assert (await harness.setting()).method is Method.NONE
    assert len(await harness.notices_about("turned off")) == 1
    assert len(await harness.audit(AuditKind.TWOFA_DISABLED)) == 1


async def test_saying_do_not_activate_protection_starts_disabling(harness: Harness, chat: Chat) -> None:
    await enable_sms(harness, chat)
    assert "Do you want to turn it off?" in await chat.say("Do not activate protection!")


async def test_keeping_2fa_on_at_the_confirmation_changes_nothing(harness: Harness, chat: Chat) -> None:
    await enable_sms(harness, chat)
    await chat.say("/disable")
    assert "Cancelled" in await chat.press("cancel")
    assert (await harness.setting()).method is Method.SMS


async def test_switching_flows_asks_whether_to_abandon_the_current_one(harness: Harness, chat: Chat) -> None:
    await enable_sms(harness, chat)
    await chat.say("/change")
    old_code = harness.sms.last_code()
    reply = await chat.say("/disable")
    assert "in the middle of changing your 2FA setting" in reply
    assert chat.buttons() == ["switch:disable", "stay"]
    assert "carry on" in await chat.press("stay")
    await chat.say("/disable")
    assert "Do you want to turn it off?" in await chat.press("switch:disable")
    await chat.press("disable:yes")
    await chat.say(old_code)  # the abandoned flow's code is no longer valid here
    assert (await harness.setting()).method is Method.SMS
    assert "2FA is now off" in await chat.say(harness.sms.last_code())


async def test_cancel_mid_flow_keeps_the_old_setting(harness: Harness, chat: Chat) -> None:
    await enable_sms(harness, chat)
    await chat.say("/change")
    await chat.say(harness.sms.last_code())
    await chat.press("method:email")
    await chat.say("alice@example.com")
    assert "Cancelled" in await chat.say("/cancel")
    assert "No code is awaited right now" in await chat.say(harness.email.last_code())
    assert (await harness.setting()).method is Method.SMS


async def test_a_failed_sms_is_counted_and_offers_a_retry_or_email(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    harness.sms.failing = DeliveryProblem.UNREACHABLE
    reply = await chat.say("+44 7400 123456")
    assert "could not be reached" in reply and "Nothing was saved" in reply
    assert chat.buttons() == ["method:email", "cancel"]
    async with harness.uow_factory() as uow:
        key = harness.codes.destination_key(MOBILE)  # recorded before the gateway was called
        assert await uow.send_log.destination_sends_since(key, harness.clock.now()) == [harness.clock.now()]
        assert (await uow.conversations.get(chat.chat_id)).step is Step.ENABLE_DESTINATION  # type: ignore[union-attr]
    harness.sms.failing = None
    assert "We sent a code" in await chat.say("+44 7400 123456")


async def test_resend_in_a_flow_respects_the_cooldown(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    await chat.say("+44 7400 123456")
    harness.clock.advance(seconds=59)
    assert "You can ask for it again in 1 second." in await chat.press("resend")
    harness.clock.advance(seconds=1)
    assert "We sent the code again" in await chat.press("resend")
    assert harness.sms.sent[-1].body == harness.sms.sent[-2].body


async def test_a_restart_between_steps_of_a_flow_loses_nothing(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    harness.restart()
    await chat.press("method:sms")
    harness.restart()
    await chat.say("+44 7400 123456")
    harness.restart()
    assert "2FA is on" in await chat.say(harness.sms.last_code())


async def test_flows_need_a_linked_chat(harness: Harness) -> None:
    stranger = harness.chat("tg:999")
    for command in ("/enable", "/change", "/disable"):
        assert "link this chat" in await stranger.say(command)


async def test_an_expired_code_for_the_new_destination_can_be_replaced_by_a_new_one(
    harness: Harness, chat: Chat
) -> None:
    await enable_sms(harness, chat)
    await chat.say("/change")
    await chat.say(harness.sms.last_code())
    await chat.press("method:email")
    await chat.say("alice@example.com")
    expired = harness.email.last_code()
    harness.clock.advance(minutes=5)
    assert "expired" in await chat.say(expired)
    assert "to confirm your new email address" in harness.email.sent[-1].subject
    assert "We sent a new code to al•••e@example.com" in await chat.press("newcode")
    assert "now go to al•••e@example.com" in await chat.say(harness.email.last_code())
