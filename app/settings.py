"""The one settings object, read once from `TWOFA_*` environment variables (and a `.env` file)."""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from domain.core.policy import OtpPolicy
from storage.files import tighten

_DEFAULTS = OtpPolicy()
PLACEHOLDER_KEYS = {"", "changeme", "change-me", "changethis", "secret", "dev", "development", "test"}
DEFAULT_TELEGRAM_API = "https://api.telegram.org/bot"
MIN_KEY_LENGTH = 32
WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram accepts as a webhook secret token
WEBHOOK_PATH = re.compile(r"(/[A-Za-z0-9._~-]+)+")  # a plain path of its own (never /, /v1, /healthz ...)
WEBHOOK_PORTS = (None, 443, 80, 88, 8443)  # the only ports Telegram calls
# Where SMS delivery is registered by default: the UK, the EU/EEA countries with straightforward
# alphanumeric or long-code sending, Switzerland, and North America / Oceania. Countries that require
# sender pre-registration (India, the UAE, Saudi Arabia, China, Indonesia, Turkey, ...) are left out until
# it is done; their users get email, which works everywhere.
DEFAULT_SMS_REGIONS = (
    "GB,IE,DE,FR,ES,IT,NL,BE,LU,AT,CH,PT,SE,NO,DK,FI,IS,PL,CZ,SK,HU,EE,LV,LT,SI,HR,GR,CY,MT,RO,BG,US,CA,AU,NZ"
)


class ConfigurationError(Exception):
    """The settings cannot start the product; the message says which variable to fix."""


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates (`url`, served at its `path`) and the secret it sends with each."""

    url: str
    path: str
    secret: str


class Settings(BaseSettings):
    """Every setting of twofa-assistant; documented one by one in the README."""

    model_config = SettingsConfigDict(env_prefix="TWOFA_", env_file=".env", extra="ignore", frozen=True)

    environment: Literal["development", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///twofa.db"
    # PostgreSQL connections per process (SQLite always uses one); units of work queue for them in order
    database_pool_size: int = Field(default=20, ge=1, le=500)
    # How long a `twofa` administration command waits for an SQLite file another process is writing
    cli_busy_timeout_seconds: float = Field(default=60.0, gt=0, le=3600)
    secret_key: SecretStr | None = None

    telegram_token: SecretStr | None = None
    telegram_api_url: str = DEFAULT_TELEGRAM_API
    # With a URL, `twofa serve` registers the webhook and receives updates at its path (behind HTTPS)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    bot_username: str = "twofa_assistant_bot"  # used for deep links when no token can ask Telegram
    # The issuer an authenticator app shows beside the account (the otpauth:// URI's `issuer`)
    app_issuer: str = Field(
        default="TwoFA Assistant", min_length=1, max_length=64, pattern=r"^[^:\x00-\x1f]+$"
    )

    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    # Connection and each command; the answer to the message itself (end of DATA) may take longer: see README
    smtp_timeout_seconds: float = Field(default=10.0, gt=0, le=600)
    smtp_data_timeout_seconds: float = Field(default=600.0, gt=0, le=3600)
    # the longest a code's send may take, every SMTP command or the Twilio call included; a code whose
    # process died is sent by any worker this long (and 5 s) after it was recorded
    code_send_deadline_seconds: float = Field(default=20.0, gt=0, le=120)
    mail_from: str = "twofa-assistant <no-reply@localhost>"
    outbox_dir: Path = Path("outbox")
    outbox_retry_seconds: float = 30.0  # first retry of a notice; doubles each time, capped at an hour
    outbox_max_attempts: int = 8
    outbox_interval_seconds: float = 5.0

    default_region: str = "GB"
    sms_regions: str = DEFAULT_SMS_REGIONS
    sms_provider: Literal["console", "twilio"] = "console"
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_from: str | None = None
    twilio_api_url: str = "https://api.twilio.com"
    twilio_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    # Telegram's Gateway API: with a token, SMS-method codes go through Telegram first (README)
    telegram_gateway_token: SecretStr | None = None
    telegram_gateway_url: str = "https://gatewayapi.telegram.org/"
    telegram_gateway_callback_url: str | None = None  # where Telegram posts delivery reports
    # the whole try through the gateway (check and send); then SMS gets the rest of the send deadline
    telegram_gateway_timeout_seconds: float = Field(default=5.0, gt=0, le=60)

    otp_digits: int = _DEFAULTS.digits
    otp_lifetime_seconds: int = int(_DEFAULTS.lifetime.total_seconds())
    otp_max_attempts: int = _DEFAULTS.max_attempts
    otp_resend_cooldown_seconds: int = int(_DEFAULTS.resend_cooldown.total_seconds())
    otp_max_sends_per_destination: int = _DEFAULTS.max_sends_per_destination
    otp_destination_window_seconds: int = int(_DEFAULTS.destination_window.total_seconds())
    otp_max_sends_per_user: int = _DEFAULTS.max_sends_per_user
    otp_user_window_seconds: int = int(_DEFAULTS.user_window.total_seconds())
    otp_lockout_threshold: int = _DEFAULTS.lockout_threshold
    otp_lockout_base_seconds: int = int(_DEFAULTS.lockout_base.total_seconds())
    otp_lockout_max_seconds: int = int(_DEFAULTS.lockout_max.total_seconds())
    link_token_lifetime_seconds: int = int(_DEFAULTS.link_token_lifetime.total_seconds())
    otp_link_sends_per_chat: int = _DEFAULTS.link_sends_per_chat
    otp_link_sends_per_account: int = _DEFAULTS.link_sends_per_account
    otp_link_window_seconds: int = int(_DEFAULTS.link_window.total_seconds())
    otp_login_sends_per_user: int = _DEFAULTS.login_sends_per_user

    device_lifetime_days: int = 30
    max_devices_per_user: int = 10
    login_block_minutes: int = 15
    # How long a sign-in waits for a tap in the linked Telegram chat (number matching)
    approval_ttl_seconds: int = Field(default=120, ge=30, le=600)
    codes_too_often_count: int = 3
    codes_too_often_hours: int = 24

    # Removed: API keys live in the database (`twofa keys add`). Still read only so that `run` and `serve`
    # refuse to start while it is set, instead of answering its old callers 401 without a reason.
    api_tokens: SecretStr | None = None
    http_host: str = "127.0.0.1"
    http_port: int = 8080

    support_email: str | None = None  # tickets go here (and to the chat below); unset: stored only
    support_chat_id: int | None = None  # a Telegram chat (e.g. a support group) that also gets tickets
    support_tickets_per_chat: int = Field(default=3, ge=1)  # within the window below; more get an answer
    support_ticket_window_minutes: int = Field(default=60, ge=1)  # only, nothing is stored or emailed

    log_level: str = "INFO"

    @field_validator("default_region")
    @classmethod
    def _region_code(cls, value: str) -> str:
        if not (len(value) == 2 and value.isalpha()):
            raise ValueError("TWOFA_DEFAULT_REGION must be a two-letter ISO country code, like GB")
        return value.upper()

    @field_validator("sms_regions")
    @classmethod
    def _region_list(cls, value: str) -> str:
        codes = [code.strip().upper() for code in value.split(",") if code.strip()]
        bad = [code for code in codes if not (len(code) == 2 and code.isalpha())]
        if bad:
            raise ValueError(f"TWOFA_SMS_REGIONS holds codes that are not ISO country codes: {bad}")
        return ",".join(codes)

    def sms_region_set(self) -> frozenset[str]:
        return frozenset(self.sms_regions.split(",")) if self.sms_regions else frozenset()

    @field_validator("otp_digits")
    @classmethod
    def _digits_in_range(cls, value: int) -> int:
        if not 6 <= value <= 10:
            raise ValueError("TWOFA_OTP_DIGITS must be between 6 and 10")
        return value

    def otp_policy(self) -> OtpPolicy:
        """The code policy these settings describe (defaults written once, in `OtpPolicy`)."""
        return OtpPolicy(
            digits=self.otp_digits,
            lifetime=timedelta(seconds=self.otp_lifetime_seconds),
            max_attempts=self.otp_max_attempts,
            resend_cooldown=timedelta(seconds=self.otp_resend_cooldown_seconds),
            max_sends_per_destination=self.otp_max_sends_per_destination,
            destination_window=timedelta(seconds=self.otp_destination_window_seconds),
            max_sends_per_user=self.otp_max_sends_per_user,
            user_window=timedelta(seconds=self.otp_user_window_seconds),
            lockout_threshold=self.otp_lockout_threshold,
            lockout_base=timedelta(seconds=self.otp_lockout_base_seconds),
            lockout_max=timedelta(seconds=self.otp_lockout_max_seconds),
            link_token_lifetime=timedelta(seconds=self.link_token_lifetime_seconds),
            link_sends_per_chat=self.otp_link_sends_per_chat,
            link_sends_per_account=self.otp_link_sends_per_account,
            link_window=timedelta(seconds=self.otp_link_window_seconds),
            login_sends_per_user=self.otp_login_sends_per_user,
        )

    def webhook(self) -> Webhook | None:
        """The webhook to register and serve, or None without a URL; refuses what Telegram would not call
        and, in production, a secret under 32 characters (a guessable one lets anyone post updates)."""
        if not self.webhook_url:
            return None
        url = urlsplit(self.webhook_url)
        try:
            port = url.port
        except ValueError:
            port = -1
        if url.scheme != "https" or not url.hostname or port not in WEBHOOK_PORTS:
            raise ConfigurationError("TWOFA_WEBHOOK_URL must be https:// on port 443, 80, 88 or 8443")
        if not WEBHOOK_PATH.fullmatch(url.path) or url.path.split("/")[1] in ("v1", "healthz", "metrics"):
            raise ConfigurationError("TWOFA_WEBHOOK_URL needs a path of its own, like /telegram/webhook")
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not WEBHOOK_SECRET.fullmatch(secret):
            raise ConfigurationError(
                "TWOFA_WEBHOOK_SECRET is required with TWOFA_WEBHOOK_URL: 1 to 256 of A-Z a-z 0-9 _ - "
                '(python -c "import secrets; print(secrets.token_urlsafe(32))")'
            )
        if self.environment == "production" and len(secret) < MIN_KEY_LENGTH:
            raise ConfigurationError(f"TWOFA_WEBHOOK_SECRET must be at least {MIN_KEY_LENGTH} characters")
        return Webhook(self.webhook_url, url.path, secret)

    def sqlite_path(self) -> Path | None:
        prefix = "sqlite+aiosqlite:///"
        return Path(self.database_url[len(prefix) :]) if self.database_url.startswith(prefix) else None

    def server_key(self) -> bytes:
        """The key codes and tokens are derived from; refuses placeholders outside development.

        In development with no key set, one is generated once and kept beside the database (mode 0600),
        so a restart keeps the codes already sent and the links already printed working.
        """
        given = self.secret_key.get_secret_value() if self.secret_key else ""
        if given.strip().lower() not in PLACEHOLDER_KEYS:
            if len(given) < MIN_KEY_LENGTH and self.environment == "production":
                raise ConfigurationError(f"TWOFA_SECRET_KEY must be at least {MIN_KEY_LENGTH} characters")
            return given.encode()
        if self.environment != "development":
            raise ConfigurationError(
                "TWOFA_SECRET_KEY is missing or a placeholder; set a long random value "
                '(python -c "import secrets; print(secrets.token_urlsafe(48))")'
            )
        return _development_key(self.key_file()).encode()

    def key_file(self) -> Path:
        database = self.sqlite_path()
        folder = database.parent if database is not None else Path()
        return folder / ".twofa-secret-key"


def _development_key(path: Path) -> str:
    if path.exists():
        tighten(path)  # left readable by others (an older version, a copy): the owner's alone again
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key + "\n")
    return key
