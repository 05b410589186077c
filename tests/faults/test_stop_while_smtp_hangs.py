"""SIGTERM while the notice loop waits on an SMTP server that never answers, against a real `twofa serve`.

Before, the process ignored SIGTERM for as long as the SMTP wait lasted (up to 50 notices × the timeout),
so a supervisor SIGKILLed it mid-send. Now a send still running when the worker is told to stop gets 5 s,
then is abandoned to its lease (the notice goes out later, from any worker), and the process exits at once.
"""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

from app.wiring import build_services
from domain.core.notices import enqueue_notice
from domain.core.repositories import OutboxStatus
from tests.faults.serving import BlackHole, seed, twofa_serve
from tests.support.api import api_settings


async def test_sigterm_stops_the_worker_within_seconds_while_smtp_hangs(
    tmp_path: Path, database_url: str
) -> None:
    await seed(tmp_path, database_url)
    services = await build_services(api_settings(tmp_path, database_url=database_url), stream=None)
    try:
        async with services.uow_factory() as uow:
            bob = await uow.users.get_by_email("bob@example.com")
            assert bob is not None
            await enqueue_notice(uow, bob, "A notice", "Hello", services.clock.now())
            await uow.commit()
    finally:
        await services.aclose()
    hole = BlackHole()
    hole_port = await hole.start()
    try:
        async with twofa_serve(
            tmp_path,
            database_url,
            smtp_host="127.0.0.1",
            smtp_port=str(hole_port),
            smtp_timeout_seconds="60",
            outbox_interval_seconds="0.2",
        ) as (process, _, _):
            await asyncio.sleep(1.0)  # the notice is being sent to a server that never answers
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            await asyncio.wait_for(process.wait(), 30)
            took = time.monotonic() - started
    finally:
        await hole.close()
    assert process.returncode == 0
    assert took < 10, f"SIGTERM took {took:.1f}s"  # was the SMTP timeout (60 s)
    services = await build_services(api_settings(tmp_path, database_url=database_url), stream=None)
    try:
        async with services.uow_factory() as uow:
            counts = await uow.outbox.counts()
    finally:
        await services.aclose()
    assert counts.get(OutboxStatus.PENDING) == 1  # not lost: it goes out once its claim ends
