"""Real provider protocols on loopback, in a process of their own: an SMTP server and a Twilio-shaped API.

The product's own gateways (`SmtpEmailSender`, `TwilioSmsSender`) talk to them exactly as they would to
a relay and to Twilio, so a benchmark measures the real network path. The child writes each code it
receives as a `CODE<tab>to<tab>code` line (`benchkit.child`), so the parent reads codes as it does from a
fake sender.

- SMTP: aiosmtpd, served on this process's event loop; each message is parsed and its code (if any)
  passed back for every recipient; a message without a code (a notice) is only counted.
- Twilio: `POST /2010-04-01/Accounts/{sid}/Messages.json` with HTTP basic auth and a form `To`/`From`/
  `Body`; answers `201` with a message `sid`. `POST /control/hang` with body `on` makes it read every
  request and never answer it (the connection stays open: the client's own timeout ends it), `off`
  answers again. `GET /control/stats` counts what arrived.

Run by a benchmark as `python bench/SCRIPT.py --child providers` (the script calls `serve_providers`);
it announces `READY {"smtp_port": .., "twilio_url": ..}`.
"""

from __future__ import annotations

import asyncio
import base64
import secrets
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from typing import Any

from aiohttp import web
from aiosmtpd.smtp import SMTP, Envelope, Session

from benchkit.child import announce, until_told_to_stop
from benchkit.codes import CODE_LINE, code_in

HOST = "127.0.0.1"
ACCOUNT_SID = "AC" + "b3nch" * 6 + "00"  # any 34 characters starting with AC
AUTH_TOKEN = "bench-twilio-auth-token-0123456789"
FROM_NUMBER = "+15005550006"


def tell_code(to: str, body: str) -> bool:
    """Write the code in `body` (if any) for the parent; True when there was one."""
    code = code_in(body)
    if code is None:
        return False
    print(f"{CODE_LINE}\t{to}\t{code}", flush=True)
    return True


class Counts:
    def __init__(self) -> None:
        self.emails = 0
        self.email_notices = 0
        self.sms = 0
        self.sms_hung = 0  # requests read and left unanswered
        self.sms_hanging_now = 0


class SmtpHandler:
    """aiosmtpd hooks: accept every recipient, pass each message's code back."""

    def __init__(self, counts: Counts) -> None:
        self._counts = counts

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        data = raw if isinstance(raw, bytes) else raw.encode()
        message = BytesParser(policy=default_policy).parsebytes(data)
        assert isinstance(message, EmailMessage)
        part = message.get_body(preferencelist=("plain",))
        body = str(part.get_content()) if part is not None else ""
        self._counts.emails += 1
        found = False
        for to in envelope.rcpt_tos:
            found = tell_code(to.lower(), body) or found
        if not found:
            self._counts.email_notices += 1
        return "250 Message accepted for delivery"


class TwilioShaped:
    """The part of Twilio's Messages API the product calls, and a switch to make it hang."""

    def __init__(self, counts: Counts) -> None:
        self._counts = counts
        self._answering = asyncio.Event()
        self._answering.set()
        credentials = base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode("ascii")
        self._authorization = f"Basic {credentials}"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/2010-04-01/Accounts/{sid}/Messages.json", self.create_message)
        app.router.add_post("/control/hang", self.hang)
        app.router.add_get("/control/stats", self.stats)
        return app

    async def create_message(self, request: web.Request) -> web.Response:
        form = await request.post()
        if not self._answering.is_set():
            self._counts.sms_hung += 1
            self._counts.sms_hanging_now += 1
            try:
                await asyncio.Event().wait()  # never set: cancelled when the client gives up
            finally:
                self._counts.sms_hanging_now -= 1
        authorised = request.headers.get("Authorization") == self._authorization
        if not authorised or request.match_info["sid"] != ACCOUNT_SID:
            return web.json_response({"code": 20003, "message": "Authenticate", "status": 401}, status=401)
        to, body = str(form.get("To", "")), str(form.get("Body", ""))
        if not to or not body or not form.get("From"):
            missing = {"code": 21604, "message": "A field is missing", "status": 400}
            return web.json_response(missing, status=400)
        self._counts.sms += 1
        tell_code(to, body)
        sid = "SM" + secrets.token_hex(16)
        return web.json_response({"sid": sid, "to": to, "status": "queued"}, status=201)

    async def hang(self, request: web.Request) -> web.Response:
        if (await request.text()).strip() == "on":
            self._answering.clear()
        else:
            self._answering.set()
        return web.json_response({"hanging": not self._answering.is_set()})

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(stats_of(self._counts))


def stats_of(counts: Counts) -> dict[str, Any]:
    return {
        "emails": counts.emails,
        "email_notices": counts.email_notices,
        "sms": counts.sms,
        "sms_hung": counts.sms_hung,
        "sms_hanging_now": counts.sms_hanging_now,
    }


async def serve_providers() -> None:
    """The child's body: both servers on free loopback ports until the parent says stop."""
    loop = asyncio.get_running_loop()
    counts = Counts()
    handler = SmtpHandler(counts)
    smtp = await loop.create_server(lambda: SMTP(handler, hostname="bench.invalid"), HOST, 0)
    twilio = TwilioShaped(counts)
    # handler_cancellation: a hanging request's handler ends when the product's client gives up on it
    runner = web.AppRunner(twilio.app(), handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, HOST, 0).start()
        smtp_port = smtp.sockets[0].getsockname()[1]
        twilio_url = f"http://{HOST}:{runner.addresses[0][1]}"
        announce("READY", {"smtp_port": smtp_port, "twilio_url": twilio_url})
        await until_told_to_stop()
    finally:
        await runner.cleanup()
        smtp.close()
        await smtp.wait_closed()
