"""More of the demo site in a real headless Chromium: a recovery code in place of the code, codes that
time out (the resend countdown, an expired code), and a sign-in on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.browser.site_world import ALICE, ALICE_MOBILE, CAROL, CAROL_2FA, SiteWorld, site_world, wrong
from tests.browser.webdriver import Browser
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp import SmtpSink


async def test_a_recovery_code_in_place_of_the_code(world: SiteWorld) -> None:
    async with world.services.uow_factory() as uow:
        alice = await uow.users.get_by_email(ALICE)
        assert alice is not None
        codes = await world.services.recovery.issue(uow, alice, world.services.clock.now())
        await uow.commit()
    await world.sign_in(ALICE)
    await world.page.wait_text("#sent-to", "SMS")
    await world.page.submit("#use-recovery")
    await world.page.wait_text("label[for=code]", "recovery codes")
    await world.page.type("#code", "ZZZZ-ZZZZ")
    await world.page.submit("#verify")
    assert (await world.page.wait_text("#notice", "not right")).startswith("That recovery code is not right.")
    await world.page.type("#code", codes[0].lower())  # read in any case
    await world.page.submit("#verify")
    assert await world.page.wait_text("#how", "recovery") == "You signed in with a recovery code (9 left)."
    await world.shot("signed-in-with-a-recovery-code")


@pytest.fixture
async def quick_world(
    tmp_path: Path, browser: Browser, smtp_sink: SmtpSink, fake_twilio: FakeTwilio
) -> AsyncIterator[SiteWorld]:
    """Codes that expire in 4 s and may be sent again after 2 s."""
    settings = {"otp_lifetime_seconds": 4, "otp_resend_cooldown_seconds": 2}
    async with site_world(tmp_path, browser, smtp_sink, fake_twilio, **settings) as running:
        yield running


async def test_the_resend_countdown_gives_the_button_back_and_the_code_goes_again(
    quick_world: SiteWorld,
) -> None:
    world = quick_world
    await world.sign_in(CAROL)
    await world.page.wait_text("#sent-to", "email")
    await world.page.submit("#resend")
    await world.page.wait_text("#notice", "You can ask for another at")
    assert await world.page.attribute("#resend", "disabled") is not None
    for _ in range(100):  # the page's script counts down and enables the button (no reload)
        if await world.page.attribute("#resend", "disabled") is None:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the resend button stayed disabled")
    await world.page.submit("#resend")
    assert (await world.page.wait_text("#notice", "sent again")).startswith("The code was sent again to ")
    await world.smtp.wait_for(lambda _: len(world.smtp.messages) >= 2)


async def test_an_expired_code_sends_the_user_back_to_sign_in_again(quick_world: SiteWorld) -> None:
    world = quick_world
    await world.sign_in(CAROL)
    await world.page.wait_text("#sent-to", "email")
    code = await world.emailed_code(CAROL_2FA)
    await asyncio.sleep(4.5)
    await world.page.type("#code", code)
    await world.page.submit("#verify")
    assert await world.page.wait_text("#notice", "expired") == (
        "This sign-in has expired. Sign in again to get a new one."
    )
    assert await world.page.exists("#sign-in")
    await world.shot("expired")


@pytest.mark.postgres
async def test_a_wrong_code_then_the_right_one_and_a_remembered_device_on_postgres(
    tmp_path: Path,
    browser: Browser,
    smtp_sink: SmtpSink,
    fake_twilio: FakeTwilio,
    postgres_database_url: str,
    postgres_engine: object,  # every table emptied for this test
) -> None:
    async with site_world(
        tmp_path, browser, smtp_sink, fake_twilio, database_url=postgres_database_url
    ) as world:
        await world.sign_in(ALICE)
        await world.page.wait_text("#sent-to", "SMS")
        code = await world.texted_code(ALICE_MOBILE)
        await world.page.type("#code", wrong(code))
        await world.page.submit("#verify")
        await world.page.wait_text("#notice", "4 tries left")
        await world.page.type("#code", code)
        await world.page.click("#remember")
        await world.page.submit("#verify")
        await world.page.wait_text("h1", "Signed in")
        await world.page.submit("#sign-out")
        await world.sign_in(ALICE)
        assert "on a remembered device" in await world.page.wait_text("#how", "remembered")
        assert len(world.twilio.messages) == 1
        await world.shot("remembered-on-postgres")
