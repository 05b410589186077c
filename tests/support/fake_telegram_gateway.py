"""A loopback fake of Telegram's Gateway API (`POST /<method>` with a Bearer token, JSON in and out).

Tests point `TWOFA_TELEGRAM_GATEWAY_URL` (or `TelegramGateway(api_url=...)`) at it and read back the
messages it accepted. It answers as the docs say: `{"ok": true, "result": RequestStatus}` or
`{"ok": false, "error": NAME}`; a missing or wrong token is 401 ACCESS_TOKEN_INVALID; a `request_id`
from `checkSendAbility` may be used by one send only. Switches: numbers Telegram cannot reach, errors
(`ok: false` with a name, or HTTP 5xx with an HTML page), a hang (the request is read and never
answered). `post_report` POSTs a delivery report (a RequestStatus) to a callback URL, signed as Telegram
signs them, or with a bad signature, or an old timestamp.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any, Self

import aiohttp
from aiohttp import web

from gateways.telegram_gateway import sign_report

DEFAULT_TOKEN = "AAG" + "f00dfeed" * 5 + "9z"  # easy to spot if it ever leaks


@dataclass(frozen=True)
class GatewayMessage:
    """One verification message the fake accepted."""

    phone_number: str
    code: str
    ttl: int | None
    request_id: str
    callback_url: str | None


class FakeTelegramGateway:
    """An aiohttp server on 127.0.0.1 (a free port) speaking the Gateway API, recording `messages`."""

    def __init__(self, token: str = DEFAULT_TOKEN) -> None:
        self.token = token
        self.messages: list[GatewayMessage] = []
        self.calls: list[str] = []  # every method called, in order
        self.unreachable: set[str] = set()  # numbers not on Telegram: PHONE_NUMBER_NOT_AVAILABLE
        self._errors: list[tuple[int, str]] = []  # (HTTP status, error name) of the next calls
        self._checked: dict[str, str] = {}  # request_id -> number, from checkSendAbility, unused yet
        self._answering = asyncio.Event()
        self._answering.set()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/{method}", self._method)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        self._answering.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def api_url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeTelegramGateway is not started")
        return f"http://127.0.0.1:{self._port}/"

    # -- test-side controls -------------------------------------------------------------------------

    def fail_next(self, error: str = "INTERNAL_ERROR", status: int = 200, times: int = 1) -> None:
        """Answer the next `times` calls with `ok: false` and `error` (status >= 500: an HTML page)."""
        self._errors.extend([(status, error)] * times)

    def hang(self, hanging: bool = True) -> None:
        """Read every request and never answer it (until `hang(False)`)."""
        if hanging:
            self._answering.clear()
        else:
            self._answering.set()

    async def post_report(
        self,
        url: str,
        message: GatewayMessage,
        status: str = "delivered",
        *,
        signature: str | None = None,
        timestamp: int | None = None,
        token: str | None = None,
    ) -> tuple[int, str]:
        """POST a delivery report of `message` to `url` as Telegram would: signed with this fake's token
        (or `token`), stamped now (or `timestamp`), unless `signature` is given. Returns (status, body)."""
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        body = json.dumps(
            {
                "request_id": message.request_id,
                "phone_number": message.phone_number,
                "request_cost": 0.01,
                "delivery_status": {"status": status, "updated_at": int(stamp)},
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Request-Timestamp": stamp,
            "X-Request-Signature": signature or sign_report(token or self.token, stamp, body),
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, data=body, headers=headers) as response,
        ):
            return response.status, await response.text()

    # -- the API --------------------------------------------------------------------------------------

    async def _method(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"].lower()
        raw = await request.read()
        self.calls.append(method)
        await self._answering.wait()
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return _error("ACCESS_TOKEN_INVALID", 401)
        if self._errors:
            status, error = self._errors.pop(0)
            if status >= 500:
                return web.Response(status=status, text="<html><h1>502 Bad Gateway</h1></html>")
            return _error(error, status)
        try:
            params: dict[str, Any] = json.loads(raw)
        except ValueError:
            return _error("BAD_REQUEST", 400)
        if method == "checksendability":
            return self._check(params)
        if method == "sendverificationmessage":
            return self._send(params)
        if method in ("checkverificationstatus", "revokeverificationmessage"):
            known = {m.request_id for m in self.messages}
            if params.get("request_id") not in known:
                return _error("REQUEST_ID_INVALID", 400)
            if method == "revokeverificationmessage":
                return web.json_response({"ok": True, "result": True})
            return _ok({"request_id": params["request_id"], "delivery_status": {"status": "sent"}})
        return _error("METHOD_NOT_FOUND", 404)

    def _check(self, params: dict[str, Any]) -> web.Response:
        number = str(params.get("phone_number", ""))
        if not number.startswith("+") or not number[1:].isdigit():
            return _error("PHONE_NUMBER_INVALID", 400)
        if number in self.unreachable:
            return _error("PHONE_NUMBER_NOT_AVAILABLE", 400)
        request_id = secrets.token_hex(8)
        self._checked[request_id] = number
        return _ok({"request_id": request_id, "phone_number": number, "request_cost": 0.01})

    def _send(self, params: dict[str, Any]) -> web.Response:
        number = str(params.get("phone_number", ""))
        code = str(params.get("code", ""))
        if number in self.unreachable:
            return _error("PHONE_NUMBER_NOT_AVAILABLE", 400)
        if not (code.isdigit() and 4 <= len(code) <= 8):
            return _error("CODE_INVALID", 400)
        request_id = params.get("request_id")
        if request_id is not None:
            if self._checked.pop(request_id, None) != number:  # one send per checked request
                return _error("REQUEST_ID_INVALID", 400)
        else:
            request_id = secrets.token_hex(8)
        ttl = params.get("ttl")
        message = GatewayMessage(
            number, code, ttl if isinstance(ttl, int) else None, request_id, params.get("callback_url")
        )
        self.messages.append(message)
        return _ok(
            {
                "request_id": request_id,
                "phone_number": number,
                "request_cost": 0.01,
                "delivery_status": {"status": "sent", "updated_at": int(time.time())},
            }
        )


def _ok(result: dict[str, Any]) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(name: str, status: int) -> web.Response:
    return web.json_response({"ok": False, "error": name}, status=status)
