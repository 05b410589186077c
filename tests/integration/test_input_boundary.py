"""Malformed input through the real aiohttp server, on SQLite and PostgreSQL: every bad request gets a 4xx
JSON answer (never a 500), the same on both databases, and nothing half-written is left behind.

PostgreSQL text cannot hold NUL and neither database takes a lone surrogate, so these are the cases where
the two backends used to differ; the boundary (`domain/core/inputs.py`) makes them answer alike.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from telegram.ext import Application

from api.app import init_app
from bot.telegram import TelegramFrontEnd
from bot.webhook import SECRET_HEADER, TelegramWebhook
from domain.core.model import AuditKind
from storage.engine import create_engine
from tests.support.api import MANAGER_TOKEN, TOKEN, Answer, ApiClient, ApiWorld, Contract, api_world
from tests.support.cli import run
from tests.support.databases import run_in_thread, truncate_all
from tests.support.fake_bot_api import FakeBotApi

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
HOOK = "/telegram/webhook"
SECRET = "webhook-secret-for-tests-0123456789_abc"
CHAT = 4242
JSON_HEADERS = {"Content-Type": "application/json"}
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def deep_json(levels: int, inner: str = "1") -> bytes:
    return ("[" * levels + inner + "]" * levels).encode()


def key_for(path: str) -> str:
    """The login page's key for the login routes, Acme's admin key for the manager routes."""
    return MANAGER_TOKEN if path.startswith(("/v1/contracts/", "/v1/manager-actions/")) else TOKEN


async def post(api: ApiClient, path: str, body: Any = None, **options: Any) -> Answer:
    return await api.post(path, body, token=key_for(path), **options)


def escaped(body: dict[str, Any]) -> bytes:
    """The body as JSON with every non-ASCII character escaped: a lone surrogate travels as `\\ud800`."""
    return json.dumps(body, ensure_ascii=True).encode()


@pytest.fixture(params=BACKENDS)
async def world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[ApiWorld]:
    """alice (SMS), bob (no 2FA) and carol (email 2FA, manager of Acme) on SQLite or PostgreSQL."""
    settings: dict[str, Any] = {}
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_database_url")
        engine = create_engine(url)
        try:
            await truncate_all(engine)
        finally:
            await engine.dispose()
        settings["database_url"] = url
    built = await api_world(tmp_path, **settings)
    try:
        yield built
    finally:
        await built.services.aclose()


@pytest.fixture
async def api(world: ApiWorld) -> AsyncIterator[ApiClient]:
    async with TestClient(TestServer(init_app(world.services))) as client:
        yield ApiClient(client, Contract())


async def login_id_for_alice(api: ApiClient) -> str:
    started = await api.post("/v1/logins", {"email": "alice@example.com"})
    assert started.body["second_factor"] == "required"
    return str(started.body["login_id"])


async def test_json_nested_5000_deep_is_400_invalid_json(api: ApiClient, world: ApiWorld) -> None:
    for path in ("/v1/logins", "/v1/logins/some-login/verify", "/v1/contracts/1/two-factor/disable"):
        for data in (
            deep_json(5000),
            b'{"email": "alice@example.com", "x": ' + deep_json(5000) + b"}",
            b'{"email": "alice@example.com", "x": ' + deep_json(40) + b"}",  # refused before it matters
        ):
            answer = await post(api, path, data=data, headers=JSON_HEADERS)
            assert (answer.status, answer.body["error"]) == (400, "invalid_json"), (path, data[:60])
            assert "nest" in answer.body["message"]
    # a body nested as deep as a client could mean is still read
    shallow = b'{"email": "bob@example.com", "x": ' + deep_json(20) + b"}"
    assert (await api.post("/v1/logins", data=shallow, headers=JSON_HEADERS)).status == 200
    assert world.sms.sent == []


async def test_bad_characters_in_every_text_field_are_400_naming_the_field(
    api: ApiClient, world: ApiWorld
) -> None:
    login = await login_id_for_alice(api)
    sent_before = len(world.sms.sent)
    disable = "/v1/contracts/1/two-factor/disable"
    manager = {"reason": "Security review", "manager_email": "carol@example.com"}
    fields: list[tuple[str, dict[str, Any], str]] = [
        ("/v1/logins", {}, "email"),
        ("/v1/logins", {"email": "alice@example.com"}, "device_token"),
        (f"/v1/logins/{login}/verify", {}, "code"),
        (disable, {"manager_email": "carol@example.com"}, "reason"),
        (disable, {"reason": "Security review"}, "manager_email"),
        (disable, manager, "user_email"),
    ]
    answers = []
    for path, body, field in fields:
        good = {"email": "alice@example.com", "device_token": "dev", "code": "123456"}.get(field) or (
            "bob@example.com" if field == "user_email" else manager.get(field, "x")
        )
        for bad, reason in (
            (good[:2] + "\x00" + good[2:], "must not contain a NUL character"),
            ("\ud800" + good, "must be valid Unicode (it holds a lone surrogate)"),
            (good[:2] + "\x1b" + good[2:], "must not contain the control character U+001B"),
        ):
            answer = await post(api, path, data=escaped(body | {field: bad}), headers=JSON_HEADERS)
            assert (answer.status, answer.body) == (
                400,
                {"error": "invalid_request", "message": f"{field} {reason}.", "field": field},
            ), (path, field, bad)
            answers.append(answer.body)
    assert len(answers) == 18
    assert len(world.sms.sent) == sent_before  # no code sent, none counted against alice
    verified = await api.post(f"/v1/logins/{login}/verify", {"code": "000000"})
    assert verified.body.get("attempts_left") == 4  # the refused codes were not tries
    async with world.services.uow_factory() as uow:
        bob = await uow.users.get_by_email("bob@example.com")
        assert bob is not None
        assert await uow.audit.list(kind=AuditKind.MANAGER_DISABLED) == []


async def test_a_lone_surrogate_in_the_email_is_400(api: ApiClient, world: ApiWorld) -> None:
    data = b'{"email": "\\ud800@example.com"}'
    answer = await api.post("/v1/logins", data=data, headers=JSON_HEADERS)
    assert (answer.status, answer.body["error"], answer.body["field"]) == (400, "invalid_request", "email")


async def test_the_ip_and_user_agent_a_login_page_passes_on_are_cleaned_not_refused(
    api: ApiClient, world: ApiWorld
) -> None:
    body = {"email": "alice@example.com", "ip": "203.0.113.9\x00", "user_agent": "Mozilla/5.0\x00 \ud800\x1b"}
    answer = await api.post("/v1/logins", data=escaped(body), headers=JSON_HEADERS)
    assert (answer.status, answer.body["second_factor"]) == (200, "required")
    async with world.services.uow_factory() as uow:
        attempt = await uow.logins.get(answer.body["login_id"])
    assert attempt is not None
    assert (attempt.ip, attempt.user_agent) == ("203.0.113.9", "Mozilla/5.0 \ufffd")


@pytest.mark.parametrize(
    "segment",
    ["ab%00cd", "%ED%A0%80", "ab%1Bcd", "a%20b", "a.b", "x" * 129, "%C2%B2", "a%2Fb"],
)
async def test_a_login_id_that_is_no_token_is_404_unknown_login(
    api: ApiClient, world: ApiWorld, segment: str
) -> None:
    for action, body in (("verify", {"code": "123456"}), ("resend", None)):
        answer = await api.post(f"/v1/logins/{segment}/{action}", body)
        assert (answer.status, answer.body["error"]) == (404, "unknown_login"), (segment, action)


@pytest.mark.parametrize(
    ("segment", "status"),
    [("99999999999999999999", None), ("2147483648", None), ("%C2%B2", 400), ("%00", 400), ("-1", 400)],
)
async def test_a_contract_id_that_is_no_id_is_refused_before_any_query(
    api: ApiClient, segment: str, status: int | None
) -> None:
    """Not digits: 400 naming it. Digits beyond any id: whatever an unknown contract gets (the key's scope
    decides whether that is 403 or 404), never a query that overflows the 32-bit column."""
    body = {"reason": "Security review", "manager_email": "carol@example.com"}
    answer = await post(api, f"/v1/contracts/{segment}/two-factor/disable", body)
    if status == 400:
        assert (answer.status, answer.body["error"], answer.body["field"]) == (
            400,
            "invalid_request",
            "contract_id",
        )
    else:
        unknown = await post(api, "/v1/contracts/424242/two-factor/disable", body)
        assert (answer.status, answer.body) == (unknown.status, unknown.body)
        assert answer.status in (403, 404)


# ---------------------------------------------------------------------------------------------------
# The Telegram webhook: the real python-telegram-bot Application fed by the route
# ---------------------------------------------------------------------------------------------------


@pytest.fixture
async def hook(world: ApiWorld) -> AsyncIterator[tuple[TestClient[Any, Any], FakeBotApi]]:
    async with FakeBotApi() as bot_api:
        application: AnyApplication = TelegramFrontEnd(world.services.assistant).build(
            bot_api.token, bot_api.base_url, webhook=True
        )
        async with application:
            await application.start()
            receiver = TelegramWebhook(application, SECRET)
            app = init_app(world.services, webhook=(HOOK, receiver.handle))
            try:
                async with TestClient(TestServer(app)) as client:
                    yield client, bot_api
            finally:
                await application.stop()


async def test_the_webhook_refuses_json_nested_too_deep_with_400(
    hook: tuple[TestClient[Any, Any], FakeBotApi],
) -> None:
    client, bot_api = hook
    update = bot_api.message_update(CHAT, "hello")
    chain: dict[str, Any] = update["message"]
    for _ in range(400):  # what python-telegram-bot would recurse through, one message in another
        chain["reply_to_message"] = dict(chain, reply_to_message=None)
        chain = chain["reply_to_message"]
    raw = json.dumps(update).replace(', "reply_to_message": null', "").encode()
    bodies = [
        b'{"update_id": 7, "message": ' + deep_json(5000, "{}") + b"}",
        deep_json(5000),
        b'{"update_id": 7, "x": ' + deep_json(5000) + b"}",
        raw,
    ]
    for body in bodies:
        response = await client.post(HOOK, data=body, headers={SECRET_HEADER: SECRET})
        assert response.status == 400, body[:80]
        assert (await response.json())["error"] == "invalid_update"
    assert bot_api.sent == []


async def test_a_nul_or_a_lone_surrogate_in_a_webhook_message_is_cleaned_and_the_ticket_opens(
    hook: tuple[TestClient[Any, Any], FakeBotApi], world: ApiWorld
) -> None:
    client, bot_api = hook
    for text in ("/support", "help\x00me \ud800 please"):
        raw = escaped(bot_api.message_update(CHAT, text))
        response = await client.post(HOOK, data=raw, headers={SECRET_HEADER: SECRET})
        assert response.status == 200
    said = [m.text for m in bot_api.messages_for(CHAT)]
    assert "Something went wrong" not in " ".join(said)
    assert any("#1" in text for text in said), said
    async with world.services.uow_factory() as uow:
        ticket = await uow.tickets.get(1)
    assert ticket is not None and ticket.description == "helpme \ufffd please"


# ---------------------------------------------------------------------------------------------------
# The command line: a value that cannot be stored exits 2 with the reason, and nothing is written
# ---------------------------------------------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def cli_backend(
    request: pytest.FixtureRequest, cli_database: Path, restore_logging: None, monkeypatch: pytest.MonkeyPatch
) -> str:
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_database_url")
        run_in_thread(lambda: _emptied(url))
        monkeypatch.setenv("TWOFA_DATABASE_URL", url)
        monkeypatch.setenv("TWOFA_SECRET_KEY", "a-cli-test-secret-key-that-is-long-enough-0123")
    return str(request.param)


async def _emptied(url: str) -> None:
    engine = create_engine(url)
    try:
        await truncate_all(engine)
    finally:
        await engine.dispose()


def test_the_cli_refuses_what_cannot_be_stored_with_exit_2(
    cli_backend: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # "\udcff" is what Python makes of an argument that is not UTF-8 (the byte 0xff)
    refused = [
        (("contracts", "add", "Ac\udcffme"), "error: name must be valid Unicode (it holds a lone surrogate)"),
        (("contracts", "add", "Ac\x1b[2Jme"), "error: name must not contain the control character U+001B"),
        (("contracts", "add", "A" * 201), "error: name must be at most 200 characters"),
    ]
    for args, error in refused:
        assert run(capsys, *args) == (2, "", error + "\n"), args
    assert run(capsys, "contracts", "add", "Acme")[0] == 0
    user = ["users", "add", "--email", "ann@example.com", "--name", "Ann", "--contract", "Acme"]
    for index, bad in ((3, "ann\udcff@example.com"), (5, "Ann\x00"), (7, "Ac\udcffme")):
        typed = [*user[:index], bad, *user[index + 1 :]]
        code, out, err = run(capsys, *typed)
        assert (code, out) == (2, ""), typed
        assert err.startswith(f"error: {user[index - 1].removeprefix('--')} must "), err
    assert run(capsys, "users", "list", "--contract", "Ac\udcffme")[0] == 2
    assert run(capsys, "users", "link", "ann\udcff@example.com")[0] == 2
    rows = tmp_path / "users.csv"
    rows.write_text(
        "email,name,contract\nbob@example.com,Bob,Acme\ncat@example.com,Ca\x00t,Acme\n", encoding="utf-8"
    )
    assert run(capsys, "users", "import", str(rows)) == (
        2,
        "",
        "error: row 3: name must not contain a NUL character\n",
    )
    code, out, _ = run(capsys, "users", "list")
    assert code == 0 and out.splitlines()[1:] == []  # nothing of the refused commands was written


@pytest.mark.parametrize("segment", ["ab%00cd", "%ED%A0%80", "ab%1Bcd", "x" * 200])
async def test_a_manager_action_id_that_is_no_token_is_a_4xx(
    api: ApiClient, world: ApiWorld, segment: str
) -> None:
    unknown = await post(api, "/v1/manager-actions/no-such-action/confirm", {"code": "123456"})
    assert 400 <= unknown.status < 500
    confirm = await post(api, f"/v1/manager-actions/{segment}/confirm", {"code": "123456"})
    status = await api.get(f"/v1/manager-actions/{segment}", token=MANAGER_TOKEN)
    assert (confirm.status, confirm.body) == (unknown.status, unknown.body)
    assert 400 <= status.status < 500 and status.body["error"] == unknown.body["error"]
