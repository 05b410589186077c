"""A loopback fake of Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`).

Integration and e2e tests point `TWOFA_TWILIO_API_URL` (or `TwilioSmsSender(api_url=...)`) at it and read
back the SMS it accepted. It answers like Twilio where gateways tend to trip: HTTP basic auth with the
account SID and auth token (401, code 20003), form fields `To`/`From`/`Body` (400, 21604/21603/21602),
`201 Created` with a message resource, and error bodies `{code, message, more_info, status}` whose
message repeats the destination number, as Twilio's do. Tests can inject error codes, an outage (503
with an HTML page), a truncated body, a slow answer, throttling (429 with `Retry-After`), a connection
reset, or a hang (the request is read and never answered).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any, Self

from aiohttp import hdrs, web

DEFAULT_ACCOUNT_SID = "AC" + "5e1f0a2b3c4d" * 2 + "9f8e7d6c"  # "AC" + 32 hex digits, as Twilio's
DEFAULT_AUTH_TOKEN = "tok3n" + "c0ffee" * 4 + "a1b"  # 32 characters, easy to spot if it ever leaks

_MESSAGES = {
    20003: "Authenticate",
    20429: "Too Many Requests",
    21211: "The 'To' number {to} is not a valid phone number.",
    21408: "Permission to send an SMS has not been enabled for the region indicated by 'To': {to}.",
    21602: "Message body is required.",
    21603: "A 'From' phone number is required.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21612: "The 'To' phone number: {to}, is not currently reachable using the 'From' phone number via SMS.",
    21614: "'To' number {to} is not a valid mobile number",
}
_STATUSES = {20003: 401, 20429: 429, 20500: 500, 20503: 503}
_OUTAGE_PAGE = "<html><body><h1>503 Service Unavailable</h1></body></html>"


@dataclass(frozen=True)
class ReceivedSms:
    """One SMS the fake accepted, as posted (`from_` because `from` is a keyword)."""

    to: str
    from_: str
    body: str
    sid: str


class FakeTwilio:
    """An aiohttp server on 127.0.0.1 (a free port) speaking Twilio's Messages API, recording `messages`."""

    def __init__(self, account_sid: str = DEFAULT_ACCOUNT_SID, auth_token: str = DEFAULT_AUTH_TOKEN) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.messages: list[ReceivedSms] = []
        self.attempts = 0  # every POST to the Messages endpoint, answered with success or not
        self.numbers_failing: dict[str, int] = {}  # 'To' number -> Twilio error code to answer with
        self.response_delay = 0.0  # seconds to wait before answering, to play a slow Twilio
        self._failures: list[tuple[int, int]] = []  # (code, HTTP status), one per request to fail
        self._garbled = 0
        self._down = False
        self._throttled: list[str | None] = []  # one Retry-After value (or none) per request to throttle
        self._resets = 0
        self._answering = asyncio.Event()  # cleared while hanging
        self._answering.set()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # -- lifecycle ----------------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve on a free loopback port; a handler whose client left (timed out) is cancelled."""
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self._create_message)
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Close the server: new connections are then refused."""
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
        """The base URL to configure (`TWOFA_TWILIO_API_URL`), without the `/2010-04-01/...` path."""
        if self._port is None:
            raise RuntimeError("FakeTwilio is not started")
        return f"http://127.0.0.1:{self._port}"

    # -- test-side controls -------------------------------------------------------------------------

    def fail_next(self, code: int, status: int = 400, times: int = 1) -> None:
        """Answer the next `times` authenticated, well-formed requests with Twilio error `code`."""
        self._failures.extend([(code, status)] * times)

    def garble_next(self, times: int = 1) -> None:
        """Answer the next `times` good requests with `201` and a truncated, unparseable JSON body."""
        self._garbled += times

    def throttle_next(self, retry_after: str | None = "30", times: int = 1) -> None:
        """Answer the next `times` requests with 429 (code 20429) and this `Retry-After` (none if None)."""
        self._throttled.extend([retry_after] * times)

    def reset_next(self, times: int = 1) -> None:
        """Close the connection of the next `times` requests without an answer (a reset)."""
        self._resets += times

    def hang(self, hanging: bool = True) -> None:
        """Read every request and never answer it (until `hang(False)`), like a wedged load balancer."""
        if hanging:
            self._answering.clear()
        else:
            self._answering.set()

    def down(self) -> None:
        """Answer every request with 503 and an HTML page, like a load balancer during an outage."""
        self._down = True

    def up(self) -> None:
        """End the outage started by `down()`."""
        self._down = False

    async def wait_for(
        self,
        predicate: Callable[[ReceivedSms], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 -- tests read better with the deadline at hand
        after: int = 0,
    ) -> ReceivedSms:
        """The first SMS in `messages[after:]` matching `predicate`, waiting up to `timeout` seconds."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for sms in self.messages[after:]:
                if predicate is None or predicate(sms):
                    return sms
            if asyncio.get_running_loop().time() >= deadline:
                sent_to = [sms.to for sms in self.messages]
                raise AssertionError(f"no matching SMS within {timeout}s; received SMS to {sent_to}")
            await asyncio.sleep(0.01)

    def last_code(self, to: str, digits: int = 6) -> str:
        """The one `digits`-long code in the last SMS to `to`; fails when there is none or several."""
        sms = next((sms for sms in reversed(self.messages) if sms.to == to), None)
        if sms is None:
            raise AssertionError(f"no SMS to {to}")
        codes: set[str] = set(re.findall(rf"(?<!\d)\d{{{digits}}}(?!\d)", sms.body))
        if len(codes) != 1:
            raise AssertionError(
                f"expected one {digits}-digit code in the last SMS to {to}, found {len(codes)}"
            )
        return codes.pop()

    # -- the API --------------------------------------------------------------------------------------

    async def _create_message(self, request: web.Request) -> web.Response:
        self.attempts += 1
        if self.response_delay:
            await asyncio.sleep(self.response_delay)
        await self._answering.wait()  # cancelled when the client gives up (handler_cancellation)
        if self._resets:
            self._resets -= 1
            if request.transport is not None:
                request.transport.abort()
            raise ConnectionResetError("reset by the fake")
        if self._throttled:
            retry_after = self._throttled.pop(0)
            headers = {} if retry_after is None else {"Retry-After": retry_after}
            return _error(20429, headers=headers)
        if self._down:
            return web.Response(status=503, text=_OUTAGE_PAGE, content_type="text/html")
        if not self._authorised(request):
            return _error(20003, headers={hdrs.WWW_AUTHENTICATE: 'Basic realm="Twilio API"'})
        # Twilio reads only urlencoded forms: a JSON or multipart body looks like one without a 'To'.
        urlencoded = request.content_type == "application/x-www-form-urlencoded"
        form = await request.post() if urlencoded else {}
        to, from_, body = (str(form.get(name, "")) for name in ("To", "From", "Body"))
        for missing, code in ((to, 21604), (from_, 21603), (body, 21602)):
            if not missing:
                return _error(code)
        if self._failures:
            code, status = self._failures.pop(0)
            return _error(code, to, status)
        if to in self.numbers_failing:
            return _error(self.numbers_failing[to], to)
        if self._garbled:
            self._garbled -= 1
            return web.Response(status=201, text='{"sid": "SM', content_type="application/json")
        sms = ReceivedSms(to=to, from_=from_, body=body, sid="SM" + secrets.token_hex(16))
        self.messages.append(sms)
        return web.json_response(self._resource(sms), status=201)

    def _authorised(self, request: web.Request) -> bool:
        """HTTP basic auth with this account's SID and token, on this account's URL."""
        scheme, _, encoded = request.headers.get(hdrs.AUTHORIZATION, "").partition(" ")
        try:
            credentials = base64.b64decode(encoded, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected = f"{self.account_sid}:{self.auth_token}"
        return (
            scheme.lower() == "basic"
            and credentials == expected
            and request.match_info["sid"] == self.account_sid
        )

    def _resource(self, sms: ReceivedSms) -> dict[str, Any]:
        """A message resource as Twilio's create call returns it (status `queued`, RFC 2822 dates)."""
        now = format_datetime(datetime.now(UTC), usegmt=False)
        uri = f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sms.sid}"
        return {
            "sid": sms.sid,
            "account_sid": self.account_sid,
            "to": sms.to,
            "from": sms.from_,
            "messaging_service_sid": None,
            "body": sms.body,
            "status": "queued",
            "num_segments": "1",
            "num_media": "0",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "price": None,
            "price_unit": "USD",
            "error_code": None,
            "error_message": None,
            "date_created": now,
            "date_updated": now,
            "date_sent": None,
            "uri": f"{uri}.json",
            "subresource_uris": {"media": f"{uri}/Media.json"},
        }


def _error(
    code: int, to: str = "", status: int | None = None, headers: dict[str, str] | None = None
) -> web.Response:
    """Twilio's error body; its message names the 'To' number, as the real ones do."""
    status = status or _STATUSES.get(code, 400)
    message = _MESSAGES.get(code, "Twilio error {code} for 'To' number {to}").format(code=code, to=to)
    body = {"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}"}
    return web.json_response({**body, "status": status}, status=status, headers=headers)
