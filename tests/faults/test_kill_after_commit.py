"""A worker killed (SIGKILL) while a code it recorded is still with the provider: another worker sends it.

A real `twofa serve` whose SMTP server never answers takes a sign-in for an account with 2FA by email and
is killed mid-send; a second `twofa serve` on the same database (SQLite or PostgreSQL), with a working SMTP
server (aiosmtpd), sends that code once its send is overdue: exactly once, counted once. Before codes were
recorded and committed ahead of the send, the kill rolled the challenge back: the code was never sent, and
the send was not counted.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import aiohttp

from tests.faults.serving import CAROL_2FA, BlackHole, seed, sends_counted, twofa_serve
from tests.support.smtp import SmtpSink, extract_code

DEADLINE = "1.5"  # the code's send deadline: its lease ends 1.5 + 5 s after it was recorded


async def test_a_code_whose_worker_was_killed_mid_send_is_sent_once_by_another(
    tmp_path: Path, database_url: str, smtp_sink: SmtpSink
) -> None:
    await seed(tmp_path, database_url)
    hole = BlackHole()
    hole_port = await hole.start()
    try:
        async with twofa_serve(
            tmp_path,
            database_url,
            smtp_host="127.0.0.1",
            smtp_port=str(hole_port),
            smtp_timeout_seconds="30",
            code_send_deadline_seconds=DEADLINE,
        ) as (first, session, base):
            login = asyncio.create_task(
                session.post(f"{base}/v1/logins", json={"email": "carol@example.com"})
            )
            await asyncio.sleep(0.7)  # recorded and committed; the SMTP server has not said a word
            first.kill()
            await first.wait()
            with contextlib.suppress(aiohttp.ClientError):
                await login  # the page saw its request fail: the worker died
    finally:
        await hole.close()
    assert smtp_sink.messages == []
    async with twofa_serve(
        tmp_path,
        database_url,
        smtp_host="127.0.0.1",
        smtp_port=str(smtp_sink.port),
        outbox_interval_seconds="0.2",
        code_send_deadline_seconds=DEADLINE,
    ):
        mail = await smtp_sink.wait_for(lambda m: m["To"] == CAROL_2FA, timeout=20)
        assert len(extract_code(mail)) == 6
        await asyncio.sleep(1.5)  # a few more rounds of the delivery loop: nothing is sent twice
    assert [m["To"] for m in smtp_sink.messages] == [CAROL_2FA]
    assert await sends_counted(tmp_path, database_url, "carol@example.com") == 1
