"""Debian's Chromium driven through chromedriver's W3C WebDriver protocol (plain HTTP and JSON).

One chromedriver and one headless browser per test module (`start_browser`, synchronous, for a module
fixture); each test drives it with an async `Page` on its own aiohttp session, so the servers under test
keep running in the test's event loop while the browser works. Nothing is downloaded: the browser and
its driver are Debian's packages (`make test` installs them).
"""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=900,900",
]
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the W3C key of an element reference


class WebDriverError(AssertionError):
    """The driver refused a command (e.g. `no such element`), with its message."""


@dataclass(frozen=True)
class Browser:
    driver_url: str  # http://127.0.0.1:PORT of chromedriver
    session_id: str

    @property
    def session_url(self) -> str:
        return f"{self.driver_url}/session/{self.session_id}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _call(method: str, url: str, body: dict[str, Any] | None = None, timeout: float = 30) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 -- loopback only
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
        return json.loads(answer.read())["value"]


@contextmanager
def start_browser(user_data_dir: Path) -> Iterator[Browser]:
    """chromedriver on a free loopback port and one headless Chromium session with a fresh profile."""
    port = _free_port()
    driver = subprocess.Popen(  # noqa: S603 -- a fixed Debian binary
        [CHROMEDRIVER, f"--port={port}", "--allowed-ips=127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    driver_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if _call("GET", f"{driver_url}/status", timeout=2)["ready"]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or driver.poll() is not None:
                raise RuntimeError("chromedriver did not start")
            time.sleep(0.05)
        options = {"binary": CHROMIUM, "args": [*FLAGS, f"--user-data-dir={user_data_dir}"]}
        capabilities = {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}
        session = _call("POST", f"{driver_url}/session", {"capabilities": capabilities}, timeout=60)
        browser = Browser(driver_url, session["sessionId"])
        try:
            yield browser
        finally:
            _call("DELETE", browser.session_url)
    finally:
        driver.terminate()
        driver.wait(10)


def _save(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


class Page:
    """The browser's one tab, driven over the WebDriver protocol from async tests."""

    def __init__(self, browser: Browser, http: aiohttp.ClientSession, base_url: str) -> None:
        self._browser = browser
        self._http = http
        self.base_url = base_url

    async def _command(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        async with self._http.request(method, self._browser.session_url + path, json=body) as answer:
            value = (await answer.json())["value"]
        if answer.status != 200:
            raise WebDriverError(f"{method} {path}: {value.get('error')}: {value.get('message')}")
        return value

    async def open(self, path: str = "/") -> None:
        await self._command("POST", "/url", {"url": self.base_url + path})

    async def url(self) -> str:
        value: str = await self._command("GET", "/url")
        return value

    async def _element(self, css: str) -> str:
        found = await self._command("POST", "/element", {"using": "css selector", "value": css})
        element: str = found[ELEMENT]
        return element

    async def exists(self, css: str) -> bool:
        found = await self._command("POST", "/elements", {"using": "css selector", "value": css})
        return bool(found)

    async def type(self, css: str, text: str) -> None:
        element = await self._element(css)
        await self._command("POST", f"/element/{element}/clear", {})
        await self._command("POST", f"/element/{element}/value", {"text": text})

    async def click(self, css: str) -> None:
        await self._command("POST", f"/element/{await self._element(css)}/click", {})

    async def script(self, body: str) -> Any:
        """Run `body` (a function body; `return` gives the value) in the page."""
        return await self._command("POST", "/execute/sync", {"script": body, "args": []})

    async def submit(self, css: str, timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Click what submits a form or follows a link, and wait until the next page has loaded."""
        await self.script("window.__before_click = true;")
        await self.click(css)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if await self.script(
                    'return window.__before_click === undefined && document.readyState === "complete";'
                ):
                    return
            except WebDriverError:  # between two documents
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"clicking {css!r} loaded no new page")
            await asyncio.sleep(0.02)

    async def text(self, css: str) -> str:
        value: str = await self._command("GET", f"/element/{await self._element(css)}/text")
        return value

    async def attribute(self, css: str, name: str) -> str | None:
        element = await self._element(css)
        value: str | None = await self._command("GET", f"/element/{element}/attribute/{name}")
        return value

    async def wait_text(self, css: str, contains: str, timeout: float = 10.0) -> str:  # noqa: ASYNC109
        """The element's text once it holds `contains` (the page may still be loading or polling)."""
        deadline = time.monotonic() + timeout
        seen = ""
        while True:
            try:
                seen = await self.text(css)
                if contains in seen:
                    return seen
            except WebDriverError:
                pass
            if time.monotonic() > deadline:
                body = await self.text("body")
                raise AssertionError(f"{css!r} never held {contains!r} (last: {seen!r}); page: {body!r}")
            await asyncio.sleep(0.05)

    async def screenshot(self, path: Path) -> None:
        picture = base64.b64decode(await self._command("GET", "/screenshot"))
        await asyncio.to_thread(_save, path, picture)

    async def cookies(self) -> list[dict[str, Any]]:
        value: list[dict[str, Any]] = await self._command("GET", "/cookie")
        return value

    async def forget_cookies(self) -> None:
        await self._command("DELETE", "/cookie")
