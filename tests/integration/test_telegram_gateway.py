"""The real `TelegramGateway` client against `FakeTelegramGateway` over loopback HTTP: the four methods,
`request_id` reuse, the mapping of errors to delivery problems, hangs, secrecy of the code and the token,
and the report signature check."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
import traceback
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from domain.core.ports import DeliveryError, DeliveryProblem
from gateways.telegram_gateway import TelegramGateway, report_signature_ok, sign_report
from tests.support.fake_telegram_gateway import FakeTelegramGateway

NUMBER = "+447700900123"
CODE = "482916"


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeTelegramGateway]:
    async with FakeTelegramGateway() as server:
        yield server


@pytest_asyncio.fixture
async def client(fake: FakeTelegramGateway) -> AsyncIterator[TelegramGateway]:
    async with TelegramGateway(fake.token, fake.api_url, timeout=1.0, callback_url="https://x/r") as gateway:
        yield gateway


async def refusal(coroutine: object) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        await coroutine  # type: ignore[misc]
    return caught.value


async def test_a_checked_number_gets_our_code_with_the_same_request_id_ttl_and_callback(
    fake: FakeTelegramGateway, client: TelegramGateway
) -> None:
    checked = await client.check_send_ability(NUMBER)
    sent = await client.send_verification_message(NUMBER, CODE, 300, checked.request_id)
    assert sent.request_id == checked.request_id
    assert sent.delivery_status == "sent"
    [message] = fake.messages
    assert (message.phone_number, message.code, message.ttl) == (NUMBER, CODE, 300)
    assert message.request_id == checked.request_id
    assert message.callback_url == "https://x/r"
    assert fake.calls == ["checksendability", "sendverificationmessage"]
    # the checked request id pays for one send only: a second is refused by the gateway
    assert (await refusal(client.send_verification_message(NUMBER, CODE, 300, checked.request_id))).problem
    status = await client.check_verification_status(sent.request_id, CODE)
    assert status.request_id == sent.request_id
    assert await client.revoke_verification_message(sent.request_id) is True


async def test_ttl_is_kept_within_what_every_version_of_the_docs_accepts(
    fake: FakeTelegramGateway, client: TelegramGateway
) -> None:
    await client.send_verification_message(NUMBER, CODE, 10)
    await client.send_verification_message(NUMBER, CODE, 100_000)
    assert [m.ttl for m in fake.messages] == [60, 3600]


async def test_a_number_telegram_cannot_reach_is_unreachable(
    fake: FakeTelegramGateway, client: TelegramGateway
) -> None:
    fake.unreachable.add(NUMBER)
    assert (await refusal(client.check_send_ability(NUMBER))).problem is DeliveryProblem.UNREACHABLE
    assert (await refusal(client.check_send_ability("+44abc"))).problem is DeliveryProblem.INVALID_DESTINATION


@pytest.mark.parametrize(("status", "error"), [(200, "BALANCE_NOT_ENOUGH"), (502, ""), (400, "FLOOD_WAIT_5")])
async def test_errors_and_outages_are_unavailable(
    fake: FakeTelegramGateway, client: TelegramGateway, status: int, error: str
) -> None:
    fake.fail_next(error, status)
    assert (await refusal(client.check_send_ability(NUMBER))).problem is DeliveryProblem.UNAVAILABLE


async def test_a_wrong_token_is_unavailable_not_the_numbers_fault(fake: FakeTelegramGateway) -> None:
    async with TelegramGateway("wrong", fake.api_url, timeout=1.0) as gateway:
        assert (await refusal(gateway.check_send_ability(NUMBER))).problem is DeliveryProblem.UNAVAILABLE


async def test_a_hanging_gateway_is_cut_at_the_timeout(fake: FakeTelegramGateway) -> None:
    fake.hang()
    async with TelegramGateway(fake.token, fake.api_url, timeout=0.3) as gateway:
        started = time.monotonic()
        assert (await refusal(gateway.check_send_ability(NUMBER))).problem is DeliveryProblem.UNAVAILABLE
        assert time.monotonic() - started < 2.0


async def test_codes_the_gateway_cannot_take_are_not_sent(
    fake: FakeTelegramGateway, client: TelegramGateway
) -> None:
    assert (await refusal(client.send_verification_message(NUMBER, "123456789", 300))).problem
    assert fake.calls == []


async def test_neither_code_nor_token_reaches_errors_or_logs(
    fake: FakeTelegramGateway, client: TelegramGateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail_next("INTERNAL_ERROR")
    error = await refusal(client.send_verification_message(NUMBER, CODE, 300))
    shown = [str(error), repr(error), error.detail, "".join(traceback.format_exception(error)), caplog.text]
    shown.append(repr(client))
    assert not [text for text in shown if CODE in text or fake.token in text]


def test_the_report_signature_is_hmac_sha256_keyed_with_the_tokens_sha256() -> None:
    body, stamp = b'{"request_id":"r1"}', "1700000000"
    signature = sign_report("tok", stamp, body)
    by_the_docs = hmac.new(hashlib.sha256(b"tok").digest(), stamp.encode() + b"\n" + body, "sha256")
    assert signature == by_the_docs.hexdigest()
    assert report_signature_ok("tok", stamp, body, signature)
    assert report_signature_ok("tok", stamp, body, signature.upper())
    assert not report_signature_ok("other", stamp, body, signature)
    assert not report_signature_ok("tok", "1700000001", body, signature)
    assert not report_signature_ok("tok", stamp, body + b" ", signature)
    assert not report_signature_ok("tok", stamp, body, "é" * 64)
