"""The one wiring function: settings in, the process's connected services out (nothing at import time)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TextIO

from sqlalchemy.ext.asyncio import AsyncEngine

from app.settings import Settings
from app.system import SecretsTokens, SystemClock
from domain.assistant import Assistant
from domain.codes import CodeService
from domain.ports import Clock, EmailSender, SmsSender, TokenSource
from gateways.dispatcher import OutboxDispatcher
from gateways.email import OutboxFolderEmailSender, SmtpEmailSender
from gateways.sms import ConsoleSmsSender
from storage.engine import create_engine
from storage.migrate import upgrade
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

    async def aclose(self) -> None:
        await self.engine.dispose()


def email_sender(settings: Settings, stream: TextIO | None) -> EmailSender:
    """SMTP when `TWOFA_SMTP_HOST` is set; else `.eml` files in the outbox folder, shown in the terminal."""
    if settings.smtp_host:
        password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
        return SmtpEmailSender(
            settings.smtp_host,
            settings.smtp_port,
            username=settings.smtp_username,
            password=password,
            starttls=settings.smtp_starttls,
            mail_from=settings.mail_from,
        )
    return OutboxFolderEmailSender(settings.outbox_dir, stream, mail_from=settings.mail_from)


async def build_services(
    settings: Settings,
    *,
    stream: TextIO | None = sys.stdout,
    clock: Clock | None = None,
    tokens: TokenSource | None = None,
    email: EmailSender | None = None,
    sms: SmsSender | None = None,
) -> Services:
    """Connect the database (upgrading its schema), the gateways and the assistant."""
    server_key = settings.server_key()
    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    except BaseException:
        await engine.dispose()
        raise
    uow_factory = SqlUnitOfWorkFactory(engine)
    clock = clock or SystemClock()
    tokens = tokens or SecretsTokens()
    email = email or email_sender(settings, stream)
    sms = sms or ConsoleSmsSender(settings.outbox_dir, stream)
    codes = CodeService(settings.otp_policy(), server_key, clock, tokens, email, sms)
    assistant = Assistant(uow_factory, codes, clock, server_key)
    dispatcher = OutboxDispatcher(uow_factory, email, clock)
    return Services(
        settings, engine, uow_factory, clock, tokens, server_key, email, sms, codes, assistant, dispatcher
    )
