"""Browser tests: one headless Chromium per module; per test, the product's API and the demo site on
loopback (SQLite), codes going out through the loopback SMTP server and the loopback Twilio."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.browser.site_world import SiteWorld, site_world
from tests.browser.webdriver import Browser, start_browser
from tests.support.fake_twilio import FakeTwilio
from tests.support.smtp import SmtpSink


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    with start_browser(tmp_path_factory.mktemp("chromium-profile")) as running:
        yield running


@pytest.fixture
async def world(
    tmp_path: Path, browser: Browser, smtp_sink: SmtpSink, fake_twilio: FakeTwilio
) -> AsyncIterator[SiteWorld]:
    async with site_world(tmp_path, browser, smtp_sink, fake_twilio) as running:
        yield running
