"""Approve in Telegram from the demo site, end to end in a real headless Chromium: the product's API and
the real python-telegram-bot against the loopback Bot API; Bob enrolled by a tap in his chat. The page
shows the number, the test taps a button in the chat, the page follows by long polling. On SQLite and
PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from api.app import start_api
from demo_site.pages import SiteConfig
from demo_site.passwords import DemoPasswords
from demo_site.site import start_site
from domain.core.api_keys import KeyScope
from tests.browser.site_world import free_port
from tests.browser.webdriver import Browser, Page
from tests.support.api import TOKEN, seed_key
from tests.support.fake_bot_api import SentMessage
from tests.support.running_bot import Running, running_bot
from tests.support.smtp import SmtpSink

BOB, BOB_EMAIL = 8301, "bob@example.com"
CODE = re.compile(r"\b(\d{6})\b")


@dataclass
class TelegramWorld:
    running: Running
    page: Page
    shots: Path

    async def sign_in_and_get_the_question(self) -> tuple[str, SentMessage]:
        """The password on the page; (the number the page shows, the question that reached the chat)."""
        after = len(self.running.api.sent)
        await self.page.open("/")
        await self.page.type("#email", BOB_EMAIL)
        await self.page.type("#password", "demo")
        await self.page.submit("#sign-in-button")
        number = await self.page.wait_text("#number", "")
        assert "Waiting for you in Telegram" in await self.page.text("#state")
        question = await self.running.api.wait_for_message(
            BOB, lambda m: "Which number does your screen show?" in m.text, after=after
        )
        return number, question

    def tap(self, question: SentMessage, label: str) -> None:
        self.running.api.push_callback(BOB, question.message_id, question.callback_data(label))


@pytest.fixture
async def world(
    tmp_path: Path, browser: Browser, smtp_sink: SmtpSink, database_url: str
) -> AsyncIterator[TelegramWorld]:
    """On SQLite and PostgreSQL: the bot polling, the API on a free port, the site calling it."""
    port = free_port()
    async with running_bot(
        tmp_path, smtp_sink, database_url=database_url, http_host="127.0.0.1", http_port=port
    ) as running:
        async with running.services.uow_factory() as uow:
            await seed_key(uow, "demo-site", TOKEN, KeyScope.LOGIN)
            await uow.commit()
        await running.say(BOB, "/start", "email address")
        await running.say(BOB, BOB_EMAIL, "we sent it a code")
        await running.say(BOB, await running.emailed_code(BOB_EMAIL), "linked to Bob Member's account")
        await running.say(BOB, "/enable", "SMS or email")
        await running.press(BOB, "Approve in Telegram", "Tap Confirm")
        await running.press(BOB, "Confirm", "2FA is on")
        api = await start_api(running.services, running.services.settings)
        try:
            passwords = await DemoPasswords.for_accounts([BOB_EMAIL])
            site = await start_site(SiteConfig(f"http://127.0.0.1:{port}", TOKEN), passwords, port=0)
            try:
                async with aiohttp.ClientSession() as http:
                    page = Page(browser, http, site.url)
                    await page.open("/")
                    await page.forget_cookies()
                    yield TelegramWorld(running, page, tmp_path / "screenshots")
            finally:
                await site.aclose()
        finally:
            await api.cleanup()


async def test_tapping_the_number_the_page_shows_signs_in(world: TelegramWorld) -> None:
    number, question = await world.sign_in_and_get_the_question()
    numbers = [label for label, _ in question.buttons[0]]
    assert len(numbers) == 3 and number in numbers
    await world.page.screenshot(world.shots / "number-to-tap.png")
    await world.page.click("#remember")
    world.tap(question, number)
    await world.page.wait_text("h1", "Signed in", timeout=15)
    how = await world.page.text("#how")
    assert how == "You signed in by tapping the number in Telegram; this device is remembered for 30 days."
    await world.page.screenshot(world.shots / "signed-in-by-telegram.png")
    await world.page.submit("#sign-out")
    after = len(world.running.api.sent)
    await world.page.type("#email", BOB_EMAIL)
    await world.page.type("#password", "demo")
    await world.page.submit("#sign-in-button")
    assert "on a remembered device" in await world.page.wait_text("#how", "remembered")
    assert not [m for m in world.running.api.sent[after:] if "Which number" in m.text]


async def test_a_wrong_number_denies_the_sign_in_on_the_page(world: TelegramWorld) -> None:
    number, question = await world.sign_in_and_get_the_question()
    wrong = next(label for label, _ in question.buttons[0] if label != number)
    world.tap(question, wrong)
    notice = await world.page.wait_text("#notice", "denied", timeout=15)
    assert notice.startswith("The sign-in was denied in Telegram")
    await world.page.screenshot(world.shots / "denied-by-a-wrong-number.png")


async def test_send_me_a_code_instead_turns_the_page_into_a_code_box(world: TelegramWorld) -> None:
    _, question = await world.sign_in_and_get_the_question()
    after = len(world.running.api.sent)
    world.tap(question, "Send me a code instead")
    await world.page.wait_text("#sent-to", "We sent a code to your Telegram chat.", timeout=15)
    sent = await world.running.api.wait_for_message(BOB, lambda m: "sign-in code" in m.text, after=after)
    found = CODE.search(sent.text)
    assert found is not None
    await world.page.type("#code", found.group(1))
    await world.page.submit("#verify")
    how = await world.page.wait_text("#how", "code")
    assert how == "You signed in with the code sent to your Telegram chat."
    await world.page.screenshot(world.shots / "signed-in-with-the-chats-code.png")
