"""The real gateways against a real SMTP server on loopback, the offline gateways on disk, and the
outbox dispatcher's retries, backoff and exactly-once marking."""

from __future__ import annotations

import asyncio
import io
import logging
import stat
from collections.abc import AsyncIterator
from datetime import timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import cast

import pytest

from domain.core.model import OutgoingEmail, OutgoingSms
from domain.core.ports import DeliveryError, DeliveryProblem
from domain.core.repositories import OutboxItem, OutboxStatus
from gateways.dispatcher import OutboxDispatcher
from gateways.display import boxed
from gateways.email import OutboxFolderEmailSender, SmtpEmailSender, build_message
from gateways.sms import ConsoleSmsSender
from tests.support.fakes import EPOCH, FakeClock, FakeEmailSender
from tests.support.fakes_storage import FakeUnitOfWork, FakeUnitOfWorkFactory
from tests.support.smtp import SmtpSink, body_of, extract_code

CODE = "482916"
EMAIL = OutgoingEmail(
    to="ana@example.org",
    subject="Code de vérification",
    body=f"Bonjour Ana,\n\nVotre code : {CODE} — valable 5 minutes. À bientôt ✓\n",
)


def smtp_sender(sink: SmtpSink, username: str | None = None, password: str | None = None) -> SmtpEmailSender:
    return SmtpEmailSender(
        sink.host, sink.port, username, password, mail_from="Twofa <no-reply@twofa.example>", timeout=2.0
    )


# --- SmtpEmailSender ---------------------------------------------------------------------------------


async def test_smtp_sender_delivers_subject_from_to_and_a_utf8_body(smtp_sink: SmtpSink) -> None:
    await smtp_sender(smtp_sink).send_email(EMAIL)

    message = await smtp_sink.wait_for()
    assert message["Subject"] == "Code de vérification"
    assert message["From"] == "Twofa <no-reply@twofa.example>"
    assert message["To"] == "ana@example.org"
    assert body_of(message) == EMAIL.body
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert message["Message-ID"].endswith("@twofa.example>")
    assert message["Date"].datetime.tzinfo is not None
    assert extract_code(message) == CODE
    assert smtp_sink.received[0].rcpt_tos == ["ana@example.org"]


async def test_each_email_gets_its_own_message_id() -> None:
    first = build_message(EMAIL, "a@b.example", EPOCH)
    second = build_message(EMAIL, "a@b.example", EPOCH)
    assert first["Message-ID"] != second["Message-ID"]
    assert parsedate_to_datetime(first["Date"]) == EPOCH


async def test_smtp_sender_logs_in_with_the_configured_credentials() -> None:
    sink = SmtpSink(credentials=("mailer", "s3cret-pw"))
    sink.start()
    try:
        await smtp_sender(sink, username="mailer", password="s3cret-pw").send_email(EMAIL)
        await sink.wait_for()
        assert sink.logins == ["mailer"]
    finally:
        sink.stop()


async def test_wrong_smtp_credentials_are_unavailable_and_never_echo_the_password() -> None:
    sink = SmtpSink(credentials=("mailer", "s3cret-pw"))
    sink.start()
    try:
        sender = smtp_sender(sink, username="mailer", password="wrong-pw")
        with pytest.raises(DeliveryError) as caught:
            await sender.send_email(EMAIL)
    finally:
        sink.stop()
    assert caught.value.problem is DeliveryProblem.UNAVAILABLE
    assert sink.messages == []
    assert_no_secret(caught.value, "wrong-pw")
    assert "wrong-pw" not in repr(sender)


async def test_a_refused_recipient_is_an_invalid_destination(smtp_sink: SmtpSink) -> None:
    smtp_sink.refuse("ana@example.org")
    with pytest.raises(DeliveryError) as caught:
        await smtp_sender(smtp_sink).send_email(EMAIL)
    assert caught.value.problem is DeliveryProblem.INVALID_DESTINATION
    assert smtp_sink.messages == []
    assert_no_secret(caught.value, CODE)


async def test_a_temporarily_refused_recipient_is_unavailable_not_invalid(smtp_sink: SmtpSink) -> None:
    smtp_sink.refuse("ana@example.org", "450 4.2.0 Mailbox busy, try later")
    with pytest.raises(DeliveryError) as caught:
        await smtp_sender(smtp_sink).send_email(EMAIL)
    assert caught.value.problem is DeliveryProblem.UNAVAILABLE


async def test_a_stopped_smtp_server_is_unavailable(smtp_sink: SmtpSink) -> None:
    smtp_sink.stop()
    with pytest.raises(DeliveryError) as caught:
        await smtp_sender(smtp_sink).send_email(EMAIL)
    assert caught.value.problem is DeliveryProblem.UNAVAILABLE
    assert_no_secret(caught.value, CODE)


async def test_a_server_that_never_answers_times_out_as_unavailable() -> None:
    accepted: list[asyncio.StreamWriter] = []
    silent = await asyncio.start_server(lambda _, writer: accepted.append(writer), "127.0.0.1", 0)
    port = silent.sockets[0].getsockname()[1]
    try:
        sender = SmtpEmailSender("127.0.0.1", port, timeout=0.2)
        with pytest.raises(DeliveryError) as caught:
            await asyncio.wait_for(sender.send_email(EMAIL), timeout=5)
    finally:
        silent.close()
        for writer in accepted:
            writer.close()
            await writer.wait_closed()
        await silent.wait_closed()
    assert accepted, "the sender never connected"
    assert caught.value.problem is DeliveryProblem.UNAVAILABLE


def assert_no_secret(error: BaseException, secret: str) -> None:
    """Neither the error nor anything chained to it may quote `secret`."""
    seen: BaseException | None = error
    while seen is not None:
        assert secret not in str(seen) and secret not in repr(seen)
        seen = seen.__cause__ or seen.__context__


# --- Offline gateways ---------------------------------------------------------------------------------


def files(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern))


async def test_outbox_folder_sender_writes_a_private_parseable_eml_and_prints_a_box(tmp_path: Path) -> None:
    folder = tmp_path / "not" / "yet" / "there"
    stream = io.StringIO()
    await OutboxFolderEmailSender(folder, stream).send_email(EMAIL)

    [path] = files(folder, "*.eml")
    message = BytesParser(policy=default_policy).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    assert message["Subject"] == EMAIL.subject and message["To"] == EMAIL.to
    assert extract_code(message) == CODE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    printed = stream.getvalue()
    assert printed.startswith("┌") and printed.rstrip().endswith("┘")
    assert CODE in printed and EMAIL.subject in printed and path.name in printed


async def test_outbox_folder_sender_never_overwrites_an_earlier_email(tmp_path: Path) -> None:
    sender = OutboxFolderEmailSender(tmp_path)
    for _ in range(3):
        await sender.send_email(EMAIL)
    assert len(files(tmp_path, "*.eml")) == 3


async def test_outbox_folder_sender_reports_an_unwritable_folder_as_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(DeliveryError) as caught:
        await OutboxFolderEmailSender(blocker / "outbox").send_email(EMAIL)
    assert caught.value.problem is DeliveryProblem.UNAVAILABLE


async def test_console_sms_sender_writes_each_sms_and_prints_a_box(tmp_path: Path) -> None:
    stream = io.StringIO()
    sender = ConsoleSmsSender(tmp_path / "sms", stream)
    await sender.send_sms(OutgoingSms(to="+33612345678", body=f"Code: {CODE}"))
    await sender.send_sms(OutgoingSms(to="+33612345678", body="Code: 111222"))

    texts = [path.read_text() for path in files(tmp_path / "sms", "*.sms.txt")]
    assert len(texts) == 2
    assert any(CODE in text and "To: +33612345678" in text for text in texts)
    printed = stream.getvalue()
    assert "SMS to +33612345678" in printed and CODE in printed and "111222" in printed


def test_boxed_wraps_every_line_to_the_box_width() -> None:
    text = boxed("A title", ["word " * 40, "", "x" * 150], width=40)
    rows = text.splitlines()
    assert all(len(row) == 40 for row in rows)
    assert rows[0].startswith("┌─ A title ─") and rows[0].endswith("┐")
    assert rows[-1] == "└" + "─" * 38 + "┘"
    assert all(row.startswith("│ ") and row.endswith(" │") for row in rows[1:-1])
    inside = "".join(row[2:-2].strip() for row in rows[1:-1])
    assert inside.count("word") == 40 and inside.count("x") == 150
    assert "│" + " " * 38 + "│" in rows  # the blank line survives


def test_boxed_cuts_a_title_too_long_for_the_top_edge() -> None:
    top = boxed("t" * 100, ["hi"], width=30).splitlines()[0]
    assert len(top) == 30 and top.endswith("… ┐")


# --- OutboxDispatcher ---------------------------------------------------------------------------------


class StorageThatCanFail(FakeUnitOfWorkFactory):
    """The shared fake storage, able to refuse the next unit of work as a database outage would."""

    def __init__(self) -> None:
        super().__init__()
        self.fail_next_open = False
        self.failed = asyncio.Event()

    def __call__(self) -> FakeUnitOfWork:
        if self.fail_next_open:
            self.fail_next_open = False
            self.failed.set()
            raise ConnectionError("database is down")
        return super().__call__()

    async def enqueue(self, email: OutgoingEmail, clock: FakeClock) -> int:
        async with self() as uow:
            await uow.outbox.add(OutboxItem(None, email, clock.now(), clock.now()))
            await uow.commit()
        return self.database.sequences["outbox"]

    def item(self, item_id: int) -> OutboxItem:
        """The committed state of one notice."""
        return cast(OutboxItem, self.database.tables["outbox"][item_id])


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def uows() -> StorageThatCanFail:
    return StorageThatCanFail()


def notice(n: int) -> OutgoingEmail:
    return OutgoingEmail(to=f"user{n}@example.org", subject=f"Notice {n}", body=f"Your 2FA changed ({CODE}).")


async def test_a_due_notice_is_delivered_once_and_marked_sent(
    smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock
) -> None:
    item_id = await uows.enqueue(notice(1), clock)
    dispatcher = OutboxDispatcher(uows, smtp_sender(smtp_sink), clock)

    assert await dispatcher.run_once() == 1
    clock.advance(hours=5)
    assert await dispatcher.run_once() == 0

    assert [m["Subject"] for m in smtp_sink.messages] == ["Notice 1"]
    item = uows.item(item_id)
    assert item.status is OutboxStatus.SENT and item.sent_at == EPOCH and item.attempts == 1


async def test_while_smtp_is_down_a_notice_stays_pending_with_growing_backoff(
    smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock
) -> None:
    item_id = await uows.enqueue(notice(1), clock)
    smtp_sink.stop()
    dispatcher = OutboxDispatcher(uows, smtp_sender(smtp_sink), clock)

    assert await dispatcher.run_once() == 1
    first = uows.item(item_id)
    assert (first.status, first.attempts, first.last_error) == (OutboxStatus.PENDING, 1, "unavailable")
    assert first.next_attempt_at == EPOCH + timedelta(seconds=30)

    clock.advance(seconds=29)
    assert await dispatcher.run_once() == 0  # not due yet
    clock.advance(seconds=1)
    assert await dispatcher.run_once() == 1
    second = uows.item(item_id)
    assert second.attempts == 2 and second.next_attempt_at == clock.now() + timedelta(seconds=60)


async def test_when_smtp_comes_back_a_pending_notice_is_delivered_exactly_once(
    smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock
) -> None:
    item_id = await uows.enqueue(notice(1), clock)
    dispatcher = OutboxDispatcher(uows, smtp_sender(smtp_sink), clock)
    smtp_sink.stop()
    await dispatcher.run_once()

    smtp_sink.start()
    clock.advance(minutes=1)
    await dispatcher.run_once()
    for _ in range(3):
        clock.advance(hours=2)
        await dispatcher.run_once()

    assert [m["Subject"] for m in smtp_sink.messages] == ["Notice 1"]
    item = uows.item(item_id)
    assert (item.status, item.attempts, item.last_error) == (OutboxStatus.SENT, 2, None)
    assert item.sent_at == EPOCH + timedelta(minutes=1)


async def test_a_notice_fails_for_good_after_the_last_allowed_attempt(
    smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock
) -> None:
    item_id = await uows.enqueue(notice(1), clock)
    dispatcher = OutboxDispatcher(uows, smtp_sender(smtp_sink), clock, max_attempts=3)
    smtp_sink.stop()
    for _ in range(3):
        assert await dispatcher.run_once() == 1
        clock.advance(hours=2)

    smtp_sink.start()
    assert await dispatcher.run_once() == 0
    item = uows.item(item_id)
    assert (item.status, item.attempts, item.last_error) == (OutboxStatus.FAILED, 3, "unavailable")
    assert smtp_sink.messages == []


async def test_a_refused_recipient_fails_the_notice_at_once(
    smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock
) -> None:
    item_id = await uows.enqueue(notice(1), clock)
    smtp_sink.refuse("user1@example.org")
    await OutboxDispatcher(uows, smtp_sender(smtp_sink), clock).run_once()
    item = uows.item(item_id)
    assert (item.status, item.attempts, item.last_error) == (OutboxStatus.FAILED, 1, "invalid_destination")


async def test_backoff_doubles_from_the_base_delay_up_to_the_maximum(
    uows: StorageThatCanFail, clock: FakeClock
) -> None:
    item_id = await uows.enqueue(notice(1), clock)
    sender = FakeEmailSender(failing=DeliveryProblem.UNAVAILABLE)
    dispatcher = OutboxDispatcher(uows, sender, clock, max_attempts=10)
    delays = []
    for _ in range(9):
        await dispatcher.run_once()
        delays.append(uows.item(item_id).next_attempt_at - clock.now())
        clock.advance(hours=2)
    assert [d.total_seconds() for d in delays] == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert dispatcher.retry_delay(10_000) == timedelta(hours=1)


async def test_a_crash_mid_batch_never_resends_notices_already_delivered(
    uows: StorageThatCanFail, clock: FakeClock
) -> None:
    for n in (1, 2, 3):
        await uows.enqueue(notice(n), clock)

    class Crash(BaseException):
        """Stands for the process dying mid-batch."""

    class CrashAfterAcceptingNotice2(FakeEmailSender):
        crashed = False

        async def send_email(self, message: OutgoingEmail) -> None:
            await super().send_email(message)
            if message.subject == "Notice 2" and not self.crashed:
                self.crashed = True
                raise Crash  # the server accepted it, then the process died before the commit

    sender = CrashAfterAcceptingNotice2()
    with pytest.raises(Crash):
        await OutboxDispatcher(uows, sender, clock).run_once()
    assert [uows.item(n).status for n in (1, 2, 3)] == [OutboxStatus.SENT, *[OutboxStatus.PENDING] * 2]

    assert await OutboxDispatcher(uows, sender, clock).run_once() == 1  # notice 2 is still claimed
    clock.advance(minutes=15)  # its claim ends: the process that took it is taken to have died
    assert await OutboxDispatcher(uows, sender, clock).run_once() == 1
    # Notice 1 went out once; notice 2 twice: the documented at-least-once window.
    assert [m.subject for m in sender.sent] == ["Notice 1", "Notice 2", "Notice 3", "Notice 2"]


async def test_an_unexpected_gateway_error_counts_as_a_failed_attempt_and_does_not_block_others(
    uows: StorageThatCanFail, clock: FakeClock
) -> None:
    for n in (1, 2):
        await uows.enqueue(notice(n), clock)

    class BuggyForFirst(FakeEmailSender):
        async def send_email(self, message: OutgoingEmail) -> None:
            if message.subject == "Notice 1":
                raise RuntimeError("bug")
            await super().send_email(message)

    sender = BuggyForFirst()
    assert await OutboxDispatcher(uows, sender, clock).run_once() == 2
    assert (
        uows.item(1).status is OutboxStatus.PENDING and uows.item(1).last_error == "unexpected RuntimeError"
    )
    assert [m.subject for m in sender.sent] == ["Notice 2"]


async def test_run_once_attempts_at_most_the_limit(uows: StorageThatCanFail, clock: FakeClock) -> None:
    for n in range(5):
        await uows.enqueue(notice(n), clock)
    sender = FakeEmailSender()
    assert await OutboxDispatcher(uows, sender, clock).run_once(limit=3) == 3
    assert len(sender.sent) == 3


async def test_dispatcher_logs_never_contain_a_body(
    smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await uows.enqueue(notice(1), clock)
    await uows.enqueue(notice(2), clock)
    smtp_sink.refuse("user2@example.org")
    dispatcher = OutboxDispatcher(uows, smtp_sender(smtp_sink), clock)
    await dispatcher.run_once()
    smtp_sink.stop()
    await uows.enqueue(notice(3), clock)
    await dispatcher.run_once()
    # "mail.log" is the test server's own logger, which echoes what it receives.
    ours = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail.log"))
    assert "outbox item 1 sent" in ours and "outbox item 3 not delivered" in ours
    assert CODE not in ours


@pytest.fixture
async def running_dispatcher(
    smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock
) -> AsyncIterator[asyncio.Event]:
    stop = asyncio.Event()
    dispatcher = OutboxDispatcher(uows, smtp_sender(smtp_sink), clock)
    task = asyncio.create_task(dispatcher.run_forever(0.01, stop))
    yield stop
    stop.set()
    await asyncio.wait_for(task, timeout=5)


async def test_run_forever_delivers_new_notices_and_stops_when_asked(
    running_dispatcher: asyncio.Event, smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock
) -> None:
    await uows.enqueue(notice(1), clock)
    await smtp_sink.wait_for(lambda m: m["Subject"] == "Notice 1")
    await uows.enqueue(notice(2), clock)
    await smtp_sink.wait_for(lambda m: m["Subject"] == "Notice 2")


async def test_run_forever_survives_a_storage_error(
    running_dispatcher: asyncio.Event, smtp_sink: SmtpSink, uows: StorageThatCanFail, clock: FakeClock
) -> None:
    uows.fail_next_open = True
    await asyncio.wait_for(uows.failed.wait(), timeout=5)
    await uows.enqueue(notice(1), clock)
    await smtp_sink.wait_for(lambda m: m["Subject"] == "Notice 1")
