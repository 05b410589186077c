"""Telegram's command menu and `/help` list the same commands, through the real python-telegram-bot client
on a loopback Bot API (issue 15: `/help` left out /enable, /change, /disable, /devices, /test, /request)."""

from __future__ import annotations

from pathlib import Path

from domain.core.commands import COMMANDS
from tests.support.running_bot import running_bot
from tests.support.smtp import SmtpSink

CHAT = 7001


async def test_the_command_menu_set_at_start_and_help_name_the_same_commands(
    tmp_path: Path, smtp_sink: SmtpSink
) -> None:
    async with running_bot(tmp_path, smtp_sink) as running:
        menu = await running.api.wait_for_call("setMyCommands")
        help_text = await running.say(CHAT, "/help", "/start")  # a chat not linked yet sees them all
    assert [(c["command"], c["description"]) for c in menu["commands"]] == [
        (c.name, c.menu_text(c.description)) for c in COMMANDS
    ]
    listed = [line.split(" – ")[0] for line in help_text.splitlines() if line.startswith("/")]
    assert listed == [f"/{c['command']}" for c in menu["commands"]]
