"""The demo site in a real headless Chromium: password, then a code by email, SMS or the app, through
the product's login API on loopback; wrong codes, resend, a remembered device and a lockout."""

from __future__ import annotations

from typing import Any

from tests.browser.site_world import (
    ALICE,
    ALICE_MOBILE,
    BOB,
    CAROL,
    CAROL_2FA,
    DAVE,
    LOCK_AFTER,
    SiteWorld,
    wrong,
)


async def visit_cookie(world: SiteWorld) -> dict[str, Any]:
    cookies = [c for c in await world.page.cookies() if c["name"] == "demo_visit"]
    assert len(cookies) == 1
    return cookies[0]


async def test_a_code_by_email_signs_in(world: SiteWorld) -> None:
    await world.sign_in(CAROL)
    sent_to = await world.page.wait_text("#sent-to", "We sent a code by email to")
    assert CAROL_2FA not in sent_to and "@example.net" in sent_to  # masked
    before = await visit_cookie(world)
    await world.page.type("#code", await world.emailed_code(CAROL_2FA))
    await world.page.submit("#verify")
    await world.page.wait_text("h1", "Signed in")
    assert await world.page.text("#who") == CAROL
    after = await visit_cookie(world)
    assert after["value"] != before["value"] and after["httpOnly"] is True  # a new id once signed in
    assert "with the code sent to" in await world.page.text("#how")
    await world.shot("signed-in-by-email")


async def test_a_wrong_sms_code_says_how_many_tries_are_left_then_the_right_one_signs_in(
    world: SiteWorld,
) -> None:
    await world.sign_in(ALICE)
    await world.page.wait_text("#sent-to", "We sent a code by SMS to")
    code = await world.texted_code(ALICE_MOBILE)
    await world.page.type("#code", wrong(code))
    await world.page.submit("#verify")
    assert await world.page.wait_text("#notice", "not right") == "That code is not right. 4 tries left."
    await world.shot("wrong-code")
    await world.page.type("#code", code)
    await world.page.submit("#verify")
    await world.page.wait_text("h1", "Signed in")
    await world.shot("signed-in-after-a-wrong-code")


async def test_an_app_user_types_the_apps_code_and_nothing_is_sent(world: SiteWorld) -> None:
    await world.sign_in(DAVE)
    await world.page.wait_text("#sent-to", "Type the code your authenticator app shows.")
    assert not await world.page.exists("#resend")  # nothing is sent, so nothing to send again
    await world.page.type("#code", world.totp.now())
    await world.page.submit("#verify")
    await world.page.wait_text("h1", "Signed in")
    assert world.smtp.messages == [] and world.twilio.messages == []
    await world.shot("signed-in-with-the-app")


async def test_a_remembered_device_skips_the_second_step_next_time(world: SiteWorld) -> None:
    await world.sign_in(CAROL)
    await world.page.wait_text("#sent-to", "by email")
    await world.page.type("#code", await world.emailed_code(CAROL_2FA))
    await world.page.click("#remember")
    await world.page.submit("#verify")
    assert "remembered for 30 days" in await world.page.wait_text("#how", "code")
    device = [c for c in await world.page.cookies() if c["name"] == "demo_device"]
    assert len(device) == 1 and device[0]["httpOnly"] is True  # no script on the page can read it
    await world.page.submit("#sign-out")
    await world.page.wait_text("#notice", "You are signed out.")
    sent = len(world.smtp.messages)
    await world.sign_in(CAROL)
    assert "on a remembered device" in await world.page.wait_text("#how", "remembered")
    assert len(world.smtp.messages) == sent  # no second code
    await world.shot("signed-in-on-a-remembered-device")


async def test_wrong_codes_in_a_row_lock_this_browsers_address_with_the_time_to_wait(
    world: SiteWorld,
) -> None:
    await world.sign_in(ALICE)
    await world.page.wait_text("#sent-to", "SMS")
    code = await world.texted_code(ALICE_MOBILE)
    for _ in range(LOCK_AFTER):
        await world.page.type("#code", wrong(code))
        await world.page.submit("#verify")
    await world.page.type("#code", code)  # even the right code, now
    await world.page.submit("#verify")
    notice = await world.page.wait_text("#notice", "blocked")
    assert notice.startswith("Too many wrong codes: sign-in codes are blocked from here until ")
    assert await world.page.exists("#notice [data-countdown]")
    await world.shot("locked-out")


async def test_resend_too_soon_waits_with_a_countdown(world: SiteWorld) -> None:
    await world.sign_in(ALICE)
    await world.page.wait_text("#sent-to", "SMS")
    await world.page.submit("#resend")
    await world.page.wait_text("#notice", "You can ask for another at")
    assert await world.page.attribute("#resend", "disabled") is not None
    seconds = int(await world.page.attribute(".countdown [data-enables=resend]", "data-countdown") or 0)
    assert 0 < seconds <= 61
    await world.shot("resend-countdown")


async def test_no_second_factor_and_a_wrong_password(world: SiteWorld) -> None:
    await world.sign_in(BOB, "not-demo")
    assert await world.page.wait_text("#notice", "Wrong") == "Wrong email or password."
    await world.sign_in(BOB)
    assert "has no two-step verification yet" in await world.page.wait_text("#how", "password")
