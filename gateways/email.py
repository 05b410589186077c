"""Email gateways: `SmtpEmailSender` delivers through an SMTP server, `OutboxFolderEmailSender` keeps
each email as a local `.eml` file (and shows it in the terminal) for offline use.

Bodies carry one-time codes: they never appear in an exception text or a log line here.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import TextIO

import aiosmtplib

from domain.model import OutgoingEmail
from domain.ports import DeliveryError, DeliveryProblem
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
    """Delivers emails through an SMTP server (one connection per email) with aiosmtplib."""

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

    def __repr__(self) -> str:
        # Spelled out so the password can never leak through a repr in a traceback or a debugger.
        return f"SmtpEmailSender(host={self._host!r}, port={self._port}, username={self._username!r})"

    async def send_email(self, message: OutgoingEmail) -> None:
        """Hand one email to the SMTP server or raise `DeliveryError` saying why it was not accepted."""
        email = build_message(message, self._mail_from, datetime.now(UTC))
        try:
            await aiosmtplib.send(
                email,
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                # False means "never upgrade", not "upgrade if offered": no surprise certificate failures.
                start_tls=self._starttls,
                use_tls=self._use_tls,
                timeout=self._timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise _refused([refusal.code for refusal in exc.recipients]) from exc
        except aiosmtplib.SMTPRecipientRefused as exc:
            raise _refused([exc.code]) from exc
        except aiosmtplib.SMTPResponseException as exc:
            detail = f"SMTP server answered {exc.code} ({type(exc).__name__})"
            raise DeliveryError(DeliveryProblem.UNAVAILABLE, detail) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:  # OSError covers refused, reset, TLS, timeouts
            detail = f"SMTP exchange with {self._host}:{self._port} failed ({type(exc).__name__})"
            raise DeliveryError(DeliveryProblem.UNAVAILABLE, detail) from exc
        log.debug("email accepted by %s:%s", self._host, self._port)


def _refused(codes: list[int]) -> DeliveryError:
    """A recipient refusal: permanent (5xx) means a bad address, temporary (4xx) a server that may recover."""
    permanent = bool(codes) and all(500 <= code < 600 for code in codes)
    problem = DeliveryProblem.INVALID_DESTINATION if permanent else DeliveryProblem.UNAVAILABLE
    return DeliveryError(problem, f"recipient refused with {', '.join(map(str, codes))}")


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
