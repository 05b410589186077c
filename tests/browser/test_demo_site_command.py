"""`twofa demo-site` as a real process: offline with the product's API in the same process (codes in the
outbox folder), and as a client of an API already running (`--api-url`, `--api-key`)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import aiohttp

from app.wiring import build_services
from domain.accounts import admin
from domain.core.model import Method, TwoFactorSetting
from tests.browser.site_world import CAROL, CAROL_2FA, SiteWorld, free_port
from tests.browser.webdriver import Browser, Page
from tests.support.api import TOKEN, api_settings
from tests.support.smtp import extract_code

TWOFA = [sys.executable, "-m", "app.cli"]
ALICE = "alice@example.com"


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")}
    return env | {
        "TWOFA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'api.db'}",
        "TWOFA_OUTBOX_DIR": str(tmp_path / "outbox"),
        "TWOFA_SECRET_KEY": "an-api-test-secret-key-that-is-long-enough-0123",
    }


async def _until_listening(url: str, process: asyncio.subprocess.Process) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            assert process.returncode is None, "twofa demo-site stopped"
            try:
                async with http.get(url) as answer:
                    if answer.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(f"{url} never answered")


def _outbox_code(folder: Path, to: str) -> str:
    for path in sorted(folder.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=default_policy)
        assert isinstance(message, EmailMessage)
        if str(message["To"]) == to and "code" in str(message["Subject"]).lower():
            return extract_code(message)
    raise AssertionError(f"no code for {to} in {sorted(p.name for p in folder.glob('*'))}")


async def test_offline_demo_site_signs_in_with_a_code_from_the_outbox_and_revokes_its_key(
    tmp_path: Path, browser: Browser
) -> None:
    services = await build_services(api_settings(tmp_path), stream=None)  # the demo, alice on email 2FA
    async with services.uow_factory() as uow:
        await admin.seed_demo(uow, services.clock.now())
        alice = await uow.users.get_by_email(ALICE)
        assert alice is not None
        await uow.two_factor.save(TwoFactorSetting(alice.key, Method.EMAIL, ALICE, services.clock.now()))
        await uow.commit()
    await services.aclose()
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        *TWOFA, "demo-site", "--port", str(port), env=_env(tmp_path), stdout=asyncio.subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        await _until_listening(url, process)
        async with aiohttp.ClientSession() as http:
            page = Page(browser, http, url)
            await page.open("/")
            await page.forget_cookies()
            await page.open("/")
            await page.type("#email", ALICE)
            await page.type("#password", "demo")
            await page.submit("#sign-in-button")
            await page.wait_text("#sent-to", "by email to al•••e@example.com")
            code = await asyncio.to_thread(_outbox_code, tmp_path / "outbox", ALICE)
            await page.type("#code", code)
            await page.submit("#verify")
            await page.wait_text("h1", "Signed in")
            await page.screenshot(tmp_path / "screenshots" / "offline-demo-signed-in.png")
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    shown = out.decode()
    assert f"Demo login page: {url}" in shown and "the site's password for each is 'demo'" in shown
    assert f"{ALICE:<22} second step: email" in shown and "bob@example.com        second step: none" in shown
    assert code in shown  # the email box, shown on the terminal as `twofa run` offline does
    services = await build_services(api_settings(tmp_path), stream=None)
    try:
        async with services.uow_factory() as uow:
            keys = await uow.api_keys.list()
            assert len(keys) == 1 and keys[0].name.startswith("demo-site-") and not keys[0].active
    finally:
        await services.aclose()


async def test_as_a_client_of_a_running_api(tmp_path: Path, world: SiteWorld, browser: Browser) -> None:
    port = free_port()
    api_url = f"http://127.0.0.1:{world.services.settings.http_port}"
    process = await asyncio.create_subprocess_exec(
        *TWOFA, "demo-site", "--port", str(port), "--api-url", api_url, "--api-key", TOKEN,
        env={k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")},
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        await _until_listening(url, process)
        async with aiohttp.ClientSession() as http:
            page = Page(browser, http, url)
            await page.open("/")
            await page.type("#email", CAROL)
            await page.type("#password", "demo")
            await page.submit("#sign-in-button")
            await page.wait_text("#sent-to", "by email")
            await page.type("#code", await world.emailed_code(CAROL_2FA))
            await page.submit("#verify")
            await page.wait_text("h1", "Signed in")
    finally:
        process.send_signal(signal.SIGTERM)
        out, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0 and f"Demo login page: {url}  (login API: {api_url})" in out.decode()


async def test_an_api_url_needs_its_key(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        *TWOFA, "demo-site", "--api-url", "http://127.0.0.1:9", env=_env(tmp_path),
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, errors = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2 and "--api-url and --api-key go together" in errors.decode()
    assert not (tmp_path / "api.db").exists()  # no settings read, no database opened
