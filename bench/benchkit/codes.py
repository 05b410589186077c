"""Fake code senders for the benchmarks: they measure our logic and storage, not SMTP or an SMS gateway.

In-process benchmarks read codes from a `CodeBook`; a worker in a child process writes each code as a
`CODE<tab>to<tab>code` line on its stdout (`PipeSender`), which the parent reads into its own book.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections import deque
from typing import TextIO

from domain.core.model import OutgoingEmail, OutgoingSms

_CODE = re.compile(r"\b(\d{6,10})\b")
CODE_LINE = "CODE"


def code_in(body: str) -> str | None:
    """The one-time code in a message body (it opens the message), or None for a notice."""
    match = _CODE.search(body)
    return match.group(1) if match else None


class CodeBook:
    """Codes by destination, oldest first; a reader may wait for one that has not arrived yet."""

    def __init__(self) -> None:
        self._codes: dict[str, deque[str]] = {}
        self._waiters: dict[str, asyncio.Future[str]] = {}
        self.received = 0

    def record(self, to: str, code: str) -> None:
        self.received += 1
        waiter = self._waiters.pop(to, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(code)
        else:
            self._codes.setdefault(to, deque()).append(code)

    def take_now(self, to: str) -> str:
        """The oldest code sent to `to` and not taken yet; LookupError when there is none."""
        queued = self._codes.get(to)
        if not queued:
            raise LookupError(f"no code was sent to {to}")
        code = queued.popleft()
        if not queued:
            del self._codes[to]
        return code

    async def take(self, to: str, timeout: float = 30.0) -> str:  # noqa: ASYNC109
        """The oldest code for `to`, waiting up to `timeout` seconds for it to arrive."""
        if self._codes.get(to):
            return self.take_now(to)
        waiter = self._waiters[to] = asyncio.get_running_loop().create_future()
        try:
            return await asyncio.wait_for(waiter, timeout)
        finally:
            if self._waiters.get(to) is waiter:
                del self._waiters[to]


class _Sender:
    """`EmailSender` and `SmsSender` in one: both hand the recipient and the text to `_deliver`."""

    async def send_email(self, message: OutgoingEmail) -> None:
        self._deliver(message.to, message.body)

    async def send_sms(self, message: OutgoingSms) -> None:
        self._deliver(message.to, message.body)

    def _deliver(self, to: str, body: str) -> None:
        raise NotImplementedError


class BookSender(_Sender):
    """Every code goes into the book; notices are only counted."""

    def __init__(self, book: CodeBook) -> None:
        self._book = book
        self.notices = 0

    def _deliver(self, to: str, body: str) -> None:
        code = code_in(body)
        if code is None:
            self.notices += 1
        else:
            self._book.record(to, code)


class PipeSender(_Sender):
    """The same senders for a worker in a child process: each code becomes one line on `stream`."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream or sys.stdout

    def _deliver(self, to: str, body: str) -> None:
        code = code_in(body)
        if code is not None:
            self._stream.write(f"{CODE_LINE}\t{to}\t{code}\n")
            self._stream.flush()
