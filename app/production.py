"""What `TWOFA_ENVIRONMENT=production` refuses besides a weak secret key: settings under which codes,
numbers, addresses or credentials would leak. Each problem names the setting and the fix; the process
does not start while any remains (development keeps its offline gateways)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from app.settings import ConfigurationError, Settings


def is_loopback(host: str) -> bool:
    """Whether `host` is this machine (traffic to it never crosses a network)."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _plain_http(url: str) -> bool:
    """An `http://` URL to another machine: what goes to it (a token in the path or a header) is readable."""
    parts = urlsplit(url)
    return parts.scheme != "https" and not is_loopback(parts.hostname or "")


def production_problems(settings: Settings) -> list[str]:
    """Every unsafe setting, one sentence each; empty outside production."""
    if settings.environment != "production":
        return []
    problems = []
    if settings.sms_provider == "console":
        problems.append(
            "TWOFA_SMS_PROVIDER=console prints every SMS code and full phone number to the terminal and "
            "writes them to TWOFA_OUTBOX_DIR; set TWOFA_SMS_PROVIDER=twilio with TWOFA_TWILIO_ACCOUNT_SID, "
            "TWOFA_TWILIO_AUTH_TOKEN and TWOFA_TWILIO_FROM"
        )
    elif _plain_http(settings.twilio_api_url):
        problems.append(
            "TWOFA_TWILIO_API_URL is not https://, so the Twilio auth token and every code would cross the "
            "network in clear; use https:// (the default is https://api.twilio.com)"
        )
    if not settings.smtp_host:
        problems.append(
            "TWOFA_SMTP_HOST is not set, so every email (codes included) would only be printed and written "
            "to TWOFA_OUTBOX_DIR; set TWOFA_SMTP_HOST (and TWOFA_SMTP_PORT) to your mail server"
        )
    elif (
        settings.smtp_password is not None
        and not settings.smtp_starttls
        and not is_loopback(settings.smtp_host)
    ):
        problems.append(
            f"TWOFA_SMTP_PASSWORD would be sent to {settings.smtp_host} without encryption; set "
            "TWOFA_SMTP_STARTTLS=true (or relay through a mail server on this machine)"
        )
    if settings.telegram_token is not None and _plain_http(settings.telegram_api_url):
        problems.append(
            "TWOFA_TELEGRAM_API_URL is not https://, so the bot token (part of every request's path) would "
            "cross the network in clear; use https:// (the default is https://api.telegram.org/bot)"
        )
    if settings.telegram_gateway_token is not None and _plain_http(settings.telegram_gateway_url):
        problems.append(
            "TWOFA_TELEGRAM_GATEWAY_URL is not https://, so the gateway token and every code would cross "
            "the network in clear; use https:// (the default is https://gatewayapi.telegram.org/)"
        )
    if settings.log_level.strip().upper() == "DEBUG":
        problems.append(
            "TWOFA_LOG_LEVEL=DEBUG logs what people type and the libraries' request details; use INFO "
            "(or WARNING) in production"
        )
    return problems


def check_production(settings: Settings) -> None:
    """Refuse to start on unsafe production settings, listing every problem at once."""
    problems = production_problems(settings)
    if problems:
        lines = "\n".join(f"  - {problem}" for problem in problems)
        raise ConfigurationError(f"unsafe settings for TWOFA_ENVIRONMENT=production:\n{lines}")
