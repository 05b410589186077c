"""The HTTP API on a real SQLite database with fake gateways and clock, and its OpenAPI contract."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient
from openapi_schema_validator import OAS31Validator

from api.openapi import openapi_document
from app.settings import Settings
from app.wiring import Services, build_services
from domain.accounts import admin
from domain.core.api_keys import ApiKey, KeyScope, key_hash
from domain.core.model import Method, Role, TwoFactorSetting
from domain.core.ports import UnitOfWork
from tests.support.fakes import EPOCH, FakeClock, FakeEmailSender, FakeSmsSender, FakeTokens

TOKEN = "api-token-for-tests-0123456789abcdefghij"  # the login page's key ("login-page", login scope)
OTHER_TOKEN = "second-api-token-for-tests-0123456789abc"  # another login key ("login-page-2")
MANAGER_TOKEN = "acme-admin-key-for-tests-0123456789abcdef"  # "acme-admin": manager scope, contract Acme
ALICE_MOBILE = "+447400123456"  # alice: 2FA by SMS
CAROL_2FA = "carol.2fa@example.net"  # carol: 2FA by email; bob: no 2FA


def api_settings(folder: Path, **overrides: Any) -> Settings:
    """Settings on a SQLite file in `folder` (no `.env`, whatever the environment holds).

    Development: the tests inject fake email and SMS gateways, and production refuses the offline ones
    these settings would otherwise build (`app.production`)."""
    values: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{folder / 'api.db'}",
        "secret_key": "an-api-test-secret-key-that-is-long-enough-0123",
        "environment": "development",
        "outbox_dir": folder / "outbox",
    }
    return Settings(_env_file=None, **(values | overrides))


@dataclass
class ApiWorld:
    """Services wired for tests: read codes from the fake gateways, move the fake clock."""

    services: Services
    clock: FakeClock
    email: FakeEmailSender
    sms: FakeSmsSender


async def api_world(folder: Path, **settings: Any) -> ApiWorld:
    """Build the services and seed alice (SMS), bob (no 2FA) and carol (email), and the API keys above."""
    clock, email, sms = FakeClock(), FakeEmailSender(), FakeSmsSender()
    services = await build_services(
        api_settings(folder, **settings), stream=None, clock=clock, tokens=FakeTokens(), email=email, sms=sms
    )
    async with services.uow_factory() as uow:
        await admin.add_contract(uow, "Acme", EPOCH)
        alice = await admin.add_user(uow, "alice@example.com", "Alice", "Acme", Role.MEMBER, EPOCH)
        await admin.add_user(uow, "bob@example.com", "Bob", "Acme", Role.MEMBER, EPOCH)
        carol = await admin.add_user(uow, "carol@example.com", "Carol", "Acme", Role.ACCOUNT_MANAGER, EPOCH)
        await uow.two_factor.save(TwoFactorSetting(alice.key, Method.SMS, ALICE_MOBILE, EPOCH))
        await uow.two_factor.save(TwoFactorSetting(carol.key, Method.EMAIL, CAROL_2FA, EPOCH))
        await seed_key(uow, "login-page", TOKEN, KeyScope.LOGIN)
        await seed_key(uow, "login-page-2", OTHER_TOKEN, KeyScope.LOGIN)
        await seed_key(uow, "acme-admin", MANAGER_TOKEN, KeyScope.MANAGER, alice.contract_id)
        await uow.commit()
    return ApiWorld(services, clock, email, sms)


async def seed_key(uow: UnitOfWork, name: str, key: str, scope: KeyScope, *contract_ids: int) -> ApiKey:
    """Store a key the tests know (`twofa keys add` makes random ones); only its hash is kept."""
    return await uow.api_keys.add(ApiKey(None, name, key_hash(key), scope, contract_ids, EPOCH))


class Contract:
    """Checks answers against the OpenAPI document: the documented status, and the body's schema."""

    def __init__(self) -> None:
        self.document = openapi_document()
        self._paths = [
            (re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "$"), template)
            for template in self.document["paths"]
        ]

    def response_schema(self, method: str, path: str, status: int, content_type: str) -> dict[str, Any]:
        template = next((t for pattern, t in self._paths if pattern.match(path)), None)
        if template is None:  # no such endpoint: any error in the documented shape
            return {"$ref": "#/components/schemas/Error"}
        operation = self.document["paths"][template].get(method.lower())
        if operation is None:  # a method the endpoint does not take (405)
            return {"$ref": "#/components/schemas/Error"}
        responses = operation["responses"]
        response = responses.get(str(status)) or responses.get("default")
        assert response is not None, f"{method} {template} does not document {status}"
        content = response["content"]
        assert content_type in content, f"{method} {template} {status} is not documented as {content_type}"
        return dict(content[content_type]["schema"])

    def request_schema(self, method: str, path: str) -> dict[str, Any]:
        template = next(t for pattern, t in self._paths if pattern.match(path))
        operation = self.document["paths"][template][method.lower()]
        return dict(operation["requestBody"]["content"]["application/json"]["schema"])

    def request_valid(self, method: str, path: str, body: Any) -> bool:
        """Whether the document's request schema takes `body`."""
        return bool(OAS31Validator(self.request_schema(method, path)).is_valid(body))

    def check(self, method: str, path: str, status: int, content_type: str, body: Any) -> None:
        schema = self.response_schema(method, path, status, content_type)
        schema["components"] = self.document["components"]  # so `#/components/...` references resolve
        OAS31Validator(schema, format_checker=OAS31Validator.FORMAT_CHECKER).validate(body)


@dataclass
class Answer:
    status: int
    body: Any
    headers: dict[str, str]
    raw: bytes


class ApiClient:
    """Calls the API through aiohttp's test client; every JSON answer is checked against the contract."""

    def __init__(self, client: TestClient[web.Request, web.Application], contract: Contract) -> None:
        self.client = client
        self.contract = contract

    async def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        token: str | None = TOKEN,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        sent = dict(headers or {})
        if token is not None:
            sent.setdefault("Authorization", f"Bearer {token}")
        if data is None and body is not None:
            response = await self.client.request(method, path, json=body, headers=sent)
        else:
            response = await self.client.request(method, path, data=data, headers=sent)
        raw = await response.read()
        content_type = response.content_type
        parsed: Any = await response.json() if content_type == "application/json" else raw.decode()
        if content_type == "application/json":
            self.contract.check(method, path, response.status, content_type, parsed)
        if response.status == 200 and isinstance(body, dict):  # what was accepted, the document accepts
            assert self.contract.request_valid(method, path, body), body
        return Answer(response.status, parsed, dict(response.headers), raw)

    async def post(self, path: str, body: Any = None, **options: Any) -> Answer:
        return await self.call("POST", path, body, **options)

    async def get(self, path: str, **options: Any) -> Answer:
        return await self.call("GET", path, **options)


async def wait_healthy(session: aiohttp.ClientSession, base: str, seconds: float = 30.0) -> None:
    """Poll /healthz until the server answers 200 (it is still starting before that)."""
    async with asyncio.timeout(seconds):
        while True:
            try:
                async with session.get(f"{base}/healthz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientConnectionError:
                pass
            await asyncio.sleep(0.1)
