"""Recovery codes (domain/proofs/recovery.py): the alphabet, reading typed codes, single use, a new set, the
count, audit and notices, and the lockout they share with one-time codes; on the in-memory store."""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest

from app.system import SecretsTokens
from domain.core.challenge import Purpose, VerifyOutcome
from domain.core.model import AuditKind, Channel, User
from domain.core.policy import OtpPolicy
from domain.core.sources import login_source
from domain.proofs.limits import SendLimits
from domain.proofs.recovery import (
    ALPHABET,
    CODES_PER_SET,
    SYMBOLS,
    RecoveryCodes,
    RecoveryOutcome,
    RecoveryUse,
    code_from_token,
    lookup_key,
    normalise,
)
from tests.support.fake_hashing import FakeSlowHasher
from tests.support.fakes_storage import FakeUnitOfWorkFactory
from tests.support.harness import KEY, Harness

POLICY = OtpPolicy()
SHAPE = re.compile(f"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


class World:
    def __init__(self) -> None:
        self.store = FakeUnitOfWorkFactory()
        self.harness = Harness(self.store)
        self.hasher = FakeSlowHasher()
        self.limits = SendLimits(self.harness.policy, self.harness.codes.destination_key)
        self.recovery = RecoveryCodes(self.hasher, KEY, self.harness.tokens, self.limits)

    async def alice(self) -> User:
        async with self.harness.uow_factory() as uow:
            user = await uow.users.get_by_email("alice@example.com")
            assert user is not None
            return user

    async def issue(self) -> list[str]:
        user = await self.alice()
        async with self.harness.uow_factory() as uow:
            codes = await self.recovery.issue(uow, user, self.harness.clock.now(), chat_id="tg:1001")
            await uow.commit()
        return codes

    async def use(self, typed: str, source: str = "") -> RecoveryUse:
        user = await self.alice()
        async with self.harness.uow_factory() as uow:
            used = await self.recovery.use(uow, user, typed, self.harness.clock.now(), source)
            await uow.commit()
        return used

    async def remaining(self) -> int:
        user = await self.alice()
        async with self.harness.uow_factory() as uow:
            return await self.recovery.remaining(uow, user)

    async def failures(self, source: str = "") -> int:
        user = await self.alice()
        async with self.harness.uow_factory() as uow:
            return (await self.limits.lockouts(uow, user.key, source))[1].consecutive_failures


@pytest.fixture
async def world() -> World:
    world = World()
    await world.harness.seed()
    return world


def test_the_alphabet_has_32_symbols_without_i_l_o_u_so_a_code_holds_40_bits() -> None:
    assert len(set(ALPHABET)) == len(ALPHABET) == 32
    assert not set("ILOU") & set(ALPHABET)
    assert SYMBOLS * math.log2(len(ALPHABET)) >= 40


def test_every_symbol_is_equally_likely_from_a_random_token_character() -> None:
    """Each base64url character is 6 random bits: every symbol must come from exactly 2 of the 64."""
    made = Counter(code_from_token(character * SYMBOLS)[0] for character in BASE64URL)
    assert made == Counter({symbol: 2 for symbol in ALPHABET})


def test_a_set_from_the_real_token_source_is_ten_distinct_grouped_codes() -> None:
    tokens = SecretsTokens()
    codes = [code_from_token(tokens.token(6)) for _ in range(2000)]
    assert all(SHAPE.match(code) for code in codes)
    assert len(set(codes)) == len(codes)  # 2000 draws from 2**40 do not repeat (odds ~ 2e-6)
    counts = Counter(symbol for code in codes for symbol in code.replace("-", ""))
    assert set(counts) == set(ALPHABET)


@pytest.mark.parametrize(
    "typed",
    [
        "ABCD-EFGH",
        "abcd-efgh",
        "  AbCd-eFgH \n",
        "ABCDEFGH",
        "ab cd ef gh",
        "ABCD–EFGH",
        "ＡＢＣＤ－ＥＦＧＨ",
    ],
)
def test_a_code_is_read_in_any_case_with_or_without_the_separator(typed: str) -> None:
    assert normalise(typed) == "ABCD-EFGH"


def test_look_alikes_are_read_as_the_symbol_shown() -> None:
    assert normalise("oil0-1ilo") == "0110-1110"


@pytest.mark.parametrize(
    "typed", ["", "ABCD-EFG", "ABCD-EFGHJ", "ABCD-EFGU", "ABCD_EFGH", "123456", "ABCD-EFG!", "A" * 65]
)
def test_what_cannot_be_a_code_is_refused(typed: str) -> None:
    assert normalise(typed) is None


async def test_a_set_is_ten_distinct_codes_with_distinct_lookups_and_no_code_stored(world: World) -> None:
    codes = await world.issue()
    assert len(codes) == len(set(codes)) == CODES_PER_SET
    assert all(SHAPE.match(code) for code in codes)
    assert len({lookup_key(KEY, code) for code in codes}) == CODES_PER_SET
    assert await world.remaining() == CODES_PER_SET
    stored = repr(world.store.database.tables["recovery_codes"])
    for code in codes:
        assert code not in stored and code.replace("-", "") not in stored
    [issued] = await world.harness.audit(AuditKind.RECOVERY_CODES_ISSUED)
    assert issued.detail == {"count": 10, "replaced": 0}
    assert not await world.harness.notices()  # turning 2FA on has its own notice


async def test_each_code_works_once(world: World) -> None:
    first, second, *_ = await world.issue()
    used = await world.use(first.lower().replace("-", " "))
    assert used == RecoveryUse(True, 9, RecoveryOutcome.USED)
    again = await world.use(first)
    assert (again.ok, again.outcome, again.remaining) == (False, RecoveryOutcome.WRONG, 0)
    assert await world.failures() == 1
    assert (await world.use(second)).ok
    assert await world.failures() == 0  # a right code clears the count, as a right one-time code does
    assert await world.remaining() == 8


async def test_a_new_set_voids_the_old_one_and_is_emailed(world: World) -> None:
    old = await world.issue()
    await world.use(old[0])
    new = await world.issue()
    assert not set(old) & set(new)
    assert await world.remaining() == 10
    assert (await world.use(old[1])).outcome is RecoveryOutcome.WRONG
    assert (await world.use(new[0])).ok
    replaced = await world.harness.notices_about("New recovery codes")
    assert [notice.to for notice in replaced] == ["alice@example.com"]
    assert (await world.harness.audit(AuditKind.RECOVERY_CODES_ISSUED))[-1].detail["replaced"] == 10


async def test_each_use_is_audited_and_emailed_and_two_or_fewer_left_is_said(world: World) -> None:
    codes = await world.issue()
    for code in codes[:8]:
        assert (await world.use(code)).ok
    uses = await world.harness.audit(AuditKind.RECOVERY_CODE_USED)
    assert [event.detail["remaining"] for event in uses] == [9, 8, 7, 6, 5, 4, 3, 2]
    assert {event.detail["by"] for event in uses} == {"owner"}
    notices = await world.harness.notices_about("recovery code was used")
    assert len(notices) == 8 and {notice.to for notice in notices} == {"alice@example.com"}
    assert "3 recovery codes left" in notices[6].body and "Two or fewer" not in notices[6].body
    assert "2 recovery codes left" in notices[7].body and "Two or fewer remain" in notices[7].body
    last = [await world.use(code) for code in codes[8:]]
    assert [(use.remaining, use.few_left) for use in last] == [(1, True), (0, True)]
    assert "no recovery codes left" in (await world.harness.notices_about("recovery code was used"))[-1].body
    written = repr(await world.harness.notices()) + repr(await world.harness.audit())
    assert not any(code in written or code.replace("-", "") in written for code in codes)


async def test_one_slow_hash_per_try_whether_or_not_the_code_is_right(world: World) -> None:
    codes = await world.issue()
    assert world.hasher.hashes == CODES_PER_SET
    for typed in (codes[0], "ZZZZ-ZZZZ", codes[1], "2345-6789"):
        before = world.hasher.verifies
        await world.use(typed)
        assert world.hasher.verifies == before + 1
    assert world.hasher.hashes == CODES_PER_SET + 1  # the stand-in for a try that finds no row, made once


async def test_a_set_hashed_before_the_transaction_is_not_hashed_again(world: World) -> None:
    prepared = await world.recovery.prepare()
    user = await world.alice()
    async with world.harness.uow_factory() as uow:
        codes = await world.recovery.issue(uow, user, world.harness.clock.now(), prepared)
        await uow.commit()
    assert codes == list(prepared.codes) and world.hasher.hashes == CODES_PER_SET
    assert (await world.use(codes[3])).ok


async def test_text_that_is_no_code_is_not_checked_or_counted(world: World) -> None:
    await world.issue()
    assert (await world.use("hello there")).outcome is RecoveryOutcome.NOT_A_CODE
    assert await world.failures() == 0 and world.hasher.verifies == 0


async def test_wrong_recovery_codes_and_wrong_one_time_codes_share_one_lockout(world: World) -> None:
    codes = await world.issue()
    user = await world.alice()
    async with world.harness.uow_factory() as uow:
        sent = await world.harness.codes.issue(uow, user, Purpose.ENABLE, Channel.EMAIL, "a@example.net")
        await uow.commit()
    assert sent.challenge is not None
    for _ in range(4):  # four wrong one-time codes (a fifth would end the challenge)
        async with world.harness.uow_factory() as uow:
            check = await world.harness.codes.verify(uow, sent.challenge.id, "000000")
            await uow.commit()
        assert check.result.outcome is VerifyOutcome.WRONG
    outcomes = [(await world.use(f"ZZZZ-ZZZ{n}")).outcome for n in range(6)]
    assert outcomes == [RecoveryOutcome.WRONG] * 6
    assert await world.failures() == POLICY.lockout_threshold
    [locked] = await world.harness.audit(AuditKind.USER_LOCKED)
    assert locked.detail["failures"] == POLICY.lockout_threshold
    refused = await world.use(codes[0])  # not checked while locked: the code stays unused
    assert refused.outcome is RecoveryOutcome.LOCKED and refused.retry_at == locked.at + POLICY.lockout_base
    assert await world.remaining() == 10
    async with world.harness.uow_factory() as uow:  # and the lock stops one-time codes too
        check = await world.harness.codes.verify(uow, sent.challenge.id, "000000")
    assert check.result.outcome is VerifyOutcome.LOCKED
    world.harness.clock.advance(seconds=POLICY.lockout_base.total_seconds())
    assert (await world.use(codes[0])).ok
    assert await world.failures() == 0


async def test_a_strangers_wrong_codes_lock_only_that_source_and_warn_the_owner(world: World) -> None:
    codes = await world.issue()
    stranger = login_source("203.0.113.9", "page")
    for n in range(POLICY.lockout_threshold):
        used = await world.use(f"ZZZZ-ZZ{n:02d}", stranger)
        assert used.outcome is RecoveryOutcome.WRONG
    assert used.retry_at is not None and used.retry_at > world.harness.clock.now()
    assert (await world.use(codes[0], stranger)).outcome is RecoveryOutcome.LOCKED
    [locked] = await world.harness.audit(AuditKind.SOURCE_LOCKED)
    assert locked.detail["by"] == "login"
    assert await world.harness.audit(AuditKind.OWNER_WARNED)  # the owner is told (domain.limits.warn_owner)
    assert await world.failures() == 0  # the owner's own count is untouched
    at_sign_in = await world.use(codes[0], login_source("198.51.100.7", "page"))
    assert at_sign_in.ok
    notice = (await world.harness.notices_about("recovery code was used"))[-1]
    assert "used to sign in" in notice.body


async def test_turning_2fa_off_can_discard_the_set(world: World) -> None:
    codes = await world.issue()
    user = await world.alice()
    async with world.harness.uow_factory() as uow:
        assert await world.recovery.discard(uow, user, world.harness.clock.now()) == 10
        await uow.commit()
    assert await world.remaining() == 0
    assert (await world.use(codes[0])).outcome is RecoveryOutcome.WRONG
    assert len(await world.harness.audit(AuditKind.RECOVERY_CODES_DISCARDED)) == 1
