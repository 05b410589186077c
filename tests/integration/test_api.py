"""The HTTP API over loopback (aiohttp's test client, real SQLite): every answer, checked against its
OpenAPI document."""

from __future__ import annotations

from domain.core.ports import DeliveryProblem
from domain.signin.devices import DevicePolicy, RememberedDevices
from domain.signin.login_watch import LoginWatch, WatchPolicy
from tests.support.api import ALICE_MOBILE, CAROL_2FA, ApiClient, ApiWorld

FIVE_MINUTES_LATER = "2026-11-27T09:05:00Z"


async def start(api: ApiClient, email: str = "alice@example.com", **fields: object) -> dict[str, object]:
    answer = await api.post("/v1/logins", {"email": email, **fields})
    assert answer.status == 200, answer.body
    body: dict[str, object] = answer.body
    return body


async def test_a_user_without_2fa_is_told_to_set_it_up(api: ApiClient) -> None:
    answer = await api.post("/v1/logins", {"email": "bob@example.com", "ip": "203.0.113.9"})
    assert (answer.status, answer.body) == (200, {"second_factor": "not_enabled", "setup_suggested": True})


async def test_an_unknown_email_gets_byte_for_byte_the_answer_of_a_user_without_2fa(
    api: ApiClient, world: ApiWorld
) -> None:
    bob = await api.post("/v1/logins", {"email": "bob@example.com", "user_agent": "Firefox"})
    nobody = await api.post("/v1/logins", {"email": "nobody@example.com", "user_agent": "Firefox"})
    assert (bob.status, bob.raw) == (nobody.status, nobody.raw)
    assert {k: v for k, v in bob.headers.items() if k != "Date"} == {
        k: v for k, v in nobody.headers.items() if k != "Date"
    }
    assert world.sms.sent == [] and world.email.sent == []


async def test_with_2fa_by_sms_a_code_is_texted_and_the_login_must_be_verified(
    api: ApiClient, world: ApiWorld
) -> None:
    body = await start(api, "Alice@Example.com", ip="203.0.113.9", user_agent="Firefox")
    assert body == {
        "second_factor": "required",
        "login_id": body["login_id"],
        "channel": "sms",
        "input": "sms",
        "sent_to": "+44 ••••••• 56",
        "expires_at": FIVE_MINUTES_LATER,
        "recovery": False,  # no recovery codes yet
    }
    assert world.sms.sent[-1].to == ALICE_MOBILE
    answer = await api.post(f"/v1/logins/{body['login_id']}/verify", {"code": world.sms.last_code()})
    assert (answer.status, answer.body) == (200, {"verified": True})


async def test_with_2fa_by_email_the_code_goes_to_the_2fa_address(api: ApiClient, world: ApiWorld) -> None:
    body = await start(api, "carol@example.com")
    assert body["channel"] == "email" and body["sent_to"] == "ca•••a@example.net"
    code = int(world.email.last_code(CAROL_2FA))  # a number is accepted as well as a string
    answer = await api.post(f"/v1/logins/{body['login_id']}/verify", {"code": str(code).zfill(6)})
    assert answer.body == {"verified": True}


async def test_a_verified_login_cannot_be_verified_or_resent_again(api: ApiClient, world: ApiWorld) -> None:
    login_id = (await start(api))["login_id"]
    code = world.sms.last_code()
    assert (await api.post(f"/v1/logins/{login_id}/verify", {"code": code})).status == 200
    again = await api.post(f"/v1/logins/{login_id}/verify", {"code": code})
    assert (again.status, again.body["error"]) == (409, "already_used")
    resent = await api.post(f"/v1/logins/{login_id}/resend")
    assert (resent.status, resent.body["error"]) == (409, "already_used")


async def test_wrong_codes_count_down_and_the_fifth_ends_the_login(api: ApiClient, world: ApiWorld) -> None:
    login_id = (await start(api))["login_id"]
    right = world.sms.last_code()
    wrong = "000000" if right != "000000" else "111111"
    for left in (4, 3, 2, 1):
        answer = await api.post(f"/v1/logins/{login_id}/verify", {"code": wrong})
        assert (answer.status, answer.body["error"], answer.body["attempts_left"]) == (
            400,
            "invalid_code",
            left,
        )
    answer = await api.post(f"/v1/logins/{login_id}/verify", {"code": wrong})
    assert (answer.status, answer.body["error"]) == (429, "too_many_attempts")
    assert "Retry-After" not in answer.headers  # waiting does not help: start again
    answer = await api.post(f"/v1/logins/{login_id}/verify", {"code": right})
    assert (answer.status, answer.body["error"]) == (429, "too_many_attempts")  # even the right code


async def test_a_code_is_refused_once_expired(api: ApiClient, world: ApiWorld) -> None:
    login_id = (await start(api))["login_id"]
    world.clock.advance(minutes=5)
    answer = await api.post(f"/v1/logins/{login_id}/verify", {"code": world.sms.last_code()})
    assert (answer.status, answer.body["error"]) == (410, "expired")


async def test_ten_wrong_codes_in_a_row_lock_logins_until_retry_at(api: ApiClient, world: ApiWorld) -> None:
    for _ in range(2):
        login_id = (await start(api))["login_id"]
        wrong = "000000" if world.sms.last_code() != "000000" else "111111"
        for _ in range(5):
            last = await api.post(f"/v1/logins/{login_id}/verify", {"code": wrong})
    assert last.body["error"] == "too_many_attempts"
    locked = await api.post("/v1/logins", {"email": "alice@example.com"})
    assert (locked.status, locked.body["error"]) == (423, "locked")
    assert locked.body["retry_at"] == "2026-11-27T09:01:00Z" and locked.headers["Retry-After"] == "60"
    during = await api.post(f"/v1/logins/{login_id}/verify", {"code": world.sms.last_code()})
    assert (during.status, during.body["error"]) == (429, "too_many_attempts")  # that login is over
    world.clock.advance(seconds=60)
    assert (await start(api))["second_factor"] == "required"


async def test_a_login_denied_from_the_chat_is_locked(api: ApiClient, world: ApiWorld) -> None:
    """ "This was not me" in the chat cancels the code and blocks codes for 15 minutes."""
    login_id = str((await start(api))["login_id"])
    services = world.services
    devices = RememberedDevices(DevicePolicy(), services.server_key, services.tokens)
    watch = LoginWatch(WatchPolicy(), services.codes, devices)
    async with services.uow_factory() as uow:
        alice = await uow.users.get_by_email("alice@example.com")
        assert alice is not None
        await watch.deny(uow, alice, login_id, "term:alice", world.clock.now())
        await uow.commit()
    answer = await api.post(f"/v1/logins/{login_id}/verify", {"code": world.sms.last_code()})
    assert (answer.status, answer.body["error"]) == (423, "locked")
    assert answer.body["retry_at"] == "2026-11-27T09:15:00Z" and answer.headers["Retry-After"] == "900"
    again = await api.post("/v1/logins", {"email": "alice@example.com"})
    assert (again.status, again.body["error"]) == (423, "locked")


async def test_an_unknown_login_id_is_404(api: ApiClient) -> None:
    for path in ("/v1/logins/no-such-login/verify", "/v1/logins/" + "x" * 500 + "/verify"):
        answer = await api.post(path, {"code": "123456"})
        assert (answer.status, answer.body["error"]) == (404, "unknown_login")
    answer = await api.post("/v1/logins/no-such-login/resend")
    assert (answer.status, answer.body["error"]) == (404, "unknown_login")


async def test_a_remembered_device_skips_the_code_for_30_days(api: ApiClient, world: ApiWorld) -> None:
    login_id = (await start(api, user_agent="Firefox"))["login_id"]
    answer = await api.post(
        f"/v1/logins/{login_id}/verify", {"code": world.sms.last_code(), "remember_device": True}
    )
    assert answer.body["verified"] is True and answer.body["device_expires_at"] == "2026-12-27T09:00:00Z"
    device = answer.body["device_token"]
    assert await start(api, device_token=device) == {"second_factor": "remembered"}
    assert (await start(api, device_token="not-a-device"))["second_factor"] == "required"
    assert (await start(api, "carol@example.com", device_token=device))["second_factor"] == "required"
    world.clock.advance(days=30)
    assert (await start(api, device_token=device))["second_factor"] == "required"


async def test_resend_waits_for_the_cooldown_then_repeats_the_code(api: ApiClient, world: ApiWorld) -> None:
    login_id = (await start(api))["login_id"]
    code = world.sms.last_code()
    world.clock.advance(seconds=20)
    early = await api.post(f"/v1/logins/{login_id}/resend")
    assert (early.status, early.body["error"]) == (429, "cooldown")
    assert early.body["retry_at"] == "2026-11-27T09:01:00Z" and early.headers["Retry-After"] == "40"
    world.clock.advance(seconds=40)
    resent = await api.post(f"/v1/logins/{login_id}/resend")
    assert (resent.status, resent.body) == (
        200,
        {
            "sent": True,
            "channel": "sms",
            "input": "sms",
            "sent_to": "+44 ••••••• 56",
            "expires_at": FIVE_MINUTES_LATER,
        },
    )
    assert len(world.sms.sent) == 2 and world.sms.last_code() == code


async def test_too_many_codes_to_one_destination_are_rate_limited(api: ApiClient) -> None:
    for _ in range(5):
        await start(api)
    answer = await api.post("/v1/logins", {"email": "alice@example.com"})
    assert (answer.status, answer.body["error"]) == (429, "rate_limited")
    assert answer.body["retry_at"] == "2026-11-27T09:10:00Z" and answer.headers["Retry-After"] == "600"


async def test_a_code_that_cannot_be_delivered_is_a_502_naming_the_problem(
    api: ApiClient, world: ApiWorld
) -> None:
    world.sms.failing = DeliveryProblem.UNREACHABLE
    answer = await api.post("/v1/logins", {"email": "alice@example.com"})
    assert (answer.status, answer.body["error"], answer.body["problem"]) == (
        502,
        "undelivered",
        "unreachable",
    )
