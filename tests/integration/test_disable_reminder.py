"""The reminder of an unanswered "turn off 2FA?" showed "your 2FA destination" where the question itself
showed the masked number or address (issue 15, section 5): the step keeps the mask (`to`) for it. On fakes,
SQLite and PostgreSQL, through the conversation engine."""

from __future__ import annotations

import pytest

from domain.core.ports import UnitOfWorkFactory
from tests.support.edge_chats import MOBILE, linked_with_sms
from tests.support.harness import Harness


@pytest.fixture
async def harness(uow_factory: UnitOfWorkFactory) -> Harness:
    harness = Harness(uow_factory)
    await harness.seed()
    return harness


async def test_the_disable_reminder_shows_the_masked_destination_like_the_first_prompt(
    harness: Harness,
) -> None:
    chat = await linked_with_sms(harness, "alice@example.com", "tg:2004", MOBILE)
    assert "send a code to +44 ••••••• 56 to confirm" in await chat.say("/disable")
    reminder = await chat.say("/status")
    assert "your 2FA destination" not in reminder
    assert "send a code to +44 ••••••• 56 to confirm" in reminder
