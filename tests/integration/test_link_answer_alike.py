"""Typing an address to link a chat: an unknown address is answered like a registered one, in text and in
the work done before the answer (issue 14), on SQLite and PostgreSQL.

Timing itself is measured by `bench/link_timing.py`; here its cause is held: before the fix, the step for a
registered address ran the send-limit reads and the code's writes (15 statements on SQLite), the step for
an unknown one only the user lookup (7), which made it take more than twice as long. Now the unknown
address's step runs the same reads, the same audit write, and the owner-warning check of a refused code
in place of the code's two rows: as many statements.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.core.model import AuditKind
from domain.core.replies import Incoming
from storage.uow import SqlUnitOfWorkFactory
from tests.support.harness import Harness

_SHAPE = re.compile(
    r"^\s*(SELECT\b.*?\bFROM|INSERT INTO|UPDATE|DELETE FROM)\s+(\w+)", re.IGNORECASE | re.DOTALL
)
CODE_ROWS = {("INSERT INTO", "challenges"), ("INSERT INTO", "code_sends")}  # only a real code has them


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> AsyncEngine:
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return engine


async def seeded(engine: AsyncEngine) -> Harness:
    harness = Harness(SqlUnitOfWorkFactory(engine))
    await harness.seed()
    return harness


async def address_step(
    harness: Harness, engine: AsyncEngine, chat_id: str, address: str
) -> list[tuple[str, str]]:
    """(verb, table) of each statement the step of typing `address` sends, in order, from a fresh chat."""
    await harness.chat(chat_id).say("/start")
    seen: list[tuple[str, str]] = []

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        match = _SHAPE.match(statement)
        if match:
            verb = " ".join(match.group(1).split()[:2]).upper()
            seen.append(("SELECT" if verb.startswith("SELECT") else verb, match.group(2).lower()))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await harness.assistant.handle(Incoming(chat_id, text=address))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    await harness.assistant.drain()  # the code's own transaction, after the answer: not part of the step
    return seen


def reads(shape: list[tuple[str, str]]) -> list[str]:
    return [table for verb, table in shape if verb == "SELECT"]


async def test_an_unknown_address_is_checked_against_the_same_limits_as_a_registered_one(
    engine: AsyncEngine,
) -> None:
    harness = await seeded(engine)
    registered = await address_step(harness, engine, "tg:1", "alice@example.com")
    unknown = await address_step(harness, engine, "tg:2", "nobody@example.com")
    assert len(unknown) == len(registered)
    # the user, both lockouts, the send log twice; then, for the code's two rows, the owner-warning check
    assert reads(unknown) == [*reads(registered), "audit_events", "users"]
    writes = [s for s in unknown if s[0] != "SELECT"]
    assert writes == [s for s in registered if s[0] != "SELECT" and s not in CODE_ROWS]  # audit, state
    events = await harness.audit(AuditKind.CODE_REFUSED)
    assert [(e.user_id, e.chat_id, e.detail.get("reason")) for e in events] == [(None, "tg:2", "no_account")]
    assert "nobody" not in repr(events)  # who was typed is not kept


async def test_a_rate_limited_account_and_an_unknown_address_get_the_reply_a_code_gets(
    engine: AsyncEngine,
) -> None:
    harness = await seeded(engine)
    replies = []
    for chat in range(harness.policy.link_sends_per_account + 1):  # the last one is over the account's limit
        await harness.chat(f"tg:{100 + chat}").say("/start")
        replies.append(await harness.chat(f"tg:{100 + chat}").say("alice@example.com"))
    await harness.chat("tg:200").say("/start")
    unknown = await harness.chat("tg:200").say("nobody@example.com")
    assert len({reply.replace("alice", "X") for reply in replies} | {unknown.replace("nobody", "X")}) == 1
    assert len([m for m in harness.email.sent if m.to == "alice@example.com"]) == 8
    refused = await address_step(harness, engine, "tg:300", "alice@example.com")  # the owner was warned
    unknown_shape = await address_step(harness, engine, "tg:301", "nobody@example.com")
    assert unknown_shape == [*refused[:-1], ("SELECT", "users"), refused[-1]]  # its owner is read again
