"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for integration and e2e tests.

It can refuse chosen recipients (or every one), answer DATA with a chosen reply, answer DATA late,
require a login, and be stopped and started again on the same port to play "SMTP down, then back".
"""

from __future__ import annotations

import asyncio
import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

HOST = "127.0.0.1"
_CODE = re.compile(r"(?<!\d)\d{6}(?!\d)")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def body_of(message: EmailMessage) -> str:
    """The plain-text body of `message`, with SMTP's CRLF line ends turned back into `\n`."""
    part = message.get_body(preferencelist=("plain",))
    assert isinstance(part, EmailMessage), "the message has no text/plain part"
    content: str = part.get_content()
    return content.replace("\r\n", "\n")


def extract_code(message: EmailMessage) -> str:
    """The one 6-digit code in the plain-text body; fails when there is none or more than one."""
    codes: set[str] = set(_CODE.findall(body_of(message)))
    if len(codes) != 1:
        raise AssertionError(f"expected one 6-digit code in the email, found {len(codes)}")
    return codes.pop()


@dataclass(frozen=True)
class Received:
    """One accepted message with its SMTP envelope."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class SmtpSink:
    """An aiosmtpd server on 127.0.0.1 (a free port, kept across restarts) collecting every message."""

    def __init__(self, *, port: int | None = None, credentials: tuple[str, str] | None = None) -> None:
        self.port = port or free_port()
        self.host = HOST
        self.received: list[Received] = []
        self.logins: list[str] = []
        self._credentials = credentials
        self._refusals: dict[str, str] = {}
        self.refuse_every: str | None = None  # a reply to every RCPT, e.g. a misconfigured relay's 550
        self.data_reply: str | None = None  # a reply to DATA instead of accepting, e.g. "451 4.3.0 Later"
        self.data_delay = 0.0  # seconds between taking a message (it is kept) and answering 250
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        """The messages received so far, oldest first."""
        with self._lock:
            return [received.message for received in self.received]

    @property
    def running(self) -> bool:
        return self._controller is not None

    def refuse(self, address: str, reply: str = "550 5.1.1 No such user here") -> None:
        """Answer RCPT TO:`address` with `reply` (use a 4xx reply for a temporary refusal)."""
        self._refusals[address.lower()] = reply

    def start(self) -> None:
        """Listen on `self.port`; a no-op while running."""
        if self._controller is not None:
            return
        kwargs: dict[str, Any] = {}
        if self._credentials is not None:
            # Plain-text AUTH is fine on loopback; AUTH stays optional, so aiosmtpd does not warn.
            kwargs.update(authenticator=self._authenticate, auth_require_tls=False)
        controller = Controller(
            _Handler(self), hostname=self.host, port=self.port, ready_timeout=5.0, **kwargs
        )
        try:
            controller.start()
        except BaseException:
            controller.loop.close()  # start() leaves its loop open on failure; an unclosed loop warns
            raise
        self._controller = controller

    def stop(self) -> None:
        """Stop listening (connections are then refused); a no-op while stopped."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def restart(self) -> None:
        """Stop, then listen again on the same port."""
        self.stop()
        self.start()

    def clear(self) -> None:
        """Forget every message received so far."""
        with self._lock:
            self.received.clear()

    async def wait_for(
        self,
        predicate: Callable[[EmailMessage], bool] = lambda _: True,
        timeout: float = 5.0,  # noqa: ASYNC109 -- tests read better with the deadline at hand
    ) -> EmailMessage:
        """The first received message matching `predicate`, waiting up to `timeout` seconds for it."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages:
                if predicate(message):
                    return message
            if time.monotonic() >= deadline:
                subjects = [str(message["Subject"]) for message in self.messages]
                raise TimeoutError(f"no matching email within {timeout}s; received subjects: {subjects}")
            await asyncio.sleep(0.01)

    def _record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    def _refusal(self, address: str) -> str | None:
        return self.refuse_every or self._refusals.get(address.lower())

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        """aiosmtpd authenticator: accepts exactly the configured login and password."""
        if not isinstance(auth_data, LoginPassword) or self._credentials is None:
            return AuthResult(success=False, handled=False)
        login, password = self._credentials
        if auth_data.login.decode() == login and auth_data.password.decode() == password:
            with self._lock:
                self.logins.append(login)
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


class _Handler:
    """aiosmtpd handler hooks (run in the server's thread)."""

    def __init__(self, sink: SmtpSink) -> None:
        self._sink = sink

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        refusal = self._sink._refusal(address)
        if refusal is not None:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self._sink.data_reply is not None:
            return self._sink.data_reply
        message = BytesParser(policy=default_policy).parsebytes(envelope.original_content or b"")
        assert isinstance(message, EmailMessage)
        self._sink._record(Received(str(envelope.mail_from), list(envelope.rcpt_tos), message))
        if self._sink.data_delay:
            await asyncio.sleep(self._sink.data_delay)  # taken already: a client giving up now duplicates
        return "250 Message accepted for delivery"
