"""Ten wrong codes in a row at the sign-in page lock that source (issue 15, section 5): the owner's chat
used to get one identical "Was this you?" per code sent and nothing saying login codes were now blocked,
and no email. Now each alert carries its time, and a lockout is told once in chat and once by email, with
until when; not again for the same source within a day. On fakes, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from domain.core.ports import UnitOfWorkFactory
from tests.support.edge_chats import MOBILE, chat_alerts, linked_with_sms
from tests.support.harness import Harness

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0"


@pytest.fixture
async def harness(uow_factory: UnitOfWorkFactory) -> Harness:
    harness = Harness(uow_factory)
    await harness.seed()
    return harness


# 6. Wrong codes at the sign-in page -----------------------------------------------------------------


async def wrong_codes(harness: Harness, ip: str, count: int) -> None:
    """Start a sign-in from `ip` and type wrong codes at it, `count` in all (5 end one sign-in)."""
    while count > 0:
        started = await harness.logins.start("alice@example.com", ip=ip, user_agent=CHROME)
        assert started.login_id, started
        code = harness.sms.last_code(MOBILE)
        for _ in range(min(5, count)):
            await harness.logins.verify(started.login_id, f"{(int(code) + 1) % 1_000_000:06d}")
            count -= 1


async def test_a_lockout_at_the_sign_in_page_is_told_once_with_its_time_in_chat_and_by_email(
    harness: Harness,
) -> None:
    chat = await linked_with_sms(harness, "alice@example.com", "tg:2005", MOBILE)
    await chat_alerts(harness, chat.chat_id)
    notices_before = len(await harness.notices())
    await wrong_codes(harness, "203.0.113.9", 10)
    said = await chat_alerts(harness, chat.chat_id)
    asked = [text for text in said if "Was this you?" in text]
    assert len(asked) == 2 and all(
        text.startswith("At 09:00 UTC, a login code was sent to") for text in asked
    )
    [blocked] = [text for text in said if "blocked" in text]
    assert "10 wrong codes in a row were typed at the sign-in page" in blocked
    assert "login codes are blocked for sign-ins from that network until 09:01 UTC" in blocked
    [notice] = (await harness.notices())[notices_before:]
    assert (
        notice.to == "alice@example.com"
        and notice.subject == "Login codes for your account were blocked for a while"
    )
    assert "until 09:01 UTC" in notice.body
    harness.clock.advance(seconds=61)  # the lock ends; the next wrong code locks again, for longer
    await wrong_codes(harness, "203.0.113.9", 1)
    assert [text for text in await chat_alerts(harness, chat.chat_id) if "blocked" in text] == []
    assert len(await harness.notices()) == notices_before + 1  # told once, not per lock
    await wrong_codes(harness, "198.51.100.7", 10)  # another network: another lockout to tell
    assert len([t for t in await chat_alerts(harness, chat.chat_id) if "blocked" in t]) == 1
    assert len(await harness.notices()) == notices_before + 2
