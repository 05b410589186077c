"""The login API for a user whose second factor is an authenticator app (TOTP), on SQLite and PostgreSQL.

Nothing is sent: the page is told to ask for the app's code. A code is accepted at the current 30-second
step or one step either side, refused two steps away, and each step works once (a replayed code is
refused, also on a second login). Wrong codes lock logins as for any other code.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path

import pyotp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import text

from api.app import init_app
from domain.accounts import admin
from domain.core.destinations import APP
from domain.core.model import Channel, Method, Role, TwoFactorSetting
from domain.proofs.factors import AppCode
from tests.support.api import ApiClient, ApiWorld, Contract, api_world
from tests.support.fakes import EPOCH

DAVE = "dave@example.com"


@pytest.fixture
async def world(tmp_path: Path, database_url: str) -> AsyncIterator[ApiWorld]:
    world = await api_world(tmp_path, database_url=database_url)
    try:
        yield world
    finally:
        await world.services.aclose()


@pytest.fixture
async def api(world: ApiWorld) -> AsyncIterator[ApiClient]:
    async with TestClient(TestServer(init_app(world.services))) as client:
        yield ApiClient(client, Contract())


@pytest.fixture
async def totp(world: ApiWorld) -> pyotp.TOTP:
    """dave, with an authenticator app enrolled and confirmed; the TOTP his app computes."""
    factor = world.services.codes.factors[Channel.APP]
    assert isinstance(factor, AppCode)
    async with world.services.uow_factory() as uow:
        dave = await admin.add_user(uow, DAVE, "Dave", "Acme", Role.MEMBER, EPOCH)
        enrolment = await factor.codes.enrol(uow, dave, EPOCH)
        pending = await uow.app_secrets.get(dave.key, active=False)
        assert pending is not None and pending.id is not None
        await uow.app_secrets.activate(dave.key, pending.id)
        await uow.two_factor.save(TwoFactorSetting(dave.key, Method.APP, APP, EPOCH))
        await uow.commit()
    parsed = pyotp.parse_uri(enrolment.uri)
    assert isinstance(parsed, pyotp.TOTP) and parsed.issuer == "TwoFA Assistant" and parsed.name == DAVE
    assert enrolment.key.replace(" ", "") == parsed.secret
    return parsed


def code_at(totp: pyotp.TOTP, moment: datetime) -> str:
    return totp.at(moment)


async def start(api: ApiClient) -> str:
    started = await api.post("/v1/logins", {"email": DAVE})
    assert started.status == 200, started.body
    assert started.body["channel"] == "app" and started.body["input"] == "app"
    assert started.body["sent_to"] == "authenticator app"
    return str(started.body["login_id"])


async def test_an_app_user_logs_in_with_the_apps_code_and_nothing_is_sent(
    api: ApiClient, world: ApiWorld, totp: pyotp.TOTP
) -> None:
    login = await start(api)
    assert world.email.sent == [] and world.sms.sent == []
    resent = await api.post(f"/v1/logins/{login}/resend")
    assert (resent.status, resent.body["error"]) == (409, "nothing_to_send")
    verified = await api.post(f"/v1/logins/{login}/verify", {"code": code_at(totp, world.clock.now())})
    assert verified.status == 200 and verified.body["verified"] is True


async def test_a_code_is_accepted_once_even_on_another_login(
    api: ApiClient, world: ApiWorld, totp: pyotp.TOTP
) -> None:
    code = code_at(totp, world.clock.now())
    first, second = await start(api), await start(api)
    assert (await api.post(f"/v1/logins/{first}/verify", {"code": code})).status == 200
    replayed = await api.post(f"/v1/logins/{second}/verify", {"code": code})
    assert (replayed.status, replayed.body["error"]) == (400, "invalid_code")
    world.clock.advance(30)  # the next step's code is new
    assert (
        await api.post(f"/v1/logins/{second}/verify", {"code": code_at(totp, world.clock.now())})
    ).status == 200


async def test_one_step_of_drift_is_accepted_and_two_are_refused(
    api: ApiClient, world: ApiWorld, totp: pyotp.TOTP
) -> None:
    now = world.clock.now()
    login = await start(api)
    two_ahead = await api.post(
        f"/v1/logins/{login}/verify", {"code": code_at(totp, now + timedelta(seconds=60))}
    )
    assert two_ahead.status == 400
    two_behind = await api.post(
        f"/v1/logins/{login}/verify", {"code": code_at(totp, now - timedelta(seconds=60))}
    )
    assert two_behind.status == 400
    one_ahead = await api.post(
        f"/v1/logins/{login}/verify", {"code": code_at(totp, now + timedelta(seconds=30))}
    )
    assert one_ahead.status == 200
    behind = await start(api)  # the step before the one used is refused too: steps only move forward
    late = await api.post(f"/v1/logins/{behind}/verify", {"code": code_at(totp, now - timedelta(seconds=30))})
    assert late.status == 400


async def test_wrong_app_codes_lock_logins_as_other_codes_do(
    api: ApiClient, world: ApiWorld, totp: pyotp.TOTP
) -> None:
    policy = world.services.codes.policy
    good = code_at(totp, world.clock.now())
    wrong = f"{(int(good) + 1) % 10**6:06d}"
    answers = []
    for _ in range(policy.lockout_threshold):
        login = await start(api)
        answers.append((await api.post(f"/v1/logins/{login}/verify", {"code": wrong})).status)
    assert answers == [400] * policy.lockout_threshold
    blocked = await api.post("/v1/logins", {"email": DAVE})
    assert blocked.status == 423


async def test_the_secret_is_stored_sealed(world: ApiWorld, totp: pyotp.TOTP) -> None:
    async with world.services.uow_factory() as uow:
        dave = await uow.users.get_by_email(DAVE)
        assert dave is not None
        stored = await uow.app_secrets.get(dave.key, active=True)
    assert stored is not None and stored.sealed.startswith("v1.")
    assert totp.secret not in stored.sealed
    engine = world.services.engine
    async with engine.connect() as connection:
        rows = (await connection.execute(text("SELECT * FROM app_secrets"))).all()
    assert rows and not any(totp.secret in str(value) for row in rows for value in row)
