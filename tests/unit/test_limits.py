"""Send limits and lockouts per source (domain/proofs/limits.py) at their boundaries, with a fake clock."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.core.challenge import Purpose, VerifyOutcome
from domain.core.model import Channel, Lockout, User
from domain.core.otp import code_for
from domain.core.policy import OtpPolicy, Refusal
from domain.core.sources import chat_source, login_source
from domain.proofs.codes import SendResult
from tests.support.fakes import EPOCH
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import KEY, Harness

POLICY = OtpPolicy()
ALICE_2FA = "alice.2fa@example.net"


@pytest.fixture
async def harness() -> Harness:
    harness = Harness(FakeUnitOfWorkFactory())
    await harness.seed()
    return harness


async def alice(harness: Harness) -> User:
    async with harness.uow_factory() as uow:
        user = await uow.users.get_by_email("alice@example.com")
        assert user is not None
        return user


async def issue(
    harness: Harness, purpose: Purpose, source: str = "", chat_id: str | None = None
) -> SendResult:
    user = await alice(harness)
    destination = user.email if purpose is Purpose.LINK else ALICE_2FA
    async with harness.uow_factory() as uow:
        result = await harness.codes.issue(uow, user, purpose, Channel.EMAIL, destination, chat_id, source)
        await uow.commit()
    return result


async def verify(harness: Harness, result: SendResult, typed: str | None = None) -> VerifyOutcome:
    assert result.challenge is not None
    code = typed or code_for(KEY, result.challenge.id, POLICY.digits)
    async with harness.uow_factory() as uow:
        check = await harness.codes.verify(uow, result.challenge.id, code)
        await uow.commit()
    return check.result.outcome


async def test_one_chat_gets_five_link_codes_an_hour_and_every_chat_together_eight(harness: Harness) -> None:
    sent = [await issue(harness, Purpose.LINK, chat_id="tg:1") for _ in range(6)]
    assert [result.sent for result in sent] == [True] * 5 + [False]
    assert sent[-1].decision is not None and sent[-1].decision.retry_at == EPOCH + POLICY.link_window
    others = [await issue(harness, Purpose.LINK, chat_id=f"tg:{n}") for n in (2, 3, 4, 5)]
    assert [result.sent for result in others] == [True, True, True, False]  # 8 for the account
    assert (await issue(harness, Purpose.ENABLE)).sent  # the owner's own codes are untouched
    harness.clock.advance(seconds=POLICY.link_window.total_seconds())
    assert (await issue(harness, Purpose.LINK, chat_id="tg:1")).sent


async def test_sign_in_codes_are_limited_per_ip_and_for_the_account_across_every_ip(harness: Harness) -> None:
    home = login_source("home", "page")
    first = [await issue(harness, Purpose.LOGIN, home) for _ in range(6)]
    assert [result.sent for result in first] == [True] * 5 + [False]  # 5 to one address in 10 minutes
    assert first[-1].decision is not None and first[-1].decision.reason is Refusal.DESTINATION_RATE
    harness.clock.advance(minutes=10)
    then = [await issue(harness, Purpose.LOGIN, home) for _ in range(6)]
    assert [result.sent for result in then] == [True] * 5 + [False]  # 10 an hour from one IP
    assert then[-1].decision is not None and then[-1].decision.reason is Refusal.USER_RATE
    spread = [(await issue(harness, Purpose.LOGIN, login_source(f"ip{n}", "page"))).sent for n in range(25)]
    assert spread == [True] * 20 + [False] * 5  # 30 an hour for the account, whoever asks
    assert (await issue(harness, Purpose.TEST)).sent  # the owner's own codes are untouched


async def test_wrong_codes_lock_the_source_that_typed_them_only(harness: Harness) -> None:
    thief, home = login_source("thief", "page"), login_source("home", "page")
    pending = await issue(harness, Purpose.LOGIN, thief)
    for _ in range(2):
        result = await issue(harness, Purpose.LOGIN, thief)
        for _ in range(5):
            await verify(harness, result, "000000")
    refused = await issue(harness, Purpose.LOGIN, thief)
    assert refused.decision is not None and refused.decision.reason is Refusal.LOCKED
    assert await verify(harness, pending) is VerifyOutcome.LOCKED  # not even checked
    assert await verify(harness, await issue(harness, Purpose.LOGIN, home)) is VerifyOutcome.VERIFIED
    harness.clock.advance(seconds=60)
    assert await verify(harness, pending) is VerifyOutcome.VERIFIED  # the lock is over; the code still works


async def test_the_owners_own_lockout_stops_every_code_and_every_check(harness: Harness) -> None:
    user = await alice(harness)
    pending = await issue(harness, Purpose.LOGIN, login_source("home", "page"))
    async with harness.uow_factory() as uow:
        await uow.lockouts.save(Lockout(user.key, 10, EPOCH + timedelta(minutes=15)))
        await uow.commit()
    assert not (await issue(harness, Purpose.LOGIN, login_source("elsewhere", "page"))).sent
    assert not (await issue(harness, Purpose.LINK, chat_id="tg:9")).sent
    assert await verify(harness, pending) is VerifyOutcome.LOCKED


async def test_the_owner_is_warned_once_a_day_when_strangers_keep_trying(harness: Harness) -> None:
    for _ in range(7):
        await issue(harness, Purpose.LINK, chat_id="tg:1")
    assert len(await harness.notices_about("Repeated attempts")) == 1
    harness.clock.advance(hours=25)
    for _ in range(6):
        await issue(harness, Purpose.LINK, chat_id="tg:1")
    assert len(await harness.notices_about("Repeated attempts")) == 2
    assert chat_source("tg:1") == "chat:tg:1"
