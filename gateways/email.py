"""Email gateways: `SmtpEmailSender` delivers through an SMTP server, `OutboxFolderEmailSender` keeps
each email as a local `.eml` file (and shows it in the terminal) for offline use.

Bodies carry one-time codes: they never appear in an exception text or a log line here.
"""

from __future__ import annotations

import asyncio
import logging
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any, TextIO

import aiosmtplib

from domain.core.model import OutgoingEmail
from domain.core.ports import DeliveryError, DeliveryProblem
from gateways.display import boxed, save_private

log = logging.getLogger(__name__)

DEFAULT_MAIL_FROM = "twofa-assistant <no-reply@localhost>"


def build_message(email: OutgoingEmail, mail_from: str, now: datetime) -> EmailMessage:
    """The RFC 5322 message for `email`: plain UTF-8 text with Date and Message-ID set.

    The Message-ID uses the sender's domain rather than the host name, which would need a DNS lookup.
    """
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = email.to
    message["Subject"] = email.subject
    message["Date"] = format_datetime(now.astimezone(UTC))
    message["Message-ID"] = make_msgid(domain=_domain_of(mail_from))
    message.set_content(email.body, subtype="plain", charset="utf-8")
    return message


def _domain_of(address: str) -> str:
    _, addr = parseaddr(address)
    _, at, domain = addr.rpartition("@")
    return domain if at and domain else "localhost"


class SmtpEmailSender:
    """Delivers emails through an SMTP server (one connection per email) with aiosmtplib.

    `timeout` bounds the connection and each command; `data_timeout` the wait for the server's answer to
    the message itself (the end of DATA). Once the message is handed over, giving up early only makes a
    retry deliver it twice, so the notice sender gives the server as long as RFC 5321 §4.5.3.2 asks.

    `recipients_verified` says every recipient is an address already proven by a code (the registered
    email of a notice): a 5xx at RCPT is then taken as the relay's fault and retried, not as a bad address.
    """

    def __init__(
        self,
        host: str,
        port: int,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        mail_from: str = DEFAULT_MAIL_FROM,
        timeout: float = 10.0,
        *,
        use_tls: bool = False,
        data_timeout: float | None = None,
        recipients_verified: bool = False,
    ) -> None:
        """`starttls` requires an upgrade after connecting; `use_tls` speaks TLS from the start (port 465)."""
        if starttls and use_tls:
            raise ValueError("starttls and use_tls exclude each other: pick one")
        self._host = host
        self._port = port
        self._username = username
        self._password = password
        self._starttls = starttls
        self._use_tls = use_tls
        self._mail_from = mail_from
        self._timeout = timeout
        self._data_timeout = timeout if data_timeout is None else data_timeout
        self._recipients_verified = recipients_verified

    def __repr__(self) -> str:
        # Spelled out so the password can never leak through a repr in a traceback or a debugger.
        return f"SmtpEmailSender(host={self._host!r}, port={self._port}, username={self._username!r})"

    async def send_email(self, message: OutgoingEmail) -> None:
        """Hand one email to the SMTP server or raise `DeliveryError` saying why it was not accepted."""
        email = build_message(message, self._mail_from, datetime.now(UTC))
        client = _Client(
            self._data_timeout,
            hostname=self._host,
            port=self._port,
            username=self._username,
            password=self._password,
            # False means "never upgrade", not "upgrade if offered": no surprise certificate failures.
            start_tls=self._starttls,
            use_tls=self._use_tls,
            timeout=self._timeout,
        )
        try:
            async with client:
                await client.send_message(email)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            answers = [(refusal.code, refusal.message) for refusal in exc.recipients]
            raise refused_at_rcpt(answers, verified=self._recipients_verified) from exc
        except aiosmtplib.SMTPRecipientRefused as exc:
            raise refused_at_rcpt([(exc.code, exc.message)], verified=self._recipients_verified) from exc
        except aiosmtplib.SMTPResponseException as exc:  # greeting, AUTH, MAIL or DATA: ours, or for later
            detail = f"SMTP server answered {exc.code} ({type(exc).__name__})"
            raise DeliveryError(DeliveryProblem.UNAVAILABLE, detail) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:  # OSError covers refused, reset, TLS, timeouts
            stage = "after the message was handed over " if client.handed_over else ""
            detail = f"SMTP exchange with {self._host}:{self._port} failed {stage}({type(exc).__name__})"
            raise DeliveryError(DeliveryProblem.UNAVAILABLE, detail) from exc
        log.debug("email accepted by %s:%s", self._host, self._port)


class _Client(aiosmtplib.SMTP):
    """aiosmtplib's client, waiting `data_timeout` (not the command timeout) for the answer to DATA."""

    def __init__(self, data_timeout: float, **options: Any) -> None:
        super().__init__(**options)
        self._data_timeout = data_timeout
        self.handed_over = False  # DATA began: the server may hold the message even if no answer comes

    # `timeout` is aiosmtplib's own parameter, passed by its `sendmail`: overridden, not chosen here.
    async def data(
        self,
        message: str | bytes,
        /,
        *,
        timeout: Any = None,  # noqa: ASYNC109
    ) -> aiosmtplib.SMTPResponse:
        self.handed_over = True
        return await super().data(message, timeout=self._data_timeout)


_ENHANCED = re.compile(r"^\s*[245]\.(\d{1,3})\.\d{1,3}\b")
# Enhanced status subjects (RFC 3463) about the address itself: 1 addressing, 2 mailbox. The others (3 mail
# system, 4 routing, 5 protocol, 6 content, 7 policy such as "relaying denied") are the relay's to fix.
_ADDRESS_SUBJECTS = frozenset({"1", "2"})


def refused_at_rcpt(answers: list[tuple[int, str]], *, verified: bool) -> DeliveryError:
    """What refusals at RCPT mean: a bad address only when every one is permanent (5xx), speaks about the
    address (or gives no enhanced status) and the address was not already proven by a code; otherwise the
    server may recover, or its operator fix it, and the sender should try again later."""
    codes = ", ".join(str(code) for code, _ in answers)
    permanent = bool(answers) and all(500 <= code < 600 for code, _ in answers)
    if permanent and not verified and all(_about_address(text) for _, text in answers):
        return DeliveryError(DeliveryProblem.INVALID_DESTINATION, f"recipient refused with {codes}")
    whose = "verified recipient" if verified else "recipient"
    return DeliveryError(DeliveryProblem.UNAVAILABLE, f"{whose} refused with {codes}, worth retrying")


def _about_address(text: str) -> bool:
    match = _ENHANCED.match(text or "")
    return match is None or match.group(1) in _ADDRESS_SUBJECTS


class OutboxFolderEmailSender:
    """Offline email gateway: writes each email as an `.eml` file in `folder` and, with a `stream`, prints it.

    The printed box shows the whole email, code included, because a person reading the terminal stands
    in for the mailbox; nothing goes to the log.
    """

    def __init__(
        self, folder: Path, stream: TextIO | None = None, *, mail_from: str = DEFAULT_MAIL_FROM
    ) -> None:
        self._folder = folder
        self._stream = stream
        self._mail_from = mail_from

    async def send_email(self, message: OutgoingEmail) -> None:
        """Save one email in the folder (and print it) or raise `DeliveryError` when it cannot be written."""
        now = datetime.now(UTC)
        email = build_message(message, self._mail_from, now)
        try:
            path = await asyncio.to_thread(save_private, self._folder, now, ".eml", email.as_bytes())
        except OSError as exc:
            detail = f"cannot write to the outbox folder ({type(exc).__name__})"
            raise DeliveryError(DeliveryProblem.UNAVAILABLE, detail) from exc
        if self._stream is not None:
            header = [f"From: {self._mail_from}", f"To: {message.to}", f"Subject: {message.subject}", ""]
            footer = ["", f"(saved as {path.name})"]
            self._stream.write(boxed("Email", [*header, *message.body.splitlines(), *footer]) + "\n")
            self._stream.flush()
        log.debug("email saved in the outbox folder as %s", path.name)
