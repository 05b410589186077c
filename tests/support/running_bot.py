"""The whole product in one event loop for end-to-end tests: services, the real python-telegram-bot
Application polling a loopback Bot API, the notice dispatcher, SMTP and (optionally) Twilio on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from app.settings import Settings
from app.wiring import Services, build_services
from bot.chat_outbox import ChatOutboxDispatcher
from bot.telegram import TelegramFrontEnd, run_polling, telegram_delivery
from domain.accounts import admin
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp import SmtpSink, extract_code

E2E_KEY = "an-e2e-test-key-that-is-long-enough-0123456789"


@dataclass
class Running:
    api: FakeBotApi
    smtp: SmtpSink
    services: Services
    twilio: FakeTwilio | None = None

    async def say(self, chat: int, text: str, expect: str) -> str:
        """Type `text` in `chat` and wait for the bot's message containing `expect`."""
        after = len(self.api.sent)
        self.api.push_message(chat, text)
        message = await self.api.wait_for_message(chat, lambda m: expect in m.text, after=after)
        return message.text

    async def press(self, chat: int, label: str, expect: str) -> str:
        """Press the button `label` on the chat's last keyboard and wait for `expect`."""
        after = len(self.api.sent)
        self.api.press_button(chat, label)
        message = await self.api.wait_for_message(chat, lambda m: expect in m.text, after=after)
        return message.text

    async def emailed_code(self, to: str, after: int = 0) -> str:
        """The code in the first email to `to` among those received from index `after` on."""
        addressed: list[EmailMessage] = []

        def arrived(_: EmailMessage) -> bool:
            addressed[:] = [m for m in self.smtp.messages[after:] if str(m["To"]).lower() == to.lower()]
            return bool(addressed)

        await self.smtp.wait_for(arrived)
        return extract_code(addressed[0])


def e2e_settings(
    tmp_path: Path, api: FakeBotApi, smtp: SmtpSink, twilio: FakeTwilio | None, **more: Any
) -> Settings:
    values: dict[str, Any] = {
        # Production needs real gateways: without the Twilio fake, SMS go to the console gateway, which only
        # development allows (`app.production`).
        "environment": "production" if twilio is not None else "development",
        "database_url": f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}",
        "secret_key": E2E_KEY,
        "telegram_token": api.token,
        "telegram_api_url": api.base_url,
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "outbox_dir": tmp_path / "outbox",
    }
    if twilio is not None:
        values |= {
            "sms_provider": "twilio",
            "twilio_account_sid": twilio.account_sid,
            "twilio_auth_token": twilio.auth_token,
            "twilio_from": "+15005550006",
            "twilio_api_url": twilio.api_url,
        }
    return Settings(**(values | more))


@asynccontextmanager
async def running_bot(
    tmp_path: Path,
    smtp: SmtpSink,
    twilio: FakeTwilio | None = None,
    notice_interval: float = 0.05,
    **more: Any,
) -> AsyncIterator[Running]:
    """Seeded demo data, the bot polling and the outbox dispatcher running, until the block ends."""
    async with FakeBotApi() as api:
        services = await build_services(e2e_settings(tmp_path, api, smtp, twilio, **more), stream=None)
        async with services.uow_factory() as uow:
            await admin.seed_demo(uow, services.clock.now())
            await uow.commit()
        application = TelegramFrontEnd(services.assistant).build(api.token, api.base_url)
        stop = asyncio.Event()
        bot = asyncio.create_task(run_polling(application, stop))
        alerts = ChatOutboxDispatcher(
            services.uow_factory, services.clock, "tg:", telegram_delivery(application)
        )
        background = [
            asyncio.create_task(services.dispatcher.run_forever(notice_interval, stop)),
            asyncio.create_task(alerts.run_forever(notice_interval, stop)),
        ]
        try:
            yield Running(api, smtp, services, twilio)
        finally:
            stop.set()
            await bot
            await asyncio.gather(*background)
            await services.aclose()
