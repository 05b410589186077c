"""The one wiring function: settings in, the process's connected services out (nothing at import time)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import timedelta
from typing import TextIO

from sqlalchemy.ext.asyncio import AsyncEngine

from api.gateway_reports import ReportDesk
from app.catalogues import load_catalogues
from app.classifier import FaqClassifier, load_classifier
from app.hashing import ScryptHasher
from app.metrics import CounterMetrics
from app.production import check_production
from app.secret_box import AesGcmSecretBox
from app.settings import ConfigurationError, Settings
from app.system import SecretsTokens, SystemClock
from domain.accounts.support import SupportDesk, TicketLimit
from domain.chat.assistant import Assistant
from domain.chat.code_delivery import DueCodes
from domain.chat.faq import IntentClassifier
from domain.chat.login_chat import LoginChat
from domain.chat.twofa_flow import DestinationRules
from domain.core.ports import Clock, EmailSender, SmsSender, TokenSource
from domain.proofs.app_codes import AppCodes
from domain.proofs.codes import CodeService
from domain.proofs.limits import SendLimits
from domain.proofs.recovery import RecoveryCodes
from domain.signin.approvals import ApprovalPolicy, Approvals, ApprovalSweeper
from domain.signin.challenge_sweep import ChallengeSweeper
from domain.signin.devices import DevicePolicy, RememberedDevices
from domain.signin.login_watch import LoginWatch, WatchPolicy
from domain.signin.logins import LoginService
from domain.wording.i18n import install
from gateways.code_routes import CodeRoutes
from gateways.dispatcher import OutboxDispatcher
from gateways.email import OutboxFolderEmailSender, SmtpEmailSender
from gateways.sms import ConsoleSmsSender
from gateways.telegram_gateway import TelegramGateway, report_signature_ok
from gateways.twilio import TwilioSmsSender
from storage.engine import create_engine
from storage.migrate import upgrade
from storage.repos_gateway import SqlGatewayReports
from storage.uow import SqlUnitOfWorkFactory


@dataclass
class Services:
    settings: Settings
    engine: AsyncEngine
    uow_factory: SqlUnitOfWorkFactory
    clock: Clock
    tokens: TokenSource
    server_key: bytes
    email: EmailSender
    sms: SmsSender
    codes: CodeService
    assistant: Assistant
    dispatcher: OutboxDispatcher
    logins: LoginService
    metrics: CounterMetrics
    classifier: IntentClassifier
    recovery: RecoveryCodes
    gateway_reports: ReportDesk | None = None  # Telegram Gateway delivery reports (api/gateway_reports.py)

    async def aclose(self) -> None:
        await self.assistant.drain()  # link codes still going out
        if isinstance(self.sms, TwilioSmsSender | CodeRoutes):
            await self.sms.aclose()
        if isinstance(self.classifier, FaqClassifier):
            self.classifier.close()
        await self.engine.dispose()


def email_sender(settings: Settings, stream: TextIO | None, *, notices: bool = False) -> EmailSender:
    """SMTP when `TWOFA_SMTP_HOST` is set; else `.eml` files in the outbox folder, shown in the terminal.

    `notices`: the outbox's sender. Its recipients are registered (proven) addresses and nobody waits on
    it, so it waits the long end-of-DATA timeout and takes a 5xx at RCPT as the relay's, to be retried.
    """
    if settings.smtp_host:
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return SmtpEmailSender(
            settings.smtp_host,
            settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            starttls=settings.smtp_starttls,
            mail_from=settings.mail_from,
            timeout=settings.smtp_timeout_seconds,
            data_timeout=settings.smtp_data_timeout_seconds if notices else settings.smtp_timeout_seconds,
            recipients_verified=notices,
        )
    return OutboxFolderEmailSender(settings.outbox_dir, stream, mail_from=settings.mail_from)


def sms_sender(settings: Settings, stream: TextIO | None) -> SmsSender:
    """Twilio's Messages API when `TWOFA_SMS_PROVIDER=twilio`; otherwise the console/outbox-folder gateway."""
    if settings.sms_provider != "twilio":
        return ConsoleSmsSender(settings.outbox_dir, stream)
    missing = [
        name
        for name, value in (
            ("TWOFA_TWILIO_ACCOUNT_SID", settings.twilio_account_sid),
            ("TWOFA_TWILIO_AUTH_TOKEN", settings.twilio_auth_token),
            ("TWOFA_TWILIO_FROM", settings.twilio_from),
        )
        if not value
    ]
    if missing or settings.twilio_auth_token is None:
        raise ConfigurationError(f"TWOFA_SMS_PROVIDER=twilio needs {', '.join(missing)}")
    return TwilioSmsSender(
        settings.twilio_account_sid or "",
        settings.twilio_auth_token.get_secret_value(),
        settings.twilio_from or "",
        api_url=settings.twilio_api_url,
        timeout=settings.twilio_timeout_seconds,
    )


def through_telegram(settings: Settings, sms: SmsSender, metrics: CounterMetrics) -> SmsSender:
    """With `TWOFA_TELEGRAM_GATEWAY_TOKEN`, SMS-method codes go through Telegram first, `sms` after."""
    if settings.telegram_gateway_token is None:
        return sms
    gateway = TelegramGateway(
        settings.telegram_gateway_token.get_secret_value(),
        settings.telegram_gateway_url,
        timeout=settings.telegram_gateway_timeout_seconds,
        callback_url=settings.telegram_gateway_callback_url,
    )
    return CodeRoutes(
        gateway,
        sms,
        settings.sms_region_set(),
        settings.otp_lifetime_seconds,
        settings.telegram_gateway_timeout_seconds,
        metrics,
    )


def report_desk(
    settings: Settings, engine: AsyncEngine, clock: Clock, metrics: CounterMetrics
) -> ReportDesk | None:
    """Where the gateway's delivery reports are checked and kept (only with its token)."""
    if settings.telegram_gateway_token is None:
        return None
    token = settings.telegram_gateway_token.get_secret_value()
    return ReportDesk(token, SqlGatewayReports(engine), clock, metrics, report_signature_ok)


async def build_services(
    settings: Settings,
    *,
    stream: TextIO | None = sys.stdout,
    clock: Clock | None = None,
    tokens: TokenSource | None = None,
    email: EmailSender | None = None,
    sms: SmsSender | None = None,
    classifier: IntentClassifier | None = None,
    busy_timeout: float | None = None,
) -> Services:
    """Connect the database (upgrading its schema), the gateways and the assistant."""
    server_key = settings.server_key()
    check_production(settings)  # before anything is created or written
    install(load_catalogues())  # the translations of everything the assistant says (app/locale)
    sms = sms or sms_sender(settings, stream)
    waits = {} if busy_timeout is None else {"busy_timeout_ms": round(busy_timeout * 1000)}
    engine = create_engine(settings.database_url, settings.database_pool_size, **waits)
    try:
        await upgrade(engine)
    except BaseException:
        await engine.dispose()
        raise
    uow_factory = SqlUnitOfWorkFactory(engine)
    clock = clock or SystemClock()
    tokens = tokens or SecretsTokens()
    notice_email = email or email_sender(settings, stream, notices=True)
    email = email or email_sender(settings, stream)
    metrics = CounterMetrics()
    sms = through_telegram(settings, sms, metrics)
    codes = CodeService(
        settings.otp_policy(),
        server_key,
        clock,
        tokens,
        email,
        sms,
        metrics,
        send_deadline=timedelta(seconds=settings.code_send_deadline_seconds),
        app=AppCodes(AesGcmSecretBox(server_key), tokens, settings.app_issuer),
    )
    recovery = RecoveryCodes(
        ScryptHasher(), server_key, tokens, SendLimits(codes.policy, codes.destination_key)
    )
    devices = RememberedDevices(
        DevicePolicy(timedelta(days=settings.device_lifetime_days), settings.max_devices_per_user),
        server_key,
        tokens,
    )
    watch = LoginWatch(
        WatchPolicy(
            block_after_denial=timedelta(minutes=settings.login_block_minutes),
            too_often_count=settings.codes_too_often_count,
            too_often_window=timedelta(hours=settings.codes_too_often_hours),
        ),
        codes,
        devices,
    )
    approvals = Approvals(
        ApprovalPolicy(timedelta(seconds=settings.approval_ttl_seconds), settings.app_issuer),
        codes,
        watch,
        tokens,
        clock,
    )
    rules = DestinationRules(settings.default_region, settings.sms_region_set(), isinstance(sms, CodeRoutes))
    desk = SupportDesk(
        settings.support_email,
        f"tg:{settings.support_chat_id}" if settings.support_chat_id is not None else None,
        TicketLimit(
            settings.support_tickets_per_chat, timedelta(minutes=settings.support_ticket_window_minutes)
        ),
    )
    classifier = classifier or load_classifier()
    assistant = Assistant(
        uow_factory,
        codes,
        clock,
        server_key,
        LoginChat(watch, devices, approvals),
        rules,
        classifier,
        desk,
        recovery,
    )
    logins = LoginService(uow_factory, codes, devices, watch, clock, tokens, recovery, approvals)
    dispatcher = OutboxDispatcher(
        uow_factory,
        notice_email,
        clock,
        max_attempts=settings.outbox_max_attempts,
        base_delay=timedelta(seconds=settings.outbox_retry_seconds),
        chores=(ChallengeSweeper(uow_factory, clock),),  # no number or address kept past a code's expiry
        every_loop=(  # codes whose process died before its gateway answered; questions nobody answered
            DueCodes(uow_factory, codes),
            ApprovalSweeper(uow_factory, approvals),
        ),
    )
    return Services(
        settings,
        engine,
        uow_factory,
        clock,
        tokens,
        server_key,
        email,
        sms,
        codes,
        assistant,
        dispatcher,
        logins,
        metrics,
        classifier,
        recovery=recovery,
        gateway_reports=report_desk(settings, engine, clock, metrics),
    )
