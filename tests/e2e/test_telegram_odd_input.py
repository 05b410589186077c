"""Odd chat input end to end, on SQLite and PostgreSQL: the real python-telegram-bot client polling the
loopback Bot API. Forged buttons and text holding NUL get a polite answer, never "Something went wrong"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.telegram import SOMETHING_WENT_WRONG
from domain.accounts.linking import create_link_token
from domain.core.model import AuditKind
from domain.wording import texts, texts_logins
from storage.engine import create_engine
from tests.support.databases import truncate_all
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

CAROL = 103  # carol@example.com, account manager of the demo contract
STRANGER = 104  # a chat linked to nobody


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def running(
    request: pytest.FixtureRequest, tmp_path: Path, smtp_sink: SmtpSink
) -> AsyncIterator[Running]:
    database: dict[str, Any] = {}
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_database_url")
        engine = create_engine(url)
        try:
            await truncate_all(engine)
        finally:
            await engine.dispose()
        database["database_url"] = url
    async with running_bot(tmp_path, smtp_sink, **database) as bot:
        yield bot


async def link(running: Running, chat: int, email: str) -> None:
    """Link by deep link (the email step is covered elsewhere)."""
    services = running.services
    async with services.uow_factory() as uow:
        user = await uow.users.get_by_email(email)
        assert user is not None
        lifetime = services.settings.otp_policy().link_token_lifetime
        now = services.clock.now()
        token = await create_link_token(uow, user, services.tokens, services.server_key, now, lifetime)
        await uow.commit()
    await running.say(chat, f"/start {token}", "linked")


async def press_forged(running: Running, chat: int, data: str) -> str:
    """Send a callback with `data` on the chat's last message, as a client can whatever it was shown."""
    after = len(running.api.sent)
    message = running.api.messages_for(chat)[-1]
    running.api.push_callback(chat, message.message_id, data)
    answer = await running.api.wait_for_message(chat, lambda m: True, after=after)
    return answer.text


FORGED = [
    "mgr:user:99999999999999999999",  # beyond a 32-bit id column
    "mgr:user:²",  # str.isdigit() says yes, int() says no
    "mgr:user:2147483648",
    "mgr:all:99999999999999999999",
    "mgr:all:١",  # an Arabic-Indic digit
    "req:approve:99999999999999999999",
    "req:decline:²",
    "login:no:ab\x00cd",
    "login:yes:" + "9" * 60,
    "device:forget:99999999999999999999",
    "mgr:user:\x00",
]


# a forged button names nothing of this chat's: "earlier step", or for a well-formed login id "not yours"
POLITE = (texts.STALE_BUTTON, texts_logins.LOGIN_NOT_YOURS, texts_logins.NO_DEVICES)


async def test_forged_buttons_from_a_manager_get_the_stale_button_answer(running: Running) -> None:
    await link(running, CAROL, "carol@example.com")
    for data in FORGED:
        said = await press_forged(running, CAROL, data)
        assert SOMETHING_WENT_WRONG not in said, data
        assert any(polite in said for polite in POLITE), (data, said)
    # the chat still works, and the forged manager buttons were audited as refused attempts
    await running.say(CAROL, "/status", "Carol Manager")
    async with running.services.uow_factory() as uow:
        refused = await uow.audit.list(kind=AuditKind.MANAGER_REFUSED)
    actions = [event.detail["action"] for event in refused]
    assert actions == [
        "disable:user:99999999999999999999",
        "disable:user:²",
        "disable:user:2147483648",
        "disable:all:99999999999999999999",
        "disable:all:١",
        "disable:user:",  # the NUL was dropped at the boundary, before the step and the audit saw it
    ]
    assert all(SOMETHING_WENT_WRONG not in m.text for m in running.api.messages_for(CAROL))


async def test_a_support_ticket_written_with_nul_and_control_characters_opens(running: Running) -> None:
    await running.say(STRANGER, "/support", "")
    said = await running.say(STRANGER, "help\x00me \x1b[31mplease", "is open")
    assert "Ticket #1" in said
    async with running.services.uow_factory() as uow:
        ticket = await uow.tickets.get(1)
    assert ticket is not None and ticket.description == "helpme [31mplease"
    assert all(SOMETHING_WENT_WRONG not in m.text for m in running.api.messages_for(STRANGER))
