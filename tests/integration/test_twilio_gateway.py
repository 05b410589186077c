"""The real `TwilioSmsSender` against `FakeTwilio` over loopback HTTP: delivery, the mapping of Twilio's
error codes to delivery problems, outages and timeouts, secrecy of codes and tokens, and session ownership."""

from __future__ import annotations

import asyncio
import gc
import logging
import traceback
import warnings
from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest
import pytest_asyncio

from domain.core.model import OutgoingSms
from domain.core.ports import DeliveryError, DeliveryProblem
from gateways.twilio import TwilioSmsSender
from tests.support.fake_twilio import FakeTwilio, ReceivedSms

FROM = "+15005550006"
TO = "+447700900123"
CODE = "482916"
SMS = OutgoingSms(to=TO, body=f"Your twofa code is {CODE}. It expires in 5 minutes.")


def sender_for(fake: FakeTwilio, *, auth_token: str | None = None, timeout: float = 2.0) -> TwilioSmsSender:
    token = fake.auth_token if auth_token is None else auth_token
    return TwilioSmsSender(fake.account_sid, token, FROM, api_url=fake.api_url, timeout=timeout)


@pytest_asyncio.fixture
async def sender(fake_twilio: FakeTwilio) -> AsyncIterator[TwilioSmsSender]:
    async with sender_for(fake_twilio) as sender:
        yield sender


async def refusal(sender: TwilioSmsSender, sms: OutgoingSms = SMS) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        await sender.send_sms(sms)
    return caught.value


def texts_of(error: DeliveryError) -> list[str]:
    """Everything an error can show: its text, repr, detail, and the whole traceback with its causes."""
    return [str(error), repr(error), error.detail, "".join(traceback.format_exception(error))]


def leaked(texts: list[str], token: str) -> list[str]:
    """The secrets (code, body, token, destination number) that appear in any of `texts`."""
    return [
        secret for secret in (SMS.body, CODE, token, TO, TO.lstrip("+")) if any(secret in t for t in texts)
    ]


# --- delivery --------------------------------------------------------------------------------------


async def test_an_sms_reaches_twilio_with_its_to_from_and_body(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    await sender.send_sms(SMS)

    received = await fake_twilio.wait_for()
    assert (received.to, received.from_, received.body) == (TO, FROM, SMS.body)
    assert received.sid.startswith("SM") and len(received.sid) == 34
    assert fake_twilio.last_code(TO) == CODE


async def test_a_body_with_accents_emoji_and_newlines_arrives_unchanged(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    body = f"Code : {CODE} ✓\nValable 5 min — à bientôt & merci=oui+non 🔐"
    await sender.send_sms(OutgoingSms(TO, body))

    assert (await fake_twilio.wait_for()).body == body


async def test_concurrent_sends_all_arrive_through_one_sender(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    numbers = [f"+4477009001{n:02d}" for n in range(8)]
    await asyncio.gather(*(sender.send_sms(OutgoingSms(to, f"code {CODE}")) for to in numbers))

    assert sorted(sms.to for sms in fake_twilio.messages) == numbers


async def test_wait_for_returns_the_first_matching_sms_after_an_index(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    await sender.send_sms(OutgoingSms(TO, "code 111111"))
    await sender.send_sms(OutgoingSms(TO, "code 222222"))

    second: ReceivedSms = await fake_twilio.wait_for(lambda sms: sms.to == TO, after=1)
    assert second.body == "code 222222"
    assert fake_twilio.last_code(TO) == "222222"
    with pytest.raises(AssertionError, match="no matching SMS"):
        await fake_twilio.wait_for(lambda sms: sms.to == "+33612345678", timeout=0.05)


# --- Twilio's error codes ------------------------------------------------------------------------

ERROR_CODES = [
    (21211, 400, DeliveryProblem.INVALID_DESTINATION),
    (21614, 400, DeliveryProblem.INVALID_DESTINATION),
    (21635, 400, DeliveryProblem.INVALID_DESTINATION),
    (21265, 400, DeliveryProblem.INVALID_DESTINATION),
    (21217, 400, DeliveryProblem.INVALID_DESTINATION),
    (21610, 400, DeliveryProblem.UNREACHABLE),
    (21612, 400, DeliveryProblem.UNREACHABLE),
    (30003, 400, DeliveryProblem.UNREACHABLE),
    (30005, 400, DeliveryProblem.UNREACHABLE),
    (30006, 400, DeliveryProblem.UNREACHABLE),
    (21408, 400, DeliveryProblem.REGION_NOT_PERMITTED),
    (21215, 400, DeliveryProblem.REGION_NOT_PERMITTED),
    (20003, 401, DeliveryProblem.UNAVAILABLE),
    (20429, 429, DeliveryProblem.UNAVAILABLE),
    (21401, 400, DeliveryProblem.UNAVAILABLE),  # the 'From' number is not one of ours
    (21606, 400, DeliveryProblem.UNAVAILABLE),
    (21607, 400, DeliveryProblem.UNAVAILABLE),
    (21608, 400, DeliveryProblem.UNAVAILABLE),  # trial account, unverified 'To'
    (20500, 500, DeliveryProblem.UNAVAILABLE),
    (99999, 400, DeliveryProblem.UNAVAILABLE),  # a code this gateway has never heard of
]


@pytest.mark.parametrize(("code", "status", "problem"), ERROR_CODES)
async def test_each_twilio_error_code_becomes_its_delivery_problem_with_the_code_as_detail(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio, code: int, status: int, problem: DeliveryProblem
) -> None:
    fake_twilio.fail_next(code, status)

    error = await refusal(sender)

    assert error.problem is problem
    assert error.detail == f"twilio {code} (HTTP {status})"
    assert fake_twilio.messages == []


async def test_a_destination_code_in_a_server_error_still_means_twilio_is_unavailable(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.fail_next(21211, status=500)

    assert (await refusal(sender)).problem is DeliveryProblem.UNAVAILABLE


async def test_a_failing_number_is_refused_while_other_numbers_are_delivered(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.numbers_failing[TO] = 21610

    assert (await refusal(sender)).problem is DeliveryProblem.UNREACHABLE
    await sender.send_sms(OutgoingSms("+447700900999", f"code {CODE}"))
    assert [sms.to for sms in fake_twilio.messages] == ["+447700900999"]


async def test_failures_injected_for_several_times_end_after_that_many_requests(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.fail_next(20503, status=503, times=2)  # not 429: after a 429 no call is made for a while

    assert (await refusal(sender)).problem is DeliveryProblem.UNAVAILABLE
    assert (await refusal(sender)).problem is DeliveryProblem.UNAVAILABLE
    await sender.send_sms(SMS)
    assert fake_twilio.attempts == 3 and len(fake_twilio.messages) == 1


@pytest.mark.parametrize(
    ("sms", "from_number", "code"),
    [(SMS, "", 21603), (OutgoingSms(TO, ""), FROM, 21602), (OutgoingSms("", "code"), FROM, 21604)],
)
async def test_a_missing_form_field_is_refused_with_twilios_code_as_a_gateway_problem(
    fake_twilio: FakeTwilio, sms: OutgoingSms, from_number: str, code: int
) -> None:
    async with TwilioSmsSender(
        fake_twilio.account_sid, fake_twilio.auth_token, from_number, api_url=fake_twilio.api_url
    ) as sender:
        error = await refusal(sender, sms)

    assert (error.problem, error.detail) == (DeliveryProblem.UNAVAILABLE, f"twilio {code} (HTTP 400)")


# --- credentials, outages, timeouts --------------------------------------------------------------


async def test_a_wrong_auth_token_makes_the_gateway_unavailable(fake_twilio: FakeTwilio) -> None:
    async with sender_for(fake_twilio, auth_token="not-the-token") as sender:
        error = await refusal(sender)

    assert (error.problem, error.detail) == (DeliveryProblem.UNAVAILABLE, "twilio 20003 (HTTP 401)")
    assert fake_twilio.messages == []


async def test_a_wrong_account_sid_makes_the_gateway_unavailable(fake_twilio: FakeTwilio) -> None:
    other_sid = "AC" + "0" * 32
    async with TwilioSmsSender(
        other_sid, fake_twilio.auth_token, FROM, api_url=fake_twilio.api_url
    ) as sender:
        error = await refusal(sender)

    assert (error.problem, error.detail) == (DeliveryProblem.UNAVAILABLE, "twilio 20003 (HTTP 401)")


async def test_an_outage_answering_503_with_a_web_page_makes_the_gateway_unavailable_until_it_ends(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.down()
    error = await refusal(sender)
    assert (error.problem, error.detail) == (DeliveryProblem.UNAVAILABLE, "twilio HTTP 503")

    fake_twilio.up()
    await sender.send_sms(SMS)
    assert len(fake_twilio.messages) == 1


async def test_an_unparseable_success_answer_makes_the_gateway_unavailable(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    fake_twilio.garble_next()

    error = await refusal(sender)

    assert (error.problem, error.detail) == (
        DeliveryProblem.UNAVAILABLE,
        "twilio HTTP 201 without a message sid",
    )


async def test_a_stopped_server_refusing_connections_makes_the_gateway_unavailable(
    fake_twilio: FakeTwilio,
) -> None:
    async with sender_for(fake_twilio) as sender:
        await fake_twilio.stop()
        error = await refusal(sender)

    assert error.problem is DeliveryProblem.UNAVAILABLE
    assert error.detail.startswith("twilio unreachable (")
    assert leaked(texts_of(error), fake_twilio.auth_token) == []


async def test_a_slow_twilio_makes_the_gateway_unavailable_within_the_configured_timeout(
    fake_twilio: FakeTwilio,
) -> None:
    fake_twilio.response_delay = 5.0
    loop = asyncio.get_running_loop()
    async with sender_for(fake_twilio, timeout=0.3) as sender:
        started = loop.time()
        error = await refusal(sender)
        elapsed = loop.time() - started

    assert error.problem is DeliveryProblem.UNAVAILABLE
    assert error.detail.startswith("twilio unreachable (")
    assert 0.25 <= elapsed < 2.0
    assert leaked(texts_of(error), fake_twilio.auth_token) == []


# --- secrecy ---------------------------------------------------------------------------------------


def arrange_success(fake: FakeTwilio) -> None:
    """Nothing to arrange: the SMS is accepted."""


SCENARIOS: dict[str, Callable[[FakeTwilio], None]] = {
    "accepted": arrange_success,
    "invalid number": lambda fake: fake.fail_next(21211),
    "unsubscribed": lambda fake: fake.numbers_failing.__setitem__(TO, 21610),
    "throttled": lambda fake: fake.fail_next(20429, status=429),
    "outage": lambda fake: fake.down(),
    "garbled": lambda fake: fake.garble_next(),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
async def test_no_exception_text_or_log_line_holds_the_body_the_token_or_the_number(
    fake_twilio: FakeTwilio, caplog: pytest.LogCaptureFixture, scenario: str
) -> None:
    caplog.set_level(logging.DEBUG)
    SCENARIOS[scenario](fake_twilio)
    texts: list[str] = []
    async with sender_for(fake_twilio) as sender:
        texts.append(repr(sender))
        try:
            await sender.send_sms(SMS)
        except DeliveryError as error:
            texts += texts_of(error)

    texts += [record.getMessage() for record in caplog.records]
    texts += [record.exc_text or "" for record in caplog.records]
    assert caplog.records, "the gateway logged nothing, so this test would prove nothing"
    assert leaked(texts, fake_twilio.auth_token) == []


async def test_wrong_credentials_do_not_leak_the_token_that_was_tried(
    fake_twilio: FakeTwilio, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with sender_for(fake_twilio, auth_token="wrong-token-4f9a1c") as sender:
        error = await refusal(sender)

    assert leaked([*texts_of(error), caplog.text], "wrong-token-4f9a1c") == []


# --- the session -----------------------------------------------------------------------------------


def test_constructing_a_sender_opens_nothing_and_needs_no_event_loop() -> None:
    sender = TwilioSmsSender("AC" + "1" * 32, "secret-token", FROM)

    assert "secret-token" not in repr(sender)


async def test_closing_the_sender_releases_the_session_it_opened_without_a_resource_warning(
    fake_twilio: FakeTwilio, caplog: pytest.LogCaptureFixture
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sender = sender_for(fake_twilio)
        await sender.send_sms(SMS)
        await sender.aclose()
        await sender.aclose()  # a second close is harmless
        del sender
        gc.collect()

    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []
    assert "Unclosed" not in caplog.text


async def test_a_sender_used_again_after_closing_opens_a_new_session(
    sender: TwilioSmsSender, fake_twilio: FakeTwilio
) -> None:
    await sender.send_sms(SMS)
    await sender.aclose()
    await sender.send_sms(SMS)  # the fixture closes it again

    assert len(fake_twilio.messages) == 2


async def test_an_injected_session_is_used_and_left_open_for_its_owner(fake_twilio: FakeTwilio) -> None:
    requests: list[str] = []

    async def on_request_start(
        session: aiohttp.ClientSession, context: object, params: aiohttp.TraceRequestStartParams
    ) -> None:
        requests.append(params.method)

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_request_start)
    async with aiohttp.ClientSession(trace_configs=[trace]) as session:
        sender = TwilioSmsSender(
            fake_twilio.account_sid,
            fake_twilio.auth_token,
            FROM,
            api_url=fake_twilio.api_url,
            session=session,
        )
        async with sender:
            await sender.send_sms(SMS)

        assert not session.closed
        assert requests == ["POST"]
        assert len(fake_twilio.messages) == 1
