"""Faults injected at the SMTP server the notice outbox delivers through (a real aiosmtpd on loopback):
a 550 at RCPT from a misconfigured relay, a server that never answers, an answer to DATA that comes late,
and the operator's replay of notices that failed for good (`twofa outbox retry`)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from app.cli import main
from app.settings import Settings
from app.wiring import Services, build_services, email_sender
from domain.core.model import AuditKind, OutgoingEmail
from domain.core.ports import DeliveryError
from domain.core.repositories import OutboxItem, OutboxStatus
from tests.support.fakes import EPOCH, FakeClock
from tests.support.smtp import SmtpSink

ALICE = "alice@example.com"
SECRET = "a-fault-test-secret-key-that-is-long-enough-0123"


def settings(database_url: str, folder: Path, smtp: SmtpSink, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "secret_key": SECRET,
        "outbox_dir": folder / "outbox",
        "smtp_host": smtp.host,
        "smtp_port": smtp.port,
        "outbox_retry_seconds": 30,
        "outbox_max_attempts": 3,
    }
    return Settings(_env_file=None, **(values | overrides))


@pytest_asyncio.fixture
async def world(
    database_url: str, tmp_path: Path, smtp_sink: SmtpSink
) -> AsyncIterator[tuple[Services, FakeClock]]:
    clock = FakeClock()
    services = await build_services(
        settings(database_url, tmp_path, smtp_sink, smtp_timeout_seconds=0.5, smtp_data_timeout_seconds=5),
        stream=None,
        clock=clock,
    )
    try:
        yield services, clock
    finally:
        await services.aclose()


async def queue_notice(services: Services, subject: str = "2FA turned on") -> int:
    async with services.uow_factory() as uow:
        item = OutboxItem(None, OutgoingEmail(ALICE, subject, "Your 2FA is now on."), EPOCH, EPOCH)
        await uow.outbox.add(item)
        await uow.commit()
    async with services.uow_factory() as uow:
        counts = await uow.outbox.counts()
    return sum(counts.values())


async def statuses(services: Services) -> dict[OutboxStatus, int]:
    async with services.uow_factory() as uow:
        return {status: n for status, n in (await uow.outbox.counts()).items() if n}


async def test_a_550_at_rcpt_from_a_misconfigured_relay_is_retried_and_the_notice_goes_out_once(
    world: tuple[Services, FakeClock], smtp_sink: SmtpSink
) -> None:
    services, clock = world
    for n in range(3):
        await queue_notice(services, f"notice {n}")
    smtp_sink.refuse_every = "550 5.7.1 Relaying denied"  # the relay forgot us for a few minutes
    assert await services.dispatcher.run_once() == 3
    assert await statuses(services) == {OutboxStatus.PENDING: 3}  # not failed for good
    smtp_sink.refuse_every = None  # fixed
    clock.advance(seconds=31)
    assert await services.dispatcher.run_once() == 3
    assert await statuses(services) == {OutboxStatus.SENT: 3}
    assert sorted(str(m["Subject"]) for m in smtp_sink.messages) == ["notice 0", "notice 1", "notice 2"]


async def test_a_550_5_1_1_at_rcpt_for_a_registered_address_is_retried_too(
    world: tuple[Services, FakeClock], smtp_sink: SmtpSink
) -> None:
    """A relay's broken recipient table says "no such user" for an address a code once proved."""
    services, clock = world
    await queue_notice(services)
    smtp_sink.refuse(ALICE, "550 5.1.1 No such user here")
    await services.dispatcher.run_once()
    assert await statuses(services) == {OutboxStatus.PENDING: 1}
    smtp_sink.refuse(ALICE, "250 OK")  # aiosmtpd returns this reply: the recipient is taken again
    smtp_sink._refusals.clear()
    clock.advance(seconds=31)
    await services.dispatcher.run_once()
    assert await statuses(services) == {OutboxStatus.SENT: 1} and len(smtp_sink.messages) == 1


async def test_the_smtp_timeout_bounds_a_silent_server_while_a_late_answer_to_data_is_awaited_once(
    world: tuple[Services, FakeClock], smtp_sink: SmtpSink
) -> None:
    services, clock = world
    held: list[asyncio.StreamWriter] = []
    silent = await asyncio.start_server(lambda _, writer: held.append(writer), "127.0.0.1", 0)
    black_hole = services.settings.model_copy(update={"smtp_port": silent.sockets[0].getsockname()[1]})
    try:
        await queue_notice(services)
        started = time.monotonic()
        with pytest.raises(DeliveryError, match="unavailable"):  # accepted the connection, said nothing
            await email_sender(black_hole, None, notices=True).send_email(OutgoingEmail(ALICE, "s", "b"))
        assert time.monotonic() - started < 3  # TWOFA_SMTP_TIMEOUT_SECONDS, not a fixed 10 s
    finally:
        for writer in held:
            writer.close()
        silent.close()
        await silent.wait_closed()
    smtp_sink.data_delay = 1.5  # the relay takes the message and answers 250 only after 1.5 s
    await services.dispatcher.run_once()
    assert await statuses(services) == {OutboxStatus.SENT: 1}
    clock.advance(seconds=3600)
    await services.dispatcher.run_once()
    assert len(smtp_sink.messages) == 1  # one copy: the end of DATA was waited for, not retried


async def twofa(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`twofa ARGS` (in a thread: it runs its own event loop): exit code, stdout, stderr."""
    code = await asyncio.to_thread(main, list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.usefixtures("restore_logging")
async def test_an_operator_replays_failed_notices_with_twofa_outbox_retry(
    world: tuple[Services, FakeClock],
    smtp_sink: SmtpSink,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    services, clock = world
    for n in range(3):
        await queue_notice(services, f"notice {n}")
    smtp_sink.data_reply = "554 5.6.0 Message refused"
    for _ in range(3):  # outbox_max_attempts=3: every notice fails for good
        await services.dispatcher.run_once()
        clock.advance(hours=2)
    assert await statuses(services) == {OutboxStatus.FAILED: 3}
    smtp_sink.data_reply = None
    monkeypatch.setenv("TWOFA_DATABASE_URL", database_url)
    monkeypatch.setenv("TWOFA_SECRET_KEY", SECRET)
    monkeypatch.chdir(tmp_path)

    code, _, err = await twofa(capsys, "outbox", "retry", "--id", "999999")
    assert code == 2 and "no failed notice with id 999999" in err
    code, out, _ = await twofa(capsys, "outbox", "retry", "--id", "1")
    assert code == 0 and "1 failed notice(s) queued again: 1" in out
    code, out, _ = await twofa(capsys, "outbox", "retry", "--all-failed")
    assert code == 0 and "2 failed notice(s) queued again: 2, 3" in out
    code, out, _ = await twofa(capsys, "outbox", "retry", "--all-failed")
    assert code == 0 and "no failed notices" in out
    assert await statuses(services) == {OutboxStatus.PENDING: 3}
    async with services.uow_factory() as uow:
        events = await uow.audit.list(kind=AuditKind.OUTBOX_RETRIED)
    assert [(e.actor, e.detail) for e in events] == [
        ("cli", {"ids": [1], "count": 1}),
        ("cli", {"ids": [2, 3], "count": 2}),
    ]
    clock.current = datetime.now(UTC) + timedelta(seconds=1)  # retried notices are due at the CLI's now
    await services.dispatcher.run_once()
    assert await statuses(services) == {OutboxStatus.SENT: 3}
    assert len(smtp_sink.messages) == 3
