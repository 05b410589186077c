"""A recovery code in place of the login code, through the HTTP API on SQLite and PostgreSQL (issue 15, 3).

`POST /v1/logins` says whether the user has recovery codes to offer (`recovery`); `verify` takes one in the
separate field `recovery_code` and says how many remain. Each works once; a wrong one counts toward the
lockout of the login's source (the client IP) as a wrong code does, and the owner's other sign-ins are
not locked by it. Every answer is checked against the OpenAPI document (`ApiClient`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from api.app import init_app
from domain.core.model import AuditKind
from tests.support.api import ApiClient, ApiWorld, Contract, api_world

ALICE = "alice@example.com"  # 2FA by SMS (api_world)
IP = "203.0.113.7"


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


async def issue_codes(world: ApiWorld) -> list[str]:
    async with world.services.uow_factory() as uow:
        alice = await uow.users.get_by_email(ALICE)
        assert alice is not None
        codes = await world.services.recovery.issue(uow, alice, world.clock.now())
        await uow.commit()
    return codes


async def start(api: ApiClient, ip: str = IP, recovery: bool = True) -> str:
    started = await api.post("/v1/logins", {"email": ALICE, "ip": ip})
    assert started.status == 200, started.body
    assert started.body["second_factor"] == "required" and started.body["recovery"] is recovery
    return str(started.body["login_id"])


async def verify(api: ApiClient, login: str, typed: str, **more: object) -> tuple[int, dict[str, object]]:
    answer = await api.post(f"/v1/logins/{login}/verify", {"recovery_code": typed, **more})
    return answer.status, answer.body


async def test_the_start_answer_offers_a_recovery_code_only_when_there_are_some(
    api: ApiClient, world: ApiWorld
) -> None:
    login = await start(api, recovery=False)
    status, body = await verify(api, login, "ABCD-EFGH")
    assert (status, body["error"]) == (400, "invalid_code")
    await issue_codes(world)
    await start(api, recovery=True)


async def test_a_recovery_code_signs_in_once_and_says_how_many_remain(
    api: ApiClient, world: ApiWorld
) -> None:
    codes = await issue_codes(world)
    login = await start(api)
    status, body = await verify(api, login, codes[0].lower().replace("-", " "), remember_device=True)
    assert status == 200 and body["verified"] is True and body["recovery_codes_left"] == 9
    assert "device_token" in body
    sms_code = world.sms.last_code()
    after = await api.post(f"/v1/logins/{login}/verify", {"code": sms_code})
    assert (after.status, after.body["error"]) == (409, "already_used")
    again = await start(api)
    status, body = await verify(api, again, codes[0])
    assert (status, body["error"]) == (400, "invalid_code")
    async with world.services.uow_factory() as uow:
        [used] = await uow.audit.list(kind=AuditKind.RECOVERY_CODE_USED)
        assert used.detail == {"by": "login", "remaining": 9}
        [verified, *_] = await uow.audit.list(kind=AuditKind.LOGIN_VERIFIED)
        assert verified.detail.get("by") == "recovery_code"
    status, body = await verify(api, again, codes[1])
    assert status == 200 and body["recovery_codes_left"] == 8


async def test_a_code_answer_says_nothing_of_recovery_codes(api: ApiClient, world: ApiWorld) -> None:
    await issue_codes(world)
    login = await start(api)
    verified = await api.post(f"/v1/logins/{login}/verify", {"code": world.sms.last_code()})
    assert verified.status == 200 and "recovery_codes_left" not in verified.body


async def test_wrong_recovery_codes_lock_the_source_as_wrong_codes_do(
    api: ApiClient, world: ApiWorld
) -> None:
    codes = await issue_codes(world)
    threshold = world.services.codes.policy.lockout_threshold
    login = await start(api)
    answers = [(await verify(api, login, "ZZZZ-ZZZZ"))[0] for _ in range(threshold)]
    assert answers == [400] * threshold  # the login's own tries are not used up by them
    status, body = await verify(api, login, codes[0])
    assert (status, body["error"]) == (423, "locked") and "retry_at" in body
    blocked = await api.post("/v1/logins", {"email": ALICE, "ip": IP})
    assert blocked.status == 423
    elsewhere = await start(api, ip="198.51.100.9")  # the owner, from elsewhere, is not locked out
    status, body = await verify(api, elsewhere, codes[0])
    assert status == 200 and body["recovery_codes_left"] == 9


async def test_the_body_takes_a_code_or_a_recovery_code_never_both(api: ApiClient, world: ApiWorld) -> None:
    codes = await issue_codes(world)
    login = await start(api)
    both = await api.post(f"/v1/logins/{login}/verify", {"code": "123456", "recovery_code": codes[0]})
    assert (both.status, both.body["error"], both.body["field"]) == (400, "invalid_request", "code")
    for bad in ("", "   ", 12345678, "x" * 65):
        answer = await api.post(f"/v1/logins/{login}/verify", {"recovery_code": bad})
        assert (answer.status, answer.body["error"]) == (400, "invalid_request"), bad
    assert api.contract.request_valid("POST", f"/v1/logins/{login}/verify", {"recovery_code": codes[0]})
    assert not api.contract.request_valid(
        "POST", f"/v1/logins/{login}/verify", {"code": "123456", "recovery_code": codes[0]}
    )
    status, _ = await verify(api, login, codes[0])
    assert status == 200


async def test_a_login_whose_code_expired_takes_no_recovery_code(api: ApiClient, world: ApiWorld) -> None:
    codes = await issue_codes(world)
    login = await start(api)
    world.clock.advance(world.services.codes.policy.lifetime.total_seconds() + 1)
    status, body = await verify(api, login, codes[0])
    assert (status, body["error"]) == (410, "expired")
    assert (await verify(api, "no-such-login", codes[0]))[0] == 404
    fresh = await start(api)
    assert (await verify(api, fresh, codes[0]))[0] == 200  # the expired try did not spend it
