"""The conversation every simulated user has, the same in every benchmark: link, then enable SMS 2FA.

Seven messages: `/start`, the account email, the emailed code, `/enable`, the SMS button, the mobile
number, the texted code. Each reply is checked, so a benchmark never counts a wrong answer as a fast one.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol, TypeVar

from benchkit.codes import CodeBook
from benchkit.databases import BenchUser

MESSAGES_PER_USER = 7
STEP_NAMES = ("/start", "email", "email code", "/enable", "SMS button", "mobile number", "SMS code")
T = TypeVar("T")


class UnexpectedReply(Exception):
    """The bot answered something else than the step expects."""


class ChatDriver(Protocol):
    """One simulated chat: type text or press a button, get the reply text, checked against `expect`."""

    async def say(self, step: int, text: str, expect: str) -> str: ...

    async def press(self, step: int, data: str, expect: str) -> str: ...


def check(reply: str, expect: str) -> str:
    if expect not in reply:
        raise UnexpectedReply(f"expected {expect!r} in the reply, got {reply[:200]!r}")
    return reply


async def link_and_enable_sms(user: BenchUser, chat: ChatDriver, codes: CodeBook) -> None:
    """The seven steps; codes are read from the fake senders between steps (not timed)."""
    await chat.say(0, "/start", "email address")
    await chat.say(1, user.email, "we sent it a code")
    await chat.say(2, await codes.take(user.email), "now linked")
    await chat.say(3, "/enable", "SMS or email")
    await chat.press(4, "method:sms", "mobile number")
    await chat.say(5, user.phone_typed, "We sent a code to")
    await chat.say(6, await codes.take(user.phone_e164), "2FA is on")


class Failures:
    """Items that failed, with the first few reasons kept for the report."""

    def __init__(self) -> None:
        self.count = 0
        self.reasons: list[str] = []

    def add(self, item: object, error: BaseException) -> None:
        self.count += 1
        if len(self.reasons) < 3:
            detail = " ".join("".join(traceback.format_exception_only(error)).split())[:300]
            self.reasons.append(f"{getattr(item, 'email', item)}: {detail}")

    def report(self) -> None:
        if self.count:
            print(f"  FAILED: {self.count}; first reasons:")
            for reason in self.reasons:
                print(f"    {reason}")


async def run_concurrently(
    items: Iterable[T], concurrency: int, work: Callable[[T], Awaitable[None]]
) -> Failures:
    """Run `work` on every item, `concurrency` at a time; a failing item is counted, the rest go on."""
    failures = Failures()
    pending = iter(items)

    async def worker() -> None:
        for item in pending:  # one shared iterator: each item is taken by exactly one worker
            try:
                await work(item)
            except Exception as error:  # a benchmark reports failures instead of stopping at the first
                failures.add(item, error)

    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker())
    return failures
