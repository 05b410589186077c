"""`twofa demo-site`: the reference login page (demo_site/), a client of the login API.

With `--api-url URL --api-key KEY` the site alone, calling that API. Without them, the product's HTTP
API too, in this process on a free loopback port with a `login` key made for the run (revoked when it
stops), on the services the one wiring function builds: codes land in the outbox folder and on this
terminal, as in `twofa run` offline.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from dataclasses import dataclass

from api.app import start_api
from app.http_api import refuse_api_tokens
from app.wiring import Services
from demo_site.pages import SiteConfig
from demo_site.passwords import DEMO_EMAILS, DEMO_PASSWORD, DemoPasswords
from demo_site.site import RunningSite, start_site
from domain.accounts import admin
from domain.accounts.key_admin import add_key, revoke_key
from domain.core.api_keys import KeyScope

DEFAULT_PORT = 8000


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (0-65535; 0: any free one)")
    return int(text)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    site = sub.add_parser(
        "demo-site",
        help="the reference login page on http://127.0.0.1:PORT, signing in through the login API",
    )
    site.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"the site's port (default {DEFAULT_PORT})"
    )
    site.add_argument("--api-url", help="a running login API (default: start one in this process)")
    site.add_argument(
        "--api-key", help="a login-scoped key of that API (`twofa keys add NAME --scope login`)"
    )


def run_client(args: argparse.Namespace) -> int:
    """`--api-url` and `--api-key`: the site alone, a client of that API (no settings, no database)."""
    if not (args.api_url and args.api_key):
        print(
            "error: --api-url and --api-key go together (give neither to start the API here)", file=sys.stderr
        )
        return 2
    try:
        return asyncio.run(_against(args))
    except OSError as error:  # e.g. the port is taken
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def _site(api_url: str, api_key: str, port: int) -> RunningSite:
    passwords = await DemoPasswords.for_accounts(DEMO_EMAILS)
    return await start_site(SiteConfig(api_url, api_key), passwords, port=port)


def _welcome(site: RunningSite, api_url: str) -> None:
    accounts = ", ".join(DEMO_EMAILS)
    print(f"Demo login page: {site.url}  (login API: {api_url})")
    print(f"Demo accounts: {accounts}; the site's password for each is '{DEMO_PASSWORD}'. Ctrl-C stops.")


async def _against(args: argparse.Namespace) -> int:
    """The site alone, calling the API at `--api-url` with `--api-key`."""
    stop = _stop_on_signals()
    site = await _site(args.api_url, args.api_key, args.port)
    try:
        _welcome(site, args.api_url)
        await stop.wait()
    finally:
        await site.aclose()
    return 0


@dataclass(frozen=True)
class _Loopback:
    """The API's address for the run (api.services.HttpAddress): a free port on loopback."""

    http_host: str = "127.0.0.1"
    http_port: int = 0


async def with_api(services: Services, args: argparse.Namespace) -> int:
    """The product's API on loopback with a key made for the run, and the site calling it."""
    refuse_api_tokens(services.settings)
    now = services.clock.now()
    name = f"demo-site-{now:%Y%m%d-%H%M%S}"
    async with services.uow_factory() as uow:
        seeded = await admin.seed_demo(uow, now)
        _, key = await add_key(uow, services.tokens, name, KeyScope.LOGIN, [], now)
        await uow.commit()
    stop = _stop_on_signals()
    notices = asyncio.create_task(
        services.dispatcher.run_forever(services.settings.outbox_interval_seconds, stop)
    )
    try:
        runner = await start_api(services, _Loopback())
        try:
            host, port = runner.addresses[0][:2]
            site = await _site(f"http://{host}:{port}", key, args.port)
            try:
                _welcome(site, f"http://{host}:{port}")
                await _describe_accounts(services, seeded is not None)
                await stop.wait()
            finally:
                await site.aclose()
        finally:
            await runner.cleanup()
    finally:
        stop.set()
        await notices
        with contextlib.suppress(Exception):  # the key dies with the run; a failure here changes nothing
            async with services.uow_factory() as uow:
                await revoke_key(uow, name, services.clock.now())
                await uow.commit()
    return 0


async def _describe_accounts(services: Services, new: bool) -> None:
    """Each demo account's second step, and how to turn one on (the site's password step is its own)."""
    if new:
        print(f"Seeded the demo contract '{admin.DEMO_CONTRACT}' on this new database.")
    async with services.uow_factory() as uow:
        for email in DEMO_EMAILS:
            user = await uow.users.get_by_email(email)
            method = (await uow.two_factor.get(user.key)).method.value if user else "(no such account)"
            print(f"  {email:<22} second step: {'none, 2FA is off' if method == 'none' else method}")
    settings = services.settings
    if settings.smtp_host is None and settings.sms_provider != "twilio":
        print(f"Codes are not sent: they are shown here and saved in {settings.outbox_dir}/.")
    print(
        "An account with 2FA off signs in with the password alone: turn 2FA on for one in `twofa chat` "
        "(another terminal, same database), then sign in again.",
        flush=True,
    )
