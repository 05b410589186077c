"""Telegram's webhook: the route Telegram posts updates to, and the registration that tells it where.

Several stateless workers may serve one bot behind a load balancer, on one PostgreSQL database. Each
chat's steps still run strictly in order, one at a time, because:

- Telegram delivers a chat's updates one at a time: the next goes out only once the previous one was
  answered with a 2xx (to whichever worker the load balancer picks);
- `TelegramWebhook.handle` answers only after the step ran: its transaction committed and its replies were
  sent (never fire-and-forget), so the next step of the chat starts after this one ended;
- a step holds its chat's lock in the database from reading the conversation to the commit
  (`pg_advisory_xact_lock` in `storage.repos_codes`), so a redelivery that overtakes a slow first attempt
  waits for it, then finds its update id already claimed (`uow.updates`) and is acknowledged unrun.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import Any

from aiohttp import web
from telegram import Bot, Update
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import Application

from bot.telegram import ALLOWED_UPDATES
from domain.core.inputs import parse_json

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# Far above any update Telegram sends (a 4096-character message and what it quotes); the API's 16 KiB
# limit is for login bodies, so the webhook reads its body itself.
MAX_UPDATE_BYTES = 1024 * 1024
REGISTER_ATTEMPTS = 5


class WebhookNotRegistered(Exception):
    """Telegram would not take the webhook; the message says why."""


def _digest(secret: str) -> bytes:
    # Compared as digests so that neither the content nor the length of the secret leaks through timing.
    return hashlib.sha256(secret.encode()).digest()


def _refusal(status: int, code: str, message: str) -> web.Response:
    """The API's error shape, `{"error", "message"}`."""
    return web.json_response({"error": code, "message": message}, status=status)


async def _body(request: web.Request, limit: int) -> bytes | None:
    """The request body, or None when it is longer than `limit` bytes."""
    if request.content_length is not None and request.content_length > limit:
        return None
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


class TelegramWebhook:
    """The aiohttp handler for Telegram's POSTs, feeding an `Application` built with `.updater(None)`."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        secret: str,
        *,
        max_body: int = MAX_UPDATE_BYTES,
    ) -> None:
        self._application = application
        self._secret = _digest(secret)
        self._max_body = max_body

    async def handle(self, request: web.Request) -> web.Response:
        """POST: 403 without the right secret header, 400 for what is not an update; else the step runs
        (in the chat's order within this process), and only then the 200 goes back."""
        presented = _digest(request.headers.get(SECRET_HEADER, ""))
        if not hmac.compare_digest(presented, self._secret):
            log.warning("webhook call without the right secret token from %s", request.remote)
            return _refusal(403, "forbidden", "The secret token is missing or wrong.")
        body = await _body(request, self._max_body)
        if body is None:
            return _refusal(413, "payload_too_large", f"The update is larger than {self._max_body} bytes.")
        update = self._update(body)
        if update is None:
            return _refusal(400, "invalid_update", "The body is not a Telegram update.")
        # Handler errors end in the error handler (which tells the chat), as in polling: the update is
        # acknowledged either way, since a failed step was rolled back and the person was asked to retry.
        processor = self._application.update_processor
        await processor.process_update(update, self._application.process_update(update))
        return web.Response(status=200)

    def _update(self, body: bytes) -> Update | None:
        try:
            data = parse_json(body)  # no update nests 32 levels: deeper is refused before the parser recurses
        except ValueError:  # UnicodeDecodeError included
            return None
        if not isinstance(data, dict) or type(data.get("update_id")) is not int:
            return None
        try:
            return Update.de_json(data, self._application.bot)
        except (KeyError, TypeError, ValueError, RecursionError):
            return None


async def register_webhook(
    bot: Bot, url: str, secret: str, *, attempts: int = REGISTER_ATTEMPTS, first_delay: float = 1.0
) -> None:
    """Tell Telegram to post updates to `url` with `secret`. A webhook bot hears nothing without it, so
    network failures are retried (waits doubling from `first_delay`); a refusal fails at once."""
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            await bot.set_webhook(url, secret_token=secret, allowed_updates=ALLOWED_UPDATES)
        except BadRequest as error:  # a URL Telegram will not call: retrying cannot help
            raise WebhookNotRegistered(f"Telegram refused the webhook: {error.message}") from error
        except (NetworkError, RetryAfter) as error:
            if attempt == attempts:
                raise WebhookNotRegistered(
                    f"could not reach Telegram to register the webhook after {attempts} tries: {error}"
                ) from error
            log.warning(
                "could not register the webhook (try %d of %d: %s); retrying in %.1f s",
                attempt,
                attempts,
                type(error).__name__,
                delay,
            )
            await asyncio.sleep(delay)
            delay *= 2
        else:
            log.info("webhook registered with Telegram")
            return
