"""Regression for the security issue: an API key plus a manager's email used to switch 2FA off for every
user of any contract. Now keys are scoped, and a manager action waits for the manager's own code.

Through a real aiohttp server on loopback, on SQLite and PostgreSQL; every answer checked against the
OpenAPI document.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.ext.asyncio import AsyncEngine

from api.app import init_app
from api.keys import KEYS
from domain.accounts import admin
from domain.accounts.key_admin import revoke_key
from domain.core.api_keys import KeyScope
from domain.core.model import AuditEvent, AuditKind, Lockout, Method, Role, TwoFactorSetting
from storage.engine import create_engine
from tests.support.api import (
    CAROL_2FA,
    MANAGER_TOKEN,
    TOKEN,
    ApiClient,
    ApiWorld,
    Contract,
    api_world,
    seed_key,
)
from tests.support.databases import truncate_all
from tests.support.fakes import EPOCH

DISABLE = "/v1/contracts/{}/two-factor/disable"
CONFIRM = "/v1/manager-actions/{}/confirm"
GLOBEX_TOKEN = "globex-admin-key-for-tests-0123456789abcde"
REASON = "Security review"


@dataclass
class Setup:
    world: ApiWorld
    api: ApiClient
    acme: int  # alice (SMS), bob (no 2FA), carol (manager, email 2FA); key acme-admin
    globex: int  # dave (manager, SMS 2FA), erin (email 2FA); key globex-admin


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def setup(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Setup]:
    overrides: dict[str, str] = {}
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_database_url")
        engine: AsyncEngine = create_engine(url)
        try:
            await truncate_all(engine)
        finally:
            await engine.dispose()
        overrides["database_url"] = url
    world = await api_world(tmp_path, **overrides)
    try:
        async with world.services.uow_factory() as uow:
            globex = await admin.add_contract(uow, "Globex", EPOCH)
            assert globex.id is not None
            dave = await admin.add_user(
                uow, "dave@globex.example", "Dave", "Globex", Role.ACCOUNT_MANAGER, EPOCH
            )
            erin = await admin.add_user(uow, "erin@globex.example", "Erin", "Globex", Role.MEMBER, EPOCH)
            await uow.two_factor.save(TwoFactorSetting(dave.key, Method.SMS, "+447400999888", EPOCH))
            await uow.two_factor.save(TwoFactorSetting(erin.key, Method.EMAIL, "erin.2fa@example.net", EPOCH))
            await seed_key(uow, "globex-admin", GLOBEX_TOKEN, KeyScope.MANAGER, globex.id)
            acme = await uow.contracts.get_by_name("Acme")
            await uow.commit()
        assert acme is not None and acme.id is not None
        async with TestClient(TestServer(init_app(world.services))) as client:
            yield Setup(world, ApiClient(client, Contract()), acme.id, globex.id)
    finally:
        await world.services.aclose()


async def methods(world: ApiWorld) -> dict[str, Method]:
    async with world.services.uow_factory() as uow:
        return {user.email: (await uow.two_factor.get(user.key)).method for user in await uow.users.list()}


async def events(world: ApiWorld, kind: AuditKind) -> list[AuditEvent]:
    async with world.services.uow_factory() as uow:
        return await uow.audit.list(kind=kind)


ALL_ON = {
    "alice@example.com": Method.SMS,
    "bob@example.com": Method.NONE,
    "carol@example.com": Method.EMAIL,
    "dave@globex.example": Method.SMS,
    "erin@globex.example": Method.EMAIL,
}


async def test_a_login_key_and_a_managers_email_cannot_disable_2fa_of_any_contract(setup: Setup) -> None:
    """(a) The reported attack: the login page's key plus a manager's email."""
    for contract, manager in ((setup.globex, "dave@globex.example"), (setup.acme, "carol@example.com")):
        body = {"reason": REASON, "manager_email": manager}
        answer = await setup.api.post(DISABLE.format(contract), body, token=TOKEN)
        assert (answer.status, answer.body["error"]) == (403, "not_allowed")
    assert await methods(setup.world) == ALL_ON
    refused = await events(setup.world, AuditKind.API_FORBIDDEN)
    assert [(e.actor, e.detail["key"], e.detail["scope"]) for e in refused] == [
        ("api-key:login-page", "login-page", "login")
    ] * 2
    assert TOKEN not in str([e.detail for e in refused])
    assert setup.world.sms.sent == [] and setup.world.email.sent == []  # not even a code went out


async def test_a_manager_key_for_one_contract_cannot_touch_another(setup: Setup) -> None:
    """(b) acme-admin names only Acme: Globex is refused, whatever manager email comes with it."""
    for manager in ("dave@globex.example", "carol@example.com"):
        body = {"reason": REASON, "manager_email": manager}
        answer = await setup.api.post(DISABLE.format(setup.globex), body, token=MANAGER_TOKEN)
        assert (answer.status, answer.body["error"]) == (403, "not_allowed")
    # and a manager key cannot call the login endpoints
    login = await setup.api.post("/v1/logins", {"email": "alice@example.com"}, token=MANAGER_TOKEN)
    assert (login.status, login.body["error"]) == (403, "not_allowed")
    assert await methods(setup.world) == ALL_ON
    refused = await events(setup.world, AuditKind.API_FORBIDDEN)
    assert {e.actor for e in refused} == {"api-key:acme-admin"} and len(refused) == 3
    assert [e.detail["contract"] for e in refused[:2]] == [setup.globex, setup.globex]
    assert setup.world.sms.sent == []


async def test_a_manager_key_needs_the_managers_code_and_then_disables_with_notices(setup: Setup) -> None:
    """(c) 202 pending and nothing changed; a wrong code changes nothing; the right one disables."""
    body = {"reason": REASON, "manager_email": "carol@example.com"}
    asked = await setup.api.post(DISABLE.format(setup.acme), body, token=MANAGER_TOKEN)
    assert asked.status == 202
    assert asked.body["status"] == "pending_confirmation" and asked.body["sent_to"] != CAROL_2FA
    assert await methods(setup.world) == ALL_ON
    [code_mail] = setup.world.email.sent
    assert code_mail.to == CAROL_2FA  # the manager's own 2FA destination
    code = setup.world.email.last_code()
    action = asked.body["action_id"]
    state = await setup.api.get(f"/v1/manager-actions/{action}", token=MANAGER_TOKEN)
    assert (state.status, state.body["status"]) == (200, "pending_confirmation")

    wrong = "000000" if code != "000000" else "111111"
    bad = await setup.api.post(CONFIRM.format(action), {"code": wrong}, token=MANAGER_TOKEN)
    assert (bad.status, bad.body["error"], bad.body["attempts_left"]) == (400, "invalid_code", 4)
    other = await setup.api.post(CONFIRM.format(action), {"code": code}, token=GLOBEX_TOKEN)
    assert (other.status, other.body["error"]) == (403, "not_allowed")  # another contract's key
    assert await methods(setup.world) == ALL_ON

    done = await setup.api.post(CONFIRM.format(action), {"code": code}, token=MANAGER_TOKEN)
    assert (done.status, done.body) == (
        200,
        {"disabled": ["alice@example.com"], "count": 1},  # carol, the acting manager, keeps hers
    )
    after = await methods(setup.world)
    assert after["alice@example.com"] is Method.NONE and after["carol@example.com"] is Method.EMAIL  # kept
    assert after["erin@globex.example"] is Method.EMAIL and after["dave@globex.example"] is Method.SMS
    again = await setup.api.post(CONFIRM.format(action), {"code": code}, token=MANAGER_TOKEN)
    assert (again.status, again.body["error"]) == (409, "already_used")

    await setup.world.services.dispatcher.run_once()
    notices = sorted(
        m.to for m in setup.world.email.sent if m.subject == "Two-factor authentication was turned off"
    )
    assert notices == ["alice@example.com"]
    [requested] = await events(setup.world, AuditKind.MANAGER_ACTION_REQUESTED)
    [confirmed] = await events(setup.world, AuditKind.MANAGER_ACTION_CONFIRMED)
    [disabled] = await events(setup.world, AuditKind.MANAGER_DISABLED)
    assert requested.actor == confirmed.actor == "api-key:acme-admin"
    assert disabled.detail["via"] == "api-key:acme-admin"
    assert len(await events(setup.world, AuditKind.TWOFA_DISABLED)) == 1


async def test_an_expired_or_killed_action_changes_nothing(setup: Setup) -> None:
    body = {"reason": REASON, "manager_email": "carol@example.com", "user_email": "alice@example.com"}
    first = await setup.api.post(DISABLE.format(setup.acme), body, token=MANAGER_TOKEN)
    code = setup.world.email.last_code()
    setup.world.clock.advance(minutes=5)
    late = await setup.api.post(CONFIRM.format(first.body["action_id"]), {"code": code}, token=MANAGER_TOKEN)
    assert (late.status, late.body["error"]) == (410, "expired")
    setup.world.clock.advance(minutes=2)  # past the resend cooldown
    second = await setup.api.post(DISABLE.format(setup.acme), body, token=MANAGER_TOKEN)
    code = setup.world.email.last_code()
    wrong = "000000" if code != "000000" else "111111"
    answers = [
        await setup.api.post(CONFIRM.format(second.body["action_id"]), {"code": wrong}, token=MANAGER_TOKEN)
        for _ in range(5)
    ]
    assert [a.status for a in answers] == [400, 400, 400, 400, 429]
    right = await setup.api.post(
        CONFIRM.format(second.body["action_id"]), {"code": code}, token=MANAGER_TOKEN
    )
    assert (right.status, right.body["error"]) == (429, "too_many_attempts")
    unknown = await setup.api.post(CONFIRM.format("no-such-action"), {"code": code}, token=MANAGER_TOKEN)
    assert (unknown.status, unknown.body["error"]) == (404, "unknown_action")
    assert await methods(setup.world) == ALL_ON


async def test_a_revoked_key_gets_401_like_an_unknown_one(setup: Setup) -> None:
    """(d) Revocation takes effect within the cache's few seconds; here the cache is emptied to skip them."""
    assert (await setup.api.post("/v1/logins", {"email": "bob@example.com"})).status == 200
    async with setup.world.services.uow_factory() as uow:
        await revoke_key(uow, "login-page", setup.world.clock.now())
        await uow.commit()
    app = setup.api.client.app
    assert app is not None
    app[KEYS].forget()
    revoked = await setup.api.post("/v1/logins", {"email": "bob@example.com"})
    unknown = await setup.api.post("/v1/logins", {"email": "bob@example.com"}, token="twofa_" + "x" * 43)
    assert (revoked.status, revoked.body) == (unknown.status, unknown.body)
    assert revoked.status == 401
    refusals = await events(setup.world, AuditKind.API_UNAUTHORIZED)
    assert [e.detail["reason"] for e in refusals] == ["wrong", "wrong"]
    assert TOKEN not in str([e.detail for e in refusals])


async def test_while_the_manager_is_locked_the_code_is_not_checked_and_the_action_waits(setup: Setup) -> None:
    body = {"reason": REASON, "manager_email": "carol@example.com", "user_email": "alice@example.com"}
    asked = await setup.api.post(DISABLE.format(setup.acme), body, token=MANAGER_TOKEN)
    code, action = setup.world.email.last_code(), asked.body["action_id"]
    async with setup.world.services.uow_factory() as uow:
        carol = await uow.users.get_by_email("carol@example.com")
        assert carol is not None
        await uow.lockouts.save(Lockout(carol.key, 10, EPOCH + timedelta(minutes=1)))
        await uow.commit()
    locked = await setup.api.post(CONFIRM.format(action), {"code": code}, token=MANAGER_TOKEN)
    assert (locked.status, locked.body["error"]) == (423, "locked")
    assert await methods(setup.world) == ALL_ON
    setup.world.clock.advance(minutes=1)
    done = await setup.api.post(CONFIRM.format(action), {"code": code}, token=MANAGER_TOKEN)
    assert (done.status, done.body["count"]) == (200, 1)  # the action was kept, not closed as expired
