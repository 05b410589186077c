"""The login API's "Approve in Telegram" calls on loopback, as the approval contract (issue 16, section 1)
words them, for testing the page's side alone: one login, number 42, whose outcome the test decides.

`approve()`, `deny()` and `send_code_instead()` stand for the user's tap in the chat. A long poll
(`GET /v1/logins/{id}?wait=N`) is answered as soon as one of them is called, or after N seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from aiohttp import web

KEY = "a-login-key-for-the-approval-fake-0123456789"
LOGIN_ID = "L-approval-0001"
NUMBER = "42"
CHAT_CODE = "123456"  # the code "Send me a code instead" puts in the chat


class FakeApprovalApi:
    def __init__(self) -> None:
        self.status = "pending"
        self.input = "approve"
        self.approved_by: str | None = None
        self.waits: list[int] = []  # the `wait` of every status call
        self.verifies: list[dict[str, Any]] = []
        self.starts: list[dict[str, Any]] = []
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def __aenter__(self) -> Self:
        app = web.Application(middlewares=[self._auth])
        app.router.add_post("/v1/logins", self._start)
        app.router.add_get("/v1/logins/{login_id}", self._progress)
        app.router.add_post("/v1/logins/{login_id}/verify", self._verify)
        app.router.add_post("/v1/logins/{login_id}/resend", self._resend)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _decide(self, status: str, approved_by: str | None = None) -> None:
        self.status, self.approved_by = status, approved_by
        self._changed.set()

    def approve(self) -> None:
        self._decide("approved", "number")

    def deny(self) -> None:
        self._decide("denied")

    def send_code_instead(self) -> None:
        self.input = "code"
        self._changed.set()

    @web.middleware
    async def _auth(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.headers.get("Authorization") != f"Bearer {KEY}":
            return web.json_response({"error": "unauthorized", "message": "No."}, status=401)
        response: web.StreamResponse = await handler(request)
        return response

    def _expires(self) -> str:
        return (datetime.now(UTC) + timedelta(minutes=2)).replace(microsecond=0).isoformat()

    async def _start(self, request: web.Request) -> web.Response:
        self.starts.append(await request.json())
        return web.json_response(
            {
                "second_factor": "required",
                "login_id": LOGIN_ID,
                "channel": "telegram",
                "input": "approve",
                "number": NUMBER,
                "sent_to": "your Telegram chat",
                "expires_at": self._expires(),
                "recovery": False,
            }
        )

    async def _progress(self, request: web.Request) -> web.Response:
        if request.match_info["login_id"] != LOGIN_ID:
            return web.json_response({"error": "unknown_login", "message": "No such login."}, status=404)
        wait = int(request.query.get("wait", "0"))
        self.waits.append(wait)
        if self.status == "pending" and self.input == "approve" and wait:
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), wait)
        body = {
            "login_id": LOGIN_ID,
            "status": self.status,
            "input": self.input,
            "approved_by": self.approved_by,
            "expires_at": self._expires(),
        }
        return web.json_response(body)

    async def _verify(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.verifies.append(body)
        if "code" in body:
            if body["code"] != CHAT_CODE:
                return web.json_response(
                    {"error": "invalid_code", "message": "The code is not right.", "attempts_left": 4},
                    status=400,
                )
            self._decide("verified", "code")
        elif self.status == "pending":
            return web.json_response(
                {"error": "not_approved", "message": "Not yet.", "status": "pending"}, status=409
            )
        elif self.status == "denied":
            return web.json_response({"error": "denied", "message": "Denied."}, status=403)
        elif self.status == "verified":
            return web.json_response({"error": "already_used", "message": "Used."}, status=409)
        approved_by = self.approved_by
        self.status = "verified"
        answer: dict[str, Any] = {"verified": True, "approved_by": approved_by}
        if body.get("remember_device"):
            answer |= {"device_token": "device-token-from-the-fake", "device_expires_at": self._expires()}
        return web.json_response(answer)

    async def _resend(self, request: web.Request) -> web.Response:
        return web.json_response({"error": "nothing_to_send", "message": "Nothing."}, status=409)
