"""`twofa serve`: one stateless worker, the HTTP API and/or Telegram's webhook, with the dispatchers.

Run as many as needed behind a load balancer on one PostgreSQL database (README, "Webhook workers"). Each
worker delivers the notice outbox and the Telegram chat outbox; their rows are taken with SKIP LOCKED, so
every notice and login alert goes out once, from whichever worker took it. Stopping a worker leaves the
webhook registered: the other workers still serve it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from app.http_api import refuse_api_tokens, serve_http_api, start_http_api
from app.settings import ConfigurationError, Webhook
from app.wiring import Services
from bot.chat_outbox import ChatOutboxDispatcher
from bot.telegram import TelegramFrontEnd, set_commands, telegram_delivery
from bot.update_log import PRUNE_INTERVAL_SECONDS, UpdateLogPruner
from bot.webhook import TelegramWebhook, WebhookNotRegistered, register_webhook

log = logging.getLogger(__name__)
ALERT_INTERVAL_SECONDS = 1.0  # login alerts are worth a second's polling


async def run_worker(services: Services, stop: asyncio.Event) -> None:
    """Serve until `stop` is set; a configuration that cannot work is refused before anything starts.

    Without `TWOFA_WEBHOOK_URL`: the API alone. With it: the webhook and the API. The API's keys live in
    the database (`twofa keys add`); the removed `TWOFA_API_TOKENS` stops the start.
    """
    settings = services.settings
    webhook = settings.webhook()
    refuse_api_tokens(settings)
    token = settings.telegram_token
    if webhook is not None and token is None:
        raise ConfigurationError("TWOFA_WEBHOOK_URL needs TWOFA_TELEGRAM_TOKEN, the bot's token")
    # manager actions over the API queue notices: deliver them even when no bot process runs
    notices = asyncio.create_task(services.dispatcher.run_forever(settings.outbox_interval_seconds, stop))
    try:
        if webhook is None or token is None:
            await serve_http_api(services, stop)
        else:
            await _serve_webhook(services, webhook, token.get_secret_value(), stop)
    finally:
        stop.set()
        await notices


async def _serve_webhook(services: Services, webhook: Webhook, token: str, stop: asyncio.Event) -> None:
    settings = services.settings
    front_end = TelegramFrontEnd(services.assistant)
    application = front_end.build(token, settings.telegram_api_url, webhook=True)
    receiver = TelegramWebhook(application, webhook.secret)
    await _initialise(application)
    try:
        await application.start()
        try:
            # listening before registering: updates Telegram sends at once find a worker ready
            runner = await start_http_api(services, webhook=(webhook.path, receiver.handle))
            try:
                await _register(application, webhook)
                await set_commands(application)
                await _deliver_until_stopped(services, application, stop)
            finally:
                await runner.cleanup()  # stops listening; steps under way finish and are answered
        finally:
            await application.stop()
    finally:
        await application.shutdown()


async def _initialise(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    try:
        await application.initialize()  # asks Telegram who the bot is
    except TelegramError as error:
        raise ConfigurationError(
            f"cannot reach the bot through the Telegram Bot API (TWOFA_TELEGRAM_TOKEN, "
            f"TWOFA_TELEGRAM_API_URL): {error}"
        ) from error


async def _register(application: Application[Any, Any, Any, Any, Any, Any], webhook: Webhook) -> None:
    try:
        await register_webhook(application.bot, webhook.url, webhook.secret)
    except WebhookNotRegistered as error:
        raise ConfigurationError(f"{error} (TWOFA_WEBHOOK_URL: {webhook.url})") from error


async def _deliver_until_stopped(
    services: Services, application: Application[Any, Any, Any, Any, Any, Any], stop: asyncio.Event
) -> None:
    """Login alerts to `tg:` chats through the Bot API, and the daily prune of processed update ids."""
    alerts = ChatOutboxDispatcher(services.uow_factory, services.clock, "tg:", telegram_delivery(application))
    pruner = UpdateLogPruner(services.uow_factory, services.clock)
    await asyncio.gather(
        alerts.run_forever(ALERT_INTERVAL_SECONDS, stop),
        pruner.run_forever(PRUNE_INTERVAL_SECONDS, stop),
    )
