"""Recovery codes in chat, through the conversation engine on fakes, SQLite and PostgreSQL (issue 15, 3):

- turning 2FA on (SMS or app) shows 10 codes once, as a secret reply, hashed with no transaction open;
  if they cannot be made, 2FA stays on and /status offers to get a set;
- a new set needs a code from the current method (the app's too) and voids the old set;
- someone who lost their phone types a recovery code, then changes the method (no code to the old
  destination) or turns 2FA off; each code works once, wrong ones count toward the lockout;
- turning 2FA off (any way) discards the set; a change of method keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import pyotp
import pytest

from domain.chat import faq
from domain.core.model import AuditKind, Method, Role, TwoFactorSetting, User
from domain.core.ports import UnitOfWork, UnitOfWorkFactory
from domain.wording import texts_faq, texts_recovery
from tests.support.fake_hashing import FakeSlowHasher
from tests.support.fakes import EPOCH
from tests.support.harness import Chat, Harness

CODE = re.compile(r"\b([0-9A-Z]{4}-[0-9A-Z]{4})\b")
APP_KEY = re.compile(r"\b((?:[A-Z2-7]{4} ){7}[A-Z2-7]{4})\b")
MOBILE = "+447400123456"


@dataclass
class Counting:
    """A unit-of-work factory that knows how many of its units are open (in a transaction) right now."""

    inner: UnitOfWorkFactory
    open: int = 0

    def __call__(self) -> Any:
        return _Counted(self)


@dataclass
class _Counted:
    factory: Counting
    unit: Any = None

    async def __aenter__(self) -> UnitOfWork:
        self.unit = self.factory.inner()
        entered = await self.unit.__aenter__()
        self.factory.open += 1
        return entered  # type: ignore[no-any-return]

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.factory.open -= 1
        await self.unit.__aexit__(kind, error, tb)


@dataclass
class WatchedHasher(FakeSlowHasher):
    """Notes how many transactions were open at each hash (a new set is hashed with none open)."""

    factory: Counting | None = None
    open_at_hash: list[int] = field(default_factory=list)
    broken: bool = False

    async def hash(self, secret: str) -> str:
        if self.broken:
            raise OSError("the hashing thread pool is gone")
        self.open_at_hash.append(self.factory.open if self.factory else -1)
        return await super().hash(secret)


@pytest.fixture
async def harness(uow_factory: UnitOfWorkFactory) -> Harness:
    counting = Counting(uow_factory)
    harness = Harness(counting, recovery_codes=True, hasher=WatchedHasher(factory=counting))
    await harness.seed()
    return harness


@pytest.fixture
async def chat(harness: Harness) -> Chat:
    chat = harness.chat()
    await harness.link(chat)
    return chat


def shown_codes(chat: Chat) -> list[str]:
    """The codes of the last reply that showed a set, which must be a secret reply."""
    reply = next(r for r in reversed(chat.seen) if "Your recovery codes" in r.text)
    assert reply.secret and reply.kept_as == texts_recovery.NOT_KEPT
    return CODE.findall(reply.text)


async def enable_by_sms(harness: Harness, chat: Chat) -> list[str]:
    await chat.say("/enable")
    await chat.press("method:sms")
    await chat.say("07400 123456")
    reply = await chat.say(harness.sms.last_code())
    assert "2FA is on" in reply and "Keep them somewhere safe" in reply
    return shown_codes(chat)


async def remaining(harness: Harness) -> int:
    assert harness.recovery is not None
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None
        return await harness.recovery.remaining(uow, alice)


async def test_turning_2fa_on_shows_ten_codes_once_hashed_with_no_transaction_open(
    harness: Harness, chat: Chat
) -> None:
    codes = await enable_by_sms(harness, chat)
    assert len(codes) == len(set(codes)) == 10
    hasher = harness.hasher
    assert isinstance(hasher, WatchedHasher)
    assert hasher.open_at_hash == [0] * 10  # every hash ran with no unit of work open
    assert await remaining(harness) == 10
    assert len(await harness.audit(AuditKind.RECOVERY_CODES_ISSUED)) == 1
    status = await chat.say("/status")
    assert "You have 10 recovery codes left" in status
    assert chat.buttons() == ["change", "disable", "newcodes"]
    assert not any(code in status for code in codes)


async def test_turning_2fa_on_with_the_app_shows_codes_too(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    reply = await chat.press("method:app")
    [grouped] = APP_KEY.findall(reply)
    totp = pyotp.TOTP(grouped.replace(" ", ""))
    assert "2FA is on" in await chat.say(totp.at(harness.clock.now()))
    assert len(shown_codes(chat)) == 10


async def test_if_the_codes_cannot_be_made_2fa_stays_on_and_status_offers_them(
    harness: Harness, chat: Chat
) -> None:
    hasher = harness.hasher
    assert isinstance(hasher, WatchedHasher)
    hasher.broken = True
    await chat.say("/enable")
    await chat.press("method:sms")
    await chat.say("07400 123456")
    reply = await chat.say(harness.sms.last_code())
    assert "2FA is on" in reply and texts_recovery.CODES_NOT_MADE in reply
    assert chat.buttons() == ["newcodes"]
    assert (await harness.setting()).method is Method.SMS
    assert "Recovery codes: none" in await chat.say("/status")
    assert chat.seen[-1].buttons[-1][0].label == texts_recovery.BUTTON_GET_CODES
    hasher.broken = False
    assert "type the code we sent" in await chat.press("newcodes")
    assert "right code" in await chat.say(harness.sms.last_code())
    assert len(shown_codes(chat)) == 10


async def test_a_new_set_needs_a_code_from_the_current_method_and_voids_the_old_set(
    harness: Harness, chat: Chat
) -> None:
    old = await enable_by_sms(harness, chat)
    assert "type the code we sent to +44" in await chat.say("/newcodes")
    wrong = f"{(int(harness.sms.last_code()) + 1) % 10**6:06d}"
    assert "not right" in await chat.say(wrong)
    assert await remaining(harness) == 10
    await chat.say(harness.sms.last_code())
    new = shown_codes(chat)
    assert len(new) == 10 and not set(new) & set(old)
    assert await harness.notices_about("New recovery codes were made")
    await chat.say("/lost")
    assert "not one of your unused recovery codes" in await chat.say(old[0])
    assert "That recovery code was right" in await chat.say(new[0])


async def test_a_new_set_for_an_app_user_takes_the_apps_code(harness: Harness, chat: Chat) -> None:
    await chat.say("/enable")
    [grouped] = APP_KEY.findall(await chat.press("method:app"))
    totp = pyotp.TOTP(grouped.replace(" ", ""))
    await chat.say(totp.at(harness.clock.now()))
    first = shown_codes(chat)
    assert "authenticator app shows" in await chat.say("/newcodes")
    harness.clock.advance(30)  # the next time step: each is accepted once
    assert "right code" in await chat.say(totp.at(harness.clock.now()))
    assert set(shown_codes(chat)).isdisjoint(first)


async def test_lost_phone_a_recovery_code_then_a_new_method_without_the_old_code(
    harness: Harness, chat: Chat
) -> None:
    codes = await enable_by_sms(harness, chat)
    sent_before = len(harness.sms.sent)
    assert "Type one of your recovery codes" in await chat.say("/lost")
    reply = await chat.say(codes[3].lower().replace("-", " "))  # any case, with or without the separator
    assert "That recovery code was right" in reply and "You have 9 recovery codes left" in reply
    assert chat.buttons() == ["recovered:change", "recovered:off", "cancel"]
    assert "How would you like to get your codes" in await chat.press("recovered:change")
    assert "method:email" in chat.buttons()
    await chat.press("method:email")
    await chat.say("alice.new@example.net")
    assert len(harness.sms.sent) == sent_before  # nothing went to the lost phone
    assert "Done!" in await chat.say(harness.email.last_code("alice.new@example.net"))
    setting = await harness.setting()
    assert (setting.method, setting.destination) == (Method.EMAIL, "alice.new@example.net")
    assert await remaining(harness) == 9  # a change of method keeps the set
    assert await harness.notices_about("A recovery code was used")
    await chat.say("/lost")
    assert "not one of your unused recovery codes" in await chat.say(codes[3])  # each works once


async def test_lost_phone_a_recovery_code_then_2fa_off_discards_the_set(harness: Harness, chat: Chat) -> None:
    codes = await enable_by_sms(harness, chat)
    await chat.say("/lost")
    await chat.say(codes[0])
    assert "2FA is now off" in await chat.press("recovered:off")
    assert (await harness.setting()).method is Method.NONE
    assert await remaining(harness) == 0
    [event] = await harness.audit(AuditKind.TWOFA_DISABLED)
    assert event.detail["recovery_codes_discarded"] == 10  # the set, the used code included
    [notice] = await harness.notices_about("Two-factor authentication was turned off")
    assert texts_recovery.NOTICE_BY_RECOVERY_CODE in notice.body
    assert "nothing to use a recovery code for" in await chat.say("/lost")


async def test_the_choice_lapses_with_the_time_a_code_would_allow(harness: Harness, chat: Chat) -> None:
    codes = await enable_by_sms(harness, chat)
    await chat.say("/lost")
    await chat.say(codes[0])
    harness.clock.advance(16 * 60)
    assert "more than 15 minutes ago" in await chat.press("recovered:off")
    assert (await harness.setting()).method is Method.SMS
    await chat.say("/lost")
    await chat.say(codes[1])
    harness.clock.advance(12 * 60)
    await chat.press("recovered:change")
    await chat.press("method:email")
    await chat.say("alice.new@example.net")
    harness.clock.advance(4 * 60)  # the new code is 4 minutes old (it lasts 5); the recovery code, 16
    reply = await chat.say(harness.email.last_code("alice.new@example.net"))
    assert "no longer active and nothing was changed" in reply
    assert (await harness.setting()).method is Method.SMS


async def test_wrong_recovery_codes_lock_as_wrong_codes_do_and_two_left_is_told(
    harness: Harness, chat: Chat
) -> None:
    codes = await enable_by_sms(harness, chat)
    for code in codes[:8]:
        await chat.say("/lost")
        await chat.say(code)
        await chat.say("/cancel")
    status = await chat.say("/status")
    assert "You have 2 recovery codes left" in status and "Two or fewer remain" in status
    [notice, *_] = [n for n in reversed(await harness.notices()) if "recovery code was used" in n.subject]
    assert "Two or fewer remain" in notice.body
    await chat.say("/lost")
    threshold = harness.policy.lockout_threshold
    for _ in range(threshold):
        reply = await chat.say("ZZZZ-ZZZZ")
    assert "blocked until" in reply
    assert "blocked until" in await chat.say(codes[9])  # locked: not even checked
    assert await remaining(harness) == 2


async def test_turning_2fa_off_with_a_code_discards_the_set(harness: Harness, chat: Chat) -> None:
    await enable_by_sms(harness, chat)
    await chat.say("/disable")
    await chat.press("disable:yes")
    await chat.say(harness.sms.last_code())
    assert await remaining(harness) == 0
    assert [e.detail["recovery_codes_discarded"] for e in await harness.audit(AuditKind.TWOFA_DISABLED)] == [
        10
    ]


async def test_the_command_list_and_the_flows_name_the_recovery_flows(harness: Harness, chat: Chat) -> None:
    await enable_by_sms(harness, chat)
    help_text = await chat.say("/help")
    assert "/newcodes" in help_text and "/lost" in help_text
    await chat.say("/lost")
    asked = await chat.say("/newcodes")
    assert "We are in the middle of using a recovery code" in asked
    assert "make new recovery codes instead?" in asked
    assert "Type one of your recovery codes" in await chat.press("stay")


async def test_no_recovery_codes_left_points_to_the_account_manager(harness: Harness, chat: Chat) -> None:
    await enable_by_sms(harness, chat)
    async with harness.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None
        await uow.recovery_codes.delete_for_user(alice.key)
        await uow.commit()
    assert "no recovery codes to use" in await chat.say("/lost")
    assert chat.buttons() == ["request", "support"]


async def test_the_lost_access_answer_offers_a_recovery_code_while_2fa_is_on(harness: Harness) -> None:
    user = User(1, 1, "Alice", "alice@example.com", Role.MEMBER)
    on = faq.answer("lost_access", user, TwoFactorSetting(1, Method.SMS, MOBILE, EPOCH))
    assert texts_faq.FAQ_LOST_ACCESS in on.text and "recovery codes" in on.text  # the article's answer, kept
    assert [b.data for row in on.buttons for b in row] == ["lost", "request", "support"]
    off = faq.answer("lost_access", user, TwoFactorSetting(1))
    assert off.text == texts_faq.FAQ_LOST_ACCESS
