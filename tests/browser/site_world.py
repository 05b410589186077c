"""The whole sign-in on loopback: the product's HTTP API (started as `twofa serve` starts it) with a
`login` key, and the demo site calling it over HTTP, driven by the module's browser."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pyotp

from api.app import start_api
from app.wiring import Services, build_services
from demo_site.pages import SiteConfig
from demo_site.passwords import DemoPasswords
from demo_site.site import start_site
from domain.accounts import admin
from domain.core.api_keys import KeyScope
from domain.core.destinations import APP
from domain.core.model import Channel, Method, Role, TwoFactorSetting
from domain.proofs.factors import AppCode
from tests.browser.webdriver import Browser, Page
from tests.support.api import TOKEN, api_settings, seed_key
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp import SmtpSink, extract_code

ALICE, ALICE_MOBILE = "alice@example.com", "+447400123456"  # 2FA by SMS
CAROL, CAROL_2FA = "carol@example.com", "carol.2fa@example.net"  # 2FA by email
DAVE = "dave@example.com"  # the authenticator app
BOB = "bob@example.com"  # no 2FA
LOCK_AFTER = 3  # wrong codes in a row before the IP is locked (the product's default is 10)


def wrong(code: str) -> str:
    """A code of the same shape that is surely not `code`."""
    return f"{(int(code) + 1) % 10**6:06d}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class SiteWorld:
    page: Page
    services: Services
    smtp: SmtpSink
    twilio: FakeTwilio
    totp: pyotp.TOTP  # dave's authenticator app
    shots: Path

    async def sign_in(self, email: str, password: str = "demo") -> None:  # noqa: S107
        await self.page.open("/")
        await self.page.type("#email", email)
        await self.page.type("#password", password)
        await self.page.submit("#sign-in-button")

    async def emailed_code(self, to: str, after: int = 0) -> str:
        message = await self.smtp.wait_for(lambda m: str(m["To"]).lower() == to)
        addressed = [m for m in self.smtp.messages[after:] if str(m["To"]).lower() == to]
        return extract_code((addressed or [message])[-1])

    async def texted_code(self, to: str) -> str:
        await self.twilio.wait_for(lambda m: m.to == to)
        return self.twilio.last_code(to)

    async def shot(self, name: str) -> Path:
        """A screenshot of the page as it is now, under the test's own output folder."""
        path = self.shots / f"{name}.png"
        await self.page.screenshot(path)
        return path


async def _seed(services: Services) -> pyotp.TOTP:
    now = services.clock.now()
    factor = services.codes.factors[Channel.APP]
    assert isinstance(factor, AppCode)
    async with services.uow_factory() as uow:
        await admin.add_contract(uow, "Acme", now)
        alice = await admin.add_user(uow, ALICE, "Alice", "Acme", Role.MEMBER, now)
        carol = await admin.add_user(uow, CAROL, "Carol", "Acme", Role.MEMBER, now)
        dave = await admin.add_user(uow, DAVE, "Dave", "Acme", Role.MEMBER, now)
        await admin.add_user(uow, BOB, "Bob", "Acme", Role.MEMBER, now)
        await uow.two_factor.save(TwoFactorSetting(alice.key, Method.SMS, ALICE_MOBILE, now))
        await uow.two_factor.save(TwoFactorSetting(carol.key, Method.EMAIL, CAROL_2FA, now))
        enrolment = await factor.codes.enrol(uow, dave, now)
        pending = await uow.app_secrets.get(dave.key, active=False)
        assert pending is not None and pending.id is not None
        await uow.app_secrets.activate(dave.key, pending.id)
        await uow.two_factor.save(TwoFactorSetting(dave.key, Method.APP, APP, now))
        await seed_key(uow, "demo-site", TOKEN, KeyScope.LOGIN)
        await uow.commit()
    totp = pyotp.parse_uri(enrolment.uri)
    assert isinstance(totp, pyotp.TOTP)
    return totp


@asynccontextmanager
async def site_world(
    tmp_path: Path, browser: Browser, smtp: SmtpSink, twilio: FakeTwilio, **settings: Any
) -> AsyncIterator[SiteWorld]:
    values: dict[str, Any] = {
        "http_host": "127.0.0.1",
        "http_port": free_port(),
        "smtp_host": "127.0.0.1",
        "smtp_port": smtp.port,
        "sms_provider": "twilio",
        "twilio_account_sid": twilio.account_sid,
        "twilio_auth_token": twilio.auth_token,
        "twilio_from": "+15005550006",
        "twilio_api_url": twilio.api_url,
        "otp_lockout_threshold": LOCK_AFTER,
    }
    services = await build_services(api_settings(tmp_path, **(values | settings)), stream=None)
    try:
        totp = await _seed(services)
        api = await start_api(services, services.settings)
        try:
            api_url = f"http://127.0.0.1:{services.settings.http_port}"
            passwords = await DemoPasswords.for_accounts([ALICE, BOB, CAROL, DAVE])
            site = await start_site(SiteConfig(api_url, TOKEN), passwords, port=0)
            try:
                async with aiohttp.ClientSession() as http:
                    page = Page(browser, http, site.url)
                    await page.open("/")  # cookies go by host, not port: an earlier test's are dropped
                    await page.forget_cookies()
                    yield SiteWorld(page, services, smtp, twilio, totp, tmp_path / "screenshots")
            finally:
                await site.aclose()
        finally:
            await api.cleanup()
    finally:
        await services.aclose()
