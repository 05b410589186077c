"""The page's side of "Approve in Telegram", in a real headless Chromium, against a loopback server
speaking the approval contract (tests/browser/fake_approval_api.py): the number to match and the live
waiting state, the long poll, a code box when the user asks for a code instead, and a denial."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from demo_site.pages import SiteConfig
from demo_site.passwords import DemoPasswords
from demo_site.site import start_site
from tests.browser.fake_approval_api import CHAT_CODE, KEY, NUMBER, FakeApprovalApi
from tests.browser.webdriver import Browser, Page

ERIN = "erin@example.com"


@dataclass
class ApprovalWorld:
    page: Page
    api: FakeApprovalApi
    shots: Path

    async def sign_in(self) -> None:
        await self.page.open("/")
        await self.page.type("#email", ERIN)
        await self.page.type("#password", "demo")
        await self.page.submit("#sign-in-button")
        assert await self.page.wait_text("#number", NUMBER) == NUMBER
        assert "Waiting for you in Telegram" in await self.page.text("#state")


@pytest.fixture
async def world(tmp_path: Path, browser: Browser) -> AsyncIterator[ApprovalWorld]:
    async with FakeApprovalApi() as api:
        passwords = await DemoPasswords.for_accounts([ERIN])
        site = await start_site(SiteConfig(api.url, KEY), passwords, port=0)
        try:
            async with aiohttp.ClientSession() as http:
                page = Page(browser, http, site.url)
                await page.open("/")
                await page.forget_cookies()
                yield ApprovalWorld(page, api, tmp_path / "screenshots")
        finally:
            await site.aclose()


async def test_the_number_waits_live_and_a_tap_in_telegram_signs_in_remembering_the_device(
    world: ApprovalWorld,
) -> None:
    await world.sign_in()
    await world.page.screenshot(world.shots / "waiting-for-telegram.png")
    await world.page.click("#remember")
    for _ in range(200):  # the page's script is holding a long poll
        if 25 in world.api.waits:
            break
        await asyncio.sleep(0.025)
    assert 25 in world.api.waits
    world.api.approve()
    await world.page.wait_text("h1", "Signed in")
    assert await world.page.text("#how") == (
        "You signed in by tapping the number in Telegram; this device is remembered for 30 days."
    )
    assert world.api.verifies == [{"remember_device": True}]  # neither code nor recovery code
    await world.page.screenshot(world.shots / "signed-in-by-telegram.png")


async def test_send_me_a_code_instead_turns_the_page_into_a_code_box(world: ApprovalWorld) -> None:
    await world.sign_in()
    world.api.send_code_instead()
    await world.page.wait_text("#sent-to", "We sent a code to your Telegram chat.")
    await world.page.type("#code", "000000")
    await world.page.submit("#verify")
    assert await world.page.wait_text("#notice", "not right") == "That code is not right. 4 tries left."
    await world.page.type("#code", CHAT_CODE)
    await world.page.submit("#verify")
    how = await world.page.wait_text("#how", "code")
    assert how == "You signed in with the code sent to your Telegram chat."


async def test_a_wrong_number_or_this_wasnt_me_denies_the_sign_in(world: ApprovalWorld) -> None:
    await world.sign_in()
    world.api.deny()
    notice = await world.page.wait_text("#notice", "denied")
    assert notice.startswith("The sign-in was denied in Telegram")
    assert await world.page.exists("#sign-in")
    await world.page.screenshot(world.shots / "denied.png")


async def test_the_button_says_still_waiting_until_approved_then_signs_in(world: ApprovalWorld) -> None:
    """ "I have tapped it" (the way without the script) before the tap: still waiting; then signed in."""
    await world.sign_in()
    await world.page.submit("#finish")
    assert await world.page.wait_text("#notice", "Still waiting") == (
        "Still waiting for you in Telegram: tap the number this page shows."
    )
    world.api.approve()
    await world.page.wait_text("h1", "Signed in")
    assert world.api.verifies[-1] == {"remember_device": False}
