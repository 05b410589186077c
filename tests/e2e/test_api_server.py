"""The HTTP API on a real listening socket: `serve()` in this process, and `twofa serve` / `twofa run`
as real processes, driven with a real `aiohttp.ClientSession`."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from api.app import serve
from app.wiring import build_services
from domain.accounts import admin
from domain.core.api_keys import KeyScope
from domain.core.model import Method, Role, TwoFactorSetting
from tests.support.api import TOKEN, api_settings, seed_key, wait_healthy
from tests.support.fakes import FakeSmsSender

TWOFA = [sys.executable, "-m", "app.cli"]
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


async def test_login_verify_and_remembered_next_time_through_a_real_server(tmp_path: Path) -> None:
    port = free_port()
    sms = FakeSmsSender()
    services = await build_services(api_settings(tmp_path, http_port=port), stream=None, sms=sms)
    async with services.uow_factory() as uow:
        now = services.clock.now()
        await admin.add_contract(uow, "Acme", now)
        alice = await admin.add_user(uow, "alice@example.com", "Alice", "Acme", Role.MEMBER, now)
        await uow.two_factor.save(TwoFactorSetting(alice.key, Method.SMS, "+447400123456", now))
        await seed_key(uow, "login-page", TOKEN, KeyScope.LOGIN)
        await uow.commit()
    stop = asyncio.Event()
    server = asyncio.create_task(serve(services, services.settings, stop))
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession(headers=AUTH) as session:
            await wait_healthy(session, base)
            login = {"email": "alice@example.com", "user_agent": "Firefox/132.0", "ip": "203.0.113.9"}
            async with session.post(f"{base}/v1/logins", json=login) as response:
                started = await response.json()
            assert started["second_factor"] == "required" and started["channel"] == "sms"
            verify = {"code": sms.last_code(), "remember_device": True}
            async with session.post(
                f"{base}/v1/logins/{started['login_id']}/verify", json=verify
            ) as response:
                verified = await response.json()
            assert response.status == 200 and verified["verified"] is True
            login["device_token"] = verified["device_token"]
            async with session.post(f"{base}/v1/logins", json=login) as response:
                assert await response.json() == {"second_factor": "remembered"}
            async with session.post(
                f"{base}/v1/logins", json=login, headers={"Authorization": ""}
            ) as response:
                assert response.status == 401
    finally:
        stop.set()
        await server
        await services.aclose()
    assert len(sms.sent) == 1


def process_env(tmp_path: Path, port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")}
    env |= {
        "TWOFA_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'twofa.db'}",
        "TWOFA_OUTBOX_DIR": str(tmp_path / "outbox"),
        "TWOFA_HTTP_PORT": str(port),
        **extra,
    }
    return env


async def add_key(env: dict[str, str], name: str = "login-page") -> str:
    """`twofa keys add NAME --scope login` as its own process; the key it printed."""
    process = await asyncio.create_subprocess_exec(
        *TWOFA, "keys", "add", name, "--scope", "login", env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    return out.decode().strip().splitlines()[-1]


async def test_twofa_serve_listens_until_sigterm(tmp_path: Path) -> None:
    port = free_port()
    env = process_env(tmp_path, port)
    key = await add_key(env)
    process = await asyncio.create_subprocess_exec(*TWOFA, "serve", env=env, stderr=asyncio.subprocess.PIPE)
    try:
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {key}"}) as session:
            await wait_healthy(session, f"http://127.0.0.1:{port}")
            async with session.post(
                f"http://127.0.0.1:{port}/v1/logins", json={"email": "x@y.z"}
            ) as response:
                assert await response.json() == {"second_factor": "not_enabled", "setup_suggested": True}
    finally:
        process.send_signal(signal.SIGTERM)
        _, errors = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, errors.decode()
    assert f"HTTP API listening on http://127.0.0.1:{port}" in errors.decode()
    assert key not in errors.decode()


async def test_twofa_serve_refuses_to_start_while_the_removed_tokens_setting_is_set(tmp_path: Path) -> None:
    env = process_env(tmp_path, free_port(), TWOFA_API_TOKENS=TOKEN)
    process = await asyncio.create_subprocess_exec(*TWOFA, "serve", env=env, stderr=asyncio.subprocess.PIPE)
    _, errors = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert "error: TWOFA_API_TOKENS is no longer read" in errors.decode()
    assert "twofa keys add" in errors.decode() and TOKEN not in errors.decode()


async def test_twofa_run_serves_the_api_beside_the_terminal_chat_once_a_key_exists(tmp_path: Path) -> None:
    port = free_port()
    env = process_env(tmp_path, port)
    key = await add_key(env)
    process = await asyncio.create_subprocess_exec(
        *TWOFA,
        "run",
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    try:
        async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {key}"}) as session:
            await wait_healthy(session, f"http://127.0.0.1:{port}")
            body = {"email": "bob@example.com"}  # a demo account without 2FA
            async with session.post(f"http://127.0.0.1:{port}/v1/logins", json=body) as response:
                assert (await response.json())["second_factor"] == "not_enabled"
    finally:
        process.stdin.write(b"/quit\n")
        process.stdin.close()
        _, errors = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, errors.decode()
    assert f"HTTP API listening on http://127.0.0.1:{port}" in errors.decode()
