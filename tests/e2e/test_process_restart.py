"""The real `twofa` program, as separate processes: administration CLI, then the bot stopped mid-flow.

A code is sent, the bot process stops, a new process starts, the user types the code: linking (and then
enabling 2FA) completes, because the conversation lives in the database and the code is derived from the
key, not held in memory. The notice of the change goes out from the third process's outbox.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp import SmtpSink, extract_code

TWOFA = [sys.executable, "-m", "app.cli"]
CHAT = 7007


def environment(tmp_path: Path, api: FakeBotApi, smtp: SmtpSink, twilio: FakeTwilio) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")}
    env.update(
        TWOFA_ENVIRONMENT="production",
        TWOFA_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}",
        TWOFA_SECRET_KEY="restart-test-key-0123456789-0123456789-abcdef",
        TWOFA_TELEGRAM_TOKEN=api.token,
        TWOFA_TELEGRAM_API_URL=api.base_url,
        TWOFA_SMTP_HOST="127.0.0.1",
        TWOFA_SMTP_PORT=str(smtp.port),
        TWOFA_OUTBOX_DIR=str(tmp_path / "outbox"),
        TWOFA_SMS_PROVIDER="twilio",
        TWOFA_TWILIO_ACCOUNT_SID=twilio.account_sid,
        TWOFA_TWILIO_AUTH_TOKEN=twilio.auth_token,
        TWOFA_TWILIO_FROM="+15005550006",
        TWOFA_TWILIO_API_URL=twilio.api_url,
    )
    return env


async def twofa(env: dict[str, str], *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        *TWOFA, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, output.decode()
    return output.decode()


def extract_code_from_text(text: str) -> str:
    codes: list[str] = re.findall(r"\b\d{6}\b", text)
    assert len(codes) == 1, text
    return codes[0]


async def stop(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGTERM)
    await asyncio.wait_for(process.wait(), 30)
    assert process.returncode == 0


async def test_linking_and_enabling_complete_in_new_processes_after_stops_between_steps(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio
) -> None:
    async with FakeBotApi() as api:
        env = environment(tmp_path, api, smtp_sink, fake_twilio)
        await twofa(env, "contracts", "add", "Northwind")
        await twofa(
            env, "users", "add", "--email", "Dana@Example.com", "--name", "Dana", "--contract", "Northwind"
        )
        assert "dana@example.com" in (await twofa(env, "users", "list")).lower()

        first = await asyncio.create_subprocess_exec(*TWOFA, "run", env=env)
        api.push_message(CHAT, "/start")
        await api.wait_for_message(CHAT, lambda m: "email address" in m.text, timeout=30)
        api.push_message(CHAT, "dana@example.com")
        email = await smtp_sink.wait_for(lambda m: "dana" in str(m["To"]).lower(), timeout=15)
        await api.wait_for_message(CHAT, lambda m: "we sent it a code" in m.text, timeout=15)
        await stop(first)

        after = len(api.sent)
        second = await asyncio.create_subprocess_exec(*TWOFA, "run", env=env)
        try:
            api.push_message(CHAT, extract_code(email))
            await api.wait_for_message(
                CHAT, lambda m: "linked to Dana's account" in m.text, after=after, timeout=30
            )
        finally:
            await stop(second)
