"""Real `twofa serve` processes for end-to-end tests and benchmarks: started, waited for, stopped by SIGTERM.

`webhook_environment` is what a webhook worker needs (production settings pointing at loopback servers:
the fake Bot API, an SMTP server, a Twilio-shaped API); `serve_workers` runs N workers on it, each on a
free port with its log in a file, and checks at the end that each stopped cleanly (exit 0, no traceback).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from tests.support.smtp import free_port

TWOFA = [sys.executable, "-m", "app.cli"]
WEBHOOK_SECRET = "webhook-secret-for-e2e-tests-0123456789_abcdef"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HOOK = "/telegram/webhook"
READY_SECONDS = 60.0
STOP_SECONDS = 30.0


def webhook_environment(
    database_url: str,
    *,
    bot_token: str,
    bot_api_url: str,
    smtp: tuple[str, int],
    twilio: tuple[str, str, str],
    outbox: Path,
) -> dict[str, str]:
    """The environment of a production webhook worker talking only to loopback servers.

    `twilio` is (API URL, account SID, auth token): production refuses the console SMS gateway. Every
    `TWOFA_` variable of the caller's environment is left out, so nothing local leaks in.
    """
    twilio_url, account_sid, auth_token = twilio
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")}
    return env | {
        "TWOFA_ENVIRONMENT": "production",
        "TWOFA_DATABASE_URL": database_url,
        "TWOFA_SECRET_KEY": "webhook-workers-test-key-0123456789-0123456789",
        "TWOFA_TELEGRAM_TOKEN": bot_token,
        "TWOFA_TELEGRAM_API_URL": bot_api_url,
        "TWOFA_WEBHOOK_URL": f"https://bot.example.com{HOOK}",
        "TWOFA_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "TWOFA_SMTP_HOST": smtp[0],
        "TWOFA_SMTP_PORT": str(smtp[1]),
        "TWOFA_SMS_PROVIDER": "twilio",
        "TWOFA_TWILIO_ACCOUNT_SID": account_sid,
        "TWOFA_TWILIO_AUTH_TOKEN": auth_token,
        "TWOFA_TWILIO_FROM": "+15005550006",
        "TWOFA_TWILIO_API_URL": twilio_url,
        "TWOFA_OUTBOX_DIR": str(outbox),
        "TWOFA_OUTBOX_INTERVAL_SECONDS": "0.2",
    }


async def healthy(http: aiohttp.ClientSession, base: str, seconds: float = READY_SECONDS) -> None:
    """Wait until `base/healthz` answers 200 (the worker listens once its webhook route is served)."""
    async with asyncio.timeout(seconds):
        while True:
            try:
                async with http.get(f"{base}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)


@dataclass(frozen=True)
class Served:
    """One running worker: where it listens, and its process id (for its CPU time)."""

    base: str
    pid: int


@asynccontextmanager
async def serve_workers(
    env: dict[str, str],
    count: int,
    folder: Path,
    http: aiohttp.ClientSession,
    command: Sequence[str] = (*TWOFA, "serve"),
) -> AsyncIterator[list[Served]]:
    """`count` processes of `command` (`twofa serve`) on `env`, each on a free loopback port (given as
    `TWOFA_HTTP_PORT`); yields where they listen once each answers `/healthz`.

    At the end each gets SIGTERM; one that does not exit 0, or that logged a traceback, fails the block
    with its log.
    """
    logs = [folder / f"worker{n}.log" for n in range(count)]
    processes: list[asyncio.subprocess.Process] = []
    try:
        served = []
        for log in logs:
            port = free_port()
            with log.open("wb") as handle:
                process = await asyncio.create_subprocess_exec(
                    *command,
                    env=env | {"TWOFA_HTTP_PORT": str(port)},
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=handle,
                )
            processes.append(process)
            served.append(Served(f"http://127.0.0.1:{port}", process.pid))
        await asyncio.gather(*(healthy(http, worker.base) for worker in served))
        yield served
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        for process, log in zip(processes, logs, strict=False):
            await asyncio.wait_for(process.wait(), STOP_SECONDS)
            assert process.returncode == 0, log.read_text()
            assert "Traceback" not in log.read_text(), log.read_text()
