"""`TWOFA_ENVIRONMENT=production` refuses unsafe settings at start, naming the setting and the fix: the
console SMS gateway (codes and numbers printed and written to the outbox folder), no SMTP host (every
email only printed and written there), an SMTP password sent without STARTTLS to another host, provider
tokens sent over plain HTTP, and DEBUG logs. Checked on the real `twofa` program as separate processes,
and on the settings object for each case. Development keeps its offline gateways."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from app.production import check_production
from app.settings import ConfigurationError, Settings
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp import SmtpSink

TWOFA = [sys.executable, "-m", "app.cli"]
KEY = "production-settings-test-key-0123456789-abcdefgh"


def production_env(tmp_path: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")}
    return env | {
        "TWOFA_ENVIRONMENT": "production",
        "TWOFA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}",
        "TWOFA_SECRET_KEY": KEY,
        "TWOFA_OUTBOX_DIR": str(tmp_path / "outbox"),
        "TWOFA_HTTP_PORT": "0",
        **more,
    }


def safe(twilio: FakeTwilio, smtp: SmtpSink) -> dict[str, str]:
    """A production configuration with real gateways (on loopback)."""
    return {
        "TWOFA_SMTP_HOST": "127.0.0.1",
        "TWOFA_SMTP_PORT": str(smtp.port),
        "TWOFA_SMS_PROVIDER": "twilio",
        "TWOFA_TWILIO_ACCOUNT_SID": twilio.account_sid,
        "TWOFA_TWILIO_AUTH_TOKEN": twilio.auth_token,
        "TWOFA_TWILIO_FROM": "+15005550006",
        "TWOFA_TWILIO_API_URL": twilio.api_url,
    }


async def twofa(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *TWOFA,
        *args,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    except TimeoutError:
        process.kill()
        await process.wait()
        pytest.fail(f"`twofa {' '.join(args)}` was still running after 30 s: it started")
    assert process.returncode is not None
    return process.returncode, output.decode()


@pytest.mark.parametrize("command", ["serve", "run"])
async def test_production_with_the_console_sms_gateway_does_not_start(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio, command: str
) -> None:
    env = production_env(tmp_path, **safe(fake_twilio, smtp_sink)) | {"TWOFA_SMS_PROVIDER": "console"}
    code, output = await twofa(env, command)
    assert code == 2, output
    assert "TWOFA_SMS_PROVIDER=console" in output
    assert "TWOFA_SMS_PROVIDER=twilio" in output  # the fix
    assert "Traceback" not in output
    assert not (tmp_path / "outbox").exists()


async def test_production_without_smtp_does_not_start(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio
) -> None:
    env = production_env(tmp_path, **safe(fake_twilio, smtp_sink))
    del env["TWOFA_SMTP_HOST"]
    code, output = await twofa(env, "run")
    assert code == 2, output
    assert "TWOFA_SMTP_HOST is not set" in output


async def test_production_with_real_gateways_starts(
    tmp_path: Path, smtp_sink: SmtpSink, fake_twilio: FakeTwilio
) -> None:
    code, output = await twofa(production_env(tmp_path, **safe(fake_twilio, smtp_sink)), "db", "upgrade")
    assert (code, output.strip().splitlines()[-1]) == (0, "database schema is up to date"), output


def settings(**values: Any) -> Settings:
    safe_values: dict[str, Any] = {
        "environment": "production",
        "secret_key": KEY,
        "smtp_host": "smtp.example.com",
        "smtp_port": 587,
        "smtp_username": "twofa",
        "smtp_password": "mail-password",
        "smtp_starttls": True,
        "sms_provider": "twilio",
        "twilio_account_sid": "AC123",
        "twilio_auth_token": "twilio-token",
        "twilio_from": "+15005550006",
    }
    return Settings(_env_file=None, **(safe_values | values))


def refusal(**values: Any) -> str:
    with pytest.raises(ConfigurationError) as refused:
        check_production(settings(**values))
    return str(refused.value)


def test_a_safe_production_configuration_passes() -> None:
    check_production(settings())
    check_production(settings(smtp_host="127.0.0.1", smtp_starttls=False))  # a local relay
    check_production(settings(smtp_host="mail.internal", smtp_password=None, smtp_starttls=False))


@pytest.mark.parametrize(
    ("values", "named", "fix"),
    [
        ({"sms_provider": "console"}, "TWOFA_SMS_PROVIDER=console", "TWOFA_SMS_PROVIDER=twilio"),
        ({"smtp_host": None}, "TWOFA_SMTP_HOST is not set", "set TWOFA_SMTP_HOST"),
        ({"smtp_starttls": False}, "TWOFA_SMTP_PASSWORD", "TWOFA_SMTP_STARTTLS=true"),
        ({"twilio_api_url": "http://twilio.example.com"}, "TWOFA_TWILIO_API_URL", "https://"),
        (
            {"telegram_token": "123:abc", "telegram_api_url": "http://bots.example.com/bot"},
            "TWOFA_TELEGRAM_API_URL",
            "https://",
        ),
        ({"log_level": "debug"}, "TWOFA_LOG_LEVEL=DEBUG", "INFO"),
    ],
)
def test_each_unsafe_setting_is_named_with_its_fix(values: dict[str, Any], named: str, fix: str) -> None:
    message = refusal(**values)
    assert named in message and fix in message
    assert "mail-password" not in message and "twilio-token" not in message  # no secret in the message


def test_every_problem_is_listed_at_once() -> None:
    message = refusal(sms_provider="console", smtp_host=None)
    assert "TWOFA_SMS_PROVIDER" in message and "TWOFA_SMTP_HOST" in message


def test_development_keeps_its_offline_gateways() -> None:
    check_production(settings(environment="development", sms_provider="console", smtp_host=None))
