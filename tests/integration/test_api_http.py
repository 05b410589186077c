"""The HTTP API's protocol on loopback: API keys, JSON errors, limits, health, metrics, OpenAPI."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from aiohttp.test_utils import TestClient, TestServer
from openapi_spec_validator import validate

from api.app import init_app
from api.tokens import presented_token
from app.http_api import refuse_api_tokens
from app.settings import ConfigurationError, Settings
from domain.core.model import AuditKind, OutgoingEmail
from domain.core.ports import DeliveryProblem
from domain.core.repositories import OutboxItem, OutboxStatus
from storage.engine import create_engine
from tests.support.api import OTHER_TOKEN, TOKEN, ApiClient, ApiWorld, Contract
from tests.support.fakes import EPOCH


async def refusals(world: ApiWorld) -> list[dict[str, object]]:
    async with world.services.uow_factory() as uow:
        return [event.detail for event in await uow.audit.list(kind=AuditKind.API_UNAUTHORIZED)]


async def test_a_missing_or_wrong_token_is_401_and_audited_without_the_token(
    api: ApiClient, world: ApiWorld
) -> None:
    login = {"email": "alice@example.com"}
    missing = await api.post("/v1/logins", login, token=None)
    wrong = await api.post("/v1/logins", login, token="a-guessed-token-" + TOKEN)
    basic = await api.post("/v1/logins", login, token=None, headers={"Authorization": f"Basic {TOKEN}"})
    for answer in (missing, wrong, basic):
        assert (answer.status, answer.body["error"]) == (401, "unauthorized")
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert world.sms.sent == []
    details = await refusals(world)
    assert [d["reason"] for d in details] == ["missing", "wrong", "missing"]
    assert {d["remote"] for d in details} == {"127.0.0.1"}
    assert details[0]["path"] == "/v1/logins" and details[0]["method"] == "POST"
    assert TOKEN not in json.dumps(details)


async def test_every_login_key_is_accepted_whatever_the_scheme_case(api: ApiClient) -> None:
    for header in (f"Bearer {TOKEN}", f"bearer {OTHER_TOKEN}", f"BEARER  {TOKEN} "):
        answer = await api.post(
            "/v1/logins", {"email": "bob@example.com"}, token=None, headers={"Authorization": header}
        )
        assert answer.status == 200


async def test_keys_are_matched_whole(api: ApiClient) -> None:
    for near in (TOKEN[:-1], TOKEN + "x", TOKEN.upper()):
        assert (await api.post("/v1/logins", {"email": "bob@example.com"}, token=near)).status == 401
    assert presented_token("Bearer x") == "x" and presented_token("Bearer ") is None
    assert presented_token("Token x") is None and presented_token("") is None


async def test_unknown_paths_under_v1_need_a_token_before_they_are_404(
    api: ApiClient, world: ApiWorld
) -> None:
    hidden = await api.get("/v1/users", token=None)
    assert (hidden.status, hidden.body["error"]) == (401, "unauthorized")
    found = await api.get("/v1/users")
    assert (found.status, found.body["error"]) == (404, "not_found")
    outside = await api.get("/nothing-here", token=None)
    assert (outside.status, outside.body["error"]) == (404, "not_found")
    assert [d["path"] for d in await refusals(world)] == ["/v1/users"]


async def test_a_wrong_method_is_a_json_405(api: ApiClient) -> None:
    answer = await api.get("/v1/logins")
    assert (answer.status, answer.body["error"]) == (405, "method_not_allowed")
    assert answer.headers["Allow"] == "POST"


async def test_a_body_that_is_not_json_is_400_invalid_json(api: ApiClient) -> None:
    for data in (b"{not json", b"", b"\xff\xfe\xfa"):
        answer = await api.post("/v1/logins", data=data, headers={"Content-Type": "application/json"})
        assert (answer.status, answer.body["error"]) == (400, "invalid_json"), data


async def test_a_body_that_is_not_an_object_is_400_invalid_request(api: ApiClient) -> None:
    for body in (["alice@example.com"], "alice@example.com", 42, None):
        answer = await api.post("/v1/logins", data=json.dumps(body).encode())
        assert (answer.status, answer.body["error"]) == (400, "invalid_request"), body


async def test_missing_or_wrong_fields_name_the_field(api: ApiClient, world: ApiWorld) -> None:
    cases = [
        ("/v1/logins", {}, "email"),
        ("/v1/logins", {"email": "  "}, "email"),
        ("/v1/logins", {"email": "a" * 310 + "@example.com"}, "email"),
        ("/v1/logins", {"email": 7}, "email"),
        ("/v1/logins", {"email": "alice@example.com", "device_token": "d" * 129}, "device_token"),
        ("/v1/logins", {"email": "alice@example.com", "ip": ["1.2.3.4"]}, "ip"),
        ("/v1/logins", {"email": "alice@example.com", "user_agent": "u" * 513}, "user_agent"),
        ("/v1/logins/some-login/verify", {"code": True}, "code"),
        ("/v1/logins/some-login/verify", {"code": "1" * 33}, "code"),
        ("/v1/logins/some-login/verify", {"code": "123456", "remember_device": "yes"}, "remember_device"),
    ]
    for path, body, field in cases:
        answer = await api.post(path, body)
        assert (answer.status, answer.body["error"], answer.body["field"]) == (400, "invalid_request", field)
        assert not api.contract.request_valid("POST", path, body), body  # the document refuses it too
    assert world.sms.sent == []


async def test_unknown_fields_and_nulls_are_ignored(api: ApiClient) -> None:
    answer = await api.post(
        "/v1/logins", {"email": "bob@example.com", "device_token": None, "ip": None, "color": "blue"}
    )
    assert answer.body == {"second_factor": "not_enabled", "setup_suggested": True}


async def test_an_oversized_body_is_a_json_413(api: ApiClient, world: ApiWorld) -> None:
    body = {"email": "alice@example.com", "padding": "x" * (16 * 1024)}
    answer = await api.post("/v1/logins", body)
    assert (answer.status, answer.body["error"]) == (413, "payload_too_large")
    assert "16384 bytes" in answer.body["message"]
    assert world.sms.sent == []


async def test_an_unexpected_failure_is_a_json_500_that_tells_nothing(
    api: ApiClient, world: ApiWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(world.services.logins, "start", broken)
    answer = await api.post("/v1/logins", {"email": "alice@example.com"})
    assert (answer.status, answer.body["error"]) == (500, "internal_error")
    assert "secret" not in answer.raw.decode()


async def test_healthz_says_ok_without_a_token(api: ApiClient) -> None:
    answer = await api.get("/healthz", token=None)
    assert (answer.status, answer.body) == (200, {"status": "ok"})


async def test_healthz_is_503_when_the_database_is_unreachable(world: ApiWorld) -> None:
    engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/nowhere")
    try:
        app = init_app(replace(world.services, engine=engine))
        async with TestClient(TestServer(app)) as client:
            answer = await ApiClient(client, Contract()).get("/healthz", token=None)
    finally:
        await engine.dispose()
    assert (answer.status, answer.body) == (503, {"status": "unavailable"})


async def test_metrics_count_codes_verifications_failures_and_the_outbox(
    api: ApiClient, world: ApiWorld
) -> None:
    started = await api.post("/v1/logins", {"email": "alice@example.com"})
    await api.post("/v1/logins", {"email": "carol@example.com"})
    wrong = "000000" if world.sms.last_code() != "000000" else "111111"
    await api.post(f"/v1/logins/{started.body['login_id']}/verify", {"code": wrong})
    await api.post(f"/v1/logins/{started.body['login_id']}/verify", {"code": world.sms.last_code()})
    world.email.failing = DeliveryProblem.UNAVAILABLE
    assert (await api.post("/v1/logins", {"email": "carol@example.com"})).status == 502
    async with world.services.uow_factory() as uow:
        notice = OutgoingEmail("alice@example.com", "Notice", "2FA changed")
        await uow.outbox.add(OutboxItem(None, notice, EPOCH, EPOCH))
        await uow.outbox.add(OutboxItem(None, notice, EPOCH, EPOCH, status=OutboxStatus.FAILED))
        await uow.commit()
    answer = await api.get("/metrics", token=None)
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    lines = set(answer.body.splitlines())
    assert {
        'twofa_codes_sent_total{channel="sms"} 1',
        'twofa_codes_sent_total{channel="email"} 1',
        'twofa_verifications_total{outcome="wrong"} 1',
        'twofa_verifications_total{outcome="verified"} 1',
        'twofa_code_delivery_failures_total{channel="email"} 1',
        'twofa_outbox_depth{status="pending"} 1',
        'twofa_outbox_depth{status="failed"} 1',
        "# TYPE twofa_outbox_depth gauge",
    } <= lines


async def test_the_openapi_document_is_public_and_valid(api: ApiClient) -> None:
    answer = await api.get("/v1/openapi.json", token=None)
    assert answer.status == 200
    validate(answer.body)
    assert answer.body == Contract().document
    assert set(answer.body["paths"]) == {
        "/v1/logins",
        "/v1/logins/{login_id}/verify",
        "/v1/logins/{login_id}/resend",
        "/v1/logins/{login_id}",
        "/telegram-gateway/reports",
        "/v1/contracts/{contract_id}/two-factor/disable",
        "/v1/manager-actions/{action_id}/confirm",
        "/v1/manager-actions/{action_id}",
        "/v1/openapi.json",
        "/healthz",
        "/metrics",
    }


def test_the_removed_api_tokens_setting_stops_the_start_naming_the_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWOFA_API_TOKENS", "first-token,second-token")
    settings = Settings(_env_file=None)
    assert "first-token" not in repr(settings)
    with pytest.raises(ConfigurationError, match=r"TWOFA_API_TOKENS is no longer read.*twofa keys add"):
        refuse_api_tokens(settings)
    monkeypatch.delenv("TWOFA_API_TOKENS")
    refuse_api_tokens(Settings(_env_file=None))


async def test_without_a_client_ip_each_api_key_has_limits_of_its_own(api: ApiClient) -> None:
    """A page that passes no IP is one source per key: another page's callers cannot use up its sends."""
    alice = {"email": "alice@example.com"}
    statuses = [(await api.post("/v1/logins", alice)).status for _ in range(6)]
    assert statuses == [200] * 5 + [429]  # five codes to one number in 10 minutes, from this key
    assert (await api.post("/v1/logins", alice, token=OTHER_TOKEN)).status == 200
    assert (await api.post("/v1/logins", alice | {"ip": "192.0.2.1"})).status == 200  # a client of its own
