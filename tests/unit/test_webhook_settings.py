"""TWOFA_WEBHOOK_URL and TWOFA_WEBHOOK_SECRET: what Telegram would call, with a secret it accepts."""

from __future__ import annotations

from typing import Any

import pytest

from app.settings import ConfigurationError, Settings, Webhook

URL = "https://bot.example.com/telegram/webhook"
SECRET = "S3cret_token-that-is-long-enough-0123456789"


def settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def test_without_a_url_there_is_no_webhook_and_the_secret_is_not_needed() -> None:
    assert settings().webhook() is None
    assert settings(webhook_secret="ignored").webhook() is None


def test_the_webhook_is_served_at_the_path_of_its_url() -> None:
    webhook = settings(environment="production", webhook_url=URL, webhook_secret=SECRET).webhook()
    assert webhook == Webhook(URL, "/telegram/webhook", SECRET)
    on_8443 = settings(webhook_url="https://bot.example.com:8443/tg/hook?x=1", webhook_secret="s").webhook()
    assert on_8443 is not None and on_8443.path == "/tg/hook"


@pytest.mark.parametrize("secret", [None, "", "has space", "a+b", "é" * 40, "x" * 257])
def test_a_url_without_a_secret_telegram_accepts_is_refused(secret: str | None) -> None:
    with pytest.raises(ConfigurationError, match="TWOFA_WEBHOOK_SECRET is required"):
        settings(webhook_url=URL, webhook_secret=secret).webhook()


def test_production_refuses_a_short_secret_and_development_takes_it() -> None:
    with pytest.raises(ConfigurationError, match="at least 32 characters"):
        settings(environment="production", webhook_url=URL, webhook_secret="x" * 31).webhook()
    assert settings(webhook_url=URL, webhook_secret="x").webhook() is not None
    assert settings(environment="production", webhook_url=URL, webhook_secret="x" * 256).webhook()


@pytest.mark.parametrize(
    "url",
    [
        "http://bot.example.com/telegram/webhook",  # Telegram calls HTTPS only
        "https:///telegram/webhook",
        "https://bot.example.com:8080/telegram/webhook",  # not a port Telegram calls
        "https://bot.example.com:x/telegram/webhook",
    ],
)
def test_a_url_telegram_would_not_call_is_refused(url: str) -> None:
    with pytest.raises(ConfigurationError, match="must be https:// on port 443, 80, 88 or 8443"):
        settings(webhook_url=url, webhook_secret=SECRET).webhook()


@pytest.mark.parametrize(
    "path", ["", "/", "/v1", "/v1/logins", "/healthz", "/metrics/x", "/hook/", "/{name}", "/a b"]
)
def test_the_webhook_needs_a_path_of_its_own(path: str) -> None:
    with pytest.raises(ConfigurationError, match="a path of its own"):
        settings(webhook_url=f"https://bot.example.com{path}", webhook_secret=SECRET).webhook()
