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
