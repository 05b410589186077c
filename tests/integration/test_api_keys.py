"""`twofa keys add|list|revoke` on SQLite and PostgreSQL: the key printed once, kept only as a hash, used
through a real aiohttp server, refused once revoked; every add and revoke audited."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from api.app import init_app
from api.keys import KEYS
from app.settings import Settings
from app.wiring import build_services
from domain.core.model import AuditKind
from storage.engine import create_engine
from tests.support.api import ApiClient, Contract
from tests.support.cli import run
from tests.support.databases import truncate_all

pytestmark = pytest.mark.usefixtures("cli_database", "restore_logging")


async def _truncate(url: str) -> None:
    engine = create_engine(url)
    try:
        await truncate_all(engine)
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, cli_database: Path) -> str:
    """The database the CLI uses: the SQLite file of `cli_database`, or this run's PostgreSQL database.

    The tests are synchronous because `twofa` runs its own event loop, as it does from a shell.
    """
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_database_url")
        asyncio.run(_truncate(url))
        monkeypatch.setenv("TWOFA_DATABASE_URL", url)
    return str(request.param)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run(capsys, *args)


async def stored_text() -> str:
    """Every row of every table the keys touch, as text (the SQLite file's bytes are checked as well)."""
    engine = create_engine(Settings(_env_file=None).database_url)
    try:
        async with engine.connect() as connection:
            rows = []
            for query in ("SELECT * FROM api_keys", "SELECT * FROM audit_events"):
                rows += [str(tuple(row)) for row in await connection.execute(text(query))]
    finally:
        await engine.dispose()
    return "\n".join(rows)


async def call_logins(key: str) -> int:
    services = await build_services(Settings(_env_file=None), stream=None)
    try:
        app = init_app(services)
        async with TestClient(TestServer(app)) as client:
            answer = await ApiClient(client, Contract()).post("/v1/logins", {"email": "x@y.z"}, token=key)
            return answer.status
    finally:
        await services.aclose()


def test_keys_add_list_revoke_round_trip_keeps_no_key_in_clear(
    backend: str, capsys: pytest.CaptureFixture[str], cli_database: Path
) -> None:
    assert cli(capsys, "contracts", "add", "Acme")[0] == 0
    code, out, _ = cli(capsys, "keys", "add", "login-page", "--scope", "login")
    assert code == 0
    login_key = out.strip().splitlines()[-1]
    assert login_key.startswith("twofa_") and len(login_key) >= 40
    code, out, _ = cli(capsys, "keys", "add", "acme-admin", "--scope", "manager", "--contract", "Acme")
    manager_key = out.strip().splitlines()[-1]
    assert code == 0 and manager_key != login_key

    code, listing, _ = cli(capsys, "keys", "list")
    assert code == 0
    lines = listing.strip().splitlines()
    assert lines[0].split("\t") == ["name", "scope", "contracts", "created", "revoked", "last_used"]
    assert [line.split("\t")[:3] for line in lines[1:]] == [
        ["login-page", "login", "-"],
        ["acme-admin", "manager", "Acme"],
    ]
    assert login_key not in listing and manager_key not in listing

    assert asyncio.run(call_logins(login_key)) == 200
    assert asyncio.run(call_logins(manager_key)) == 403  # a manager key may not call the login endpoints

    code, out, _ = cli(capsys, "keys", "revoke", "login-page")
    assert code == 0 and "revoked API key 'login-page'" in out
    assert asyncio.run(call_logins(login_key)) == 401  # a new process: no cache in the way
    revoked = cli(capsys, "keys", "list")[1].strip().splitlines()[1].split("\t")
    assert revoked[0] == "login-page" and revoked[4] != "-"

    stored = asyncio.run(stored_text())
    for key in (login_key, manager_key):
        assert key not in stored
        assert key[len("twofa_") :] not in stored
    if backend == "sqlite":
        for path in cli_database.glob("cli.db*"):  # the file and its WAL
            assert login_key.encode() not in path.read_bytes()
            assert manager_key.encode() not in path.read_bytes()
    code, audit, _ = cli(capsys, "audit", "--format", "json")
    kinds = [line for line in audit.split('"kind": ')[1:]]
    assert sum(k.startswith(f'"{AuditKind.API_KEY_ADDED}"') for k in kinds) == 2
    assert sum(k.startswith(f'"{AuditKind.API_KEY_REVOKED}"') for k in kinds) == 1


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["keys", "add", "x", "--scope", "manager", "--contract", "Nowhere"], "no contract named 'Nowhere'"),
        (["keys", "add", "x", "--scope", "manager"], "needs at least one --contract"),
        (["keys", "add", "x", "--scope", "login", "--contract", "Acme"], "leave out --contract"),
        (["keys", "add", "bad name", "--scope", "login"], "a key name is"),
        (["keys", "add", "taken", "--scope", "login"], "exists already"),
        (["keys", "revoke", "nobody"], "no API key named 'nobody'"),
    ],
)
def test_a_bad_key_command_exits_2_with_the_reason_and_changes_nothing(
    backend: str, capsys: pytest.CaptureFixture[str], args: list[str], reason: str
) -> None:
    cli(capsys, "contracts", "add", "Acme")
    cli(capsys, "keys", "add", "taken", "--scope", "login")
    before = cli(capsys, "keys", "list")[1]
    code, out, err = cli(capsys, *args)
    assert code == 2 and reason in err, err
    assert "twofa_" not in out
    assert cli(capsys, "keys", "list")[1] == before


def test_a_revoked_key_stops_working_within_the_cache_time(
    backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = cli(capsys, "keys", "add", "login-page", "--scope", "login")[1].strip().splitlines()[-1]

    def revoke() -> None:
        assert cli(capsys, "keys", "revoke", "login-page")[0] == 0

    asyncio.run(_use_then_revoke(key, revoke))


async def _use_then_revoke(key: str, revoke: Callable[[], None]) -> None:
    services = await build_services(Settings(_env_file=None), stream=None)
    try:
        app = init_app(services)
        async with TestClient(TestServer(app)) as client:
            api = ApiClient(client, Contract())
            assert (await api.post("/v1/logins", {"email": "x@y.z"}, token=key)).status == 200
            await asyncio.to_thread(revoke)  # the CLI runs its own loop
            # cached for up to 5 s (documented); past that the revocation is seen
            app[KEYS].forget()
            assert (await api.post("/v1/logins", {"email": "x@y.z"}, token=key)).status == 401
    finally:
        await services.aclose()
