"""What a new user stumbled on (issue 15, section 5): two addresses on one domain masked alike, and the
SMS refusal for a country where it is not offered (jargon, no country named, a question above buttons).
On fakes, SQLite and PostgreSQL, through the conversation engine."""

from __future__ import annotations

import phonenumbers
import pytest

from domain.core.countries import NAMES
from domain.core.destinations import BULLET, is_masked, mask_email
from domain.core.ports import UnitOfWorkFactory
from tests.support.harness import Chat, Harness


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


# 1. Masks -------------------------------------------------------------------------------------------


async def test_two_addresses_on_one_domain_are_told_apart_in_the_prompt_status_and_notice(
    harness: Harness, chat: Chat
) -> None:
    await chat.say("/enable")
    await chat.press("method:email")
    assert "al•••e@acme-corp.co.uk" in await chat.say("alice@acme-corp.co.uk")
    await chat.say(harness.email.last_code("alice@acme-corp.co.uk"))
    await chat.say("/change")
    await chat.say(harness.email.last_code("alice@acme-corp.co.uk"))
    await chat.press("method:email")
    assert "We sent a code to a.•••h@acme-corp.co.uk" in await chat.say("a.smith@acme-corp.co.uk")
    assert "now go to a.•••h@acme-corp.co.uk" in await chat.say(
        harness.email.last_code("a.smith@acme-corp.co.uk")
    )
    assert "codes by email to a.•••h@acme-corp.co.uk" in await chat.say("/status")
    [notice] = await harness.notices_about("was changed")
    assert "Before: email to al•••e@acme-corp.co.uk" in notice.body
    assert "Now: email to a.•••h@acme-corp.co.uk" in notice.body


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("a@example.com", "a•••@example.com"),
        ("al@example.com", "a•••@example.com"),
        ("bob@example.com", "b•••@example.com"),
        ("anne@example.com", "a•••e@example.com"),
        ("alice@example.com", "al•••e@example.com"),
        ("alexander.hamilton@example.com", "al•••n@example.com"),
    ],
)
def test_a_mask_shows_at_most_three_characters_of_the_name_and_never_its_length(
    address: str, masked: str
) -> None:
    assert mask_email(address) == masked
    shown = masked.split("@")[0].replace(BULLET, "")
    assert len(shown) <= 3 and (len(shown) < len(address.split("@")[0]) or len(shown) == 1)
    assert masked.count(BULLET) == 3
    assert is_masked(masked) and not is_masked(address)


# 2. The SMS refusal -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "country"), [("+91 98765 43210", "India"), ("+971 50 123 4567", "the United Arab Emirates")]
)
async def test_a_number_where_sms_is_not_offered_names_the_country_and_another_number_may_be_typed(
    harness: Harness, chat: Chat, number: str, country: str
) -> None:
    await chat.say("/enable")
    await chat.press("method:sms")
    reply = await chat.say(number)
    assert f"numbers in {country} yet" in reply
    assert "another mobile number" in reply and "by email" in reply
    assert "provider registration" not in reply and "?" not in reply  # no jargon, no question above buttons
    assert [b.label for row in chat.seen[-1].buttons for b in row] == ["Use email instead", "Cancel"]
    assert harness.sms.sent == []
    assert "We sent a code to +44 ••••••• 56" in await chat.say("07400 123456")  # simply typed again


def test_every_region_a_number_can_belong_to_has_a_country_name() -> None:
    assert set(phonenumbers.SUPPORTED_REGIONS) <= set(NAMES)
