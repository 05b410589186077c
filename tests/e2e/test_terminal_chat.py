"""The offline terminal chat, as `make run` starts it: demo accounts, codes shown as the email sent."""

from __future__ import annotations

import io
import re
from pathlib import Path

from app.settings import Settings
from app.wiring import build_services
from bot.terminal import TerminalChat
from domain.accounts import admin


async def test_a_person_links_a_demo_account_in_the_terminal_reading_the_code_from_the_shown_email(
    tmp_path: Path,
) -> None:
    shown = io.StringIO()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}", outbox_dir=tmp_path / "outbox"
    )
    services = await build_services(settings, stream=shown)
    try:
        async with services.uow_factory() as uow:
            await admin.seed_demo(uow, services.clock.now())
            await uow.commit()
        lines: list[str] = []
        chat = TerminalChat(services.assistant, "term:test", write=lines.append)
        await chat.step("/start")
        await chat.step("bob@example.com")
        assert "[1] Resend code   [2] Cancel" in lines[-1]
        code = re.findall(r"│ (\d{6}) is your twofa-assistant code", shown.getvalue())[-1]
        assert list((tmp_path / "outbox").glob("*.eml"))
        await chat.step(code)
        assert any("linked to Bob Member's account" in line for line in lines)
        await chat.step("/status")
        assert "2FA: off" in lines[-1]
        await chat.step("/help")
        assert "[1] My 2FA status   [2] Help" in lines[-1]
        await chat.step("1")  # a number presses the numbered button
        assert lines[-2] == "     » My 2FA status" and "Account: Bob Member" in lines[-1]
        for odd in ("²", "１", "99999999999999999999"):  # not ASCII digits, or no such button: typed text
            await chat.step(odd)
            assert "Something went wrong" not in lines[-1] and "»" not in lines[-2]
    finally:
        await services.aclose()


async def test_reopening_the_chat_mid_link_asks_for_the_code_again_and_takes_it(tmp_path: Path) -> None:
    """`twofa chat` closed after the email step and opened again: the code typed next links the chat (it
    used to restart linking, so the code was read as an email address)."""
    shown = io.StringIO()
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}", outbox_dir=tmp_path / "outbox"
    )
    services = await build_services(settings, stream=shown)
    try:
        async with services.uow_factory() as uow:
            await admin.seed_demo(uow, services.clock.now())
            await uow.commit()
        lines: list[str] = []
        first = TerminalChat(services.assistant, "term:test", write=lines.append)
        await first.open()
        assert "What is your account email address?" in lines[-1]
        await first.step("bob@example.com")
        code = re.findall(r"│ (\d{6}) is your twofa-assistant code", shown.getvalue())[-1]

        again = TerminalChat(services.assistant, "term:test", write=lines.append)  # the chat reopened
        await again.open()
        assert "Welcome back" in lines[-2] and "Please type the 6-digit code" in lines[-1]
        await again.step(code)
        assert any("linked to Bob Member's account" in line for line in lines[-3:])

        third = TerminalChat(services.assistant, "term:test", write=lines.append)  # nothing pending now
        await third.open()
        assert "This chat is linked to Bob Member's account." in lines[-2] and "2FA: off" in lines[-1]
    finally:
        await services.aclose()
