"""Fixtures of the integration tests' own: the HTTP API on loopback (owner: api)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from api.app import init_app
from tests.support.api import ApiClient, ApiWorld, Contract, api_world


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[ApiWorld]:
    """Services on a fresh SQLite file with alice (SMS), bob (no 2FA) and carol (email 2FA)."""
    world = await api_world(tmp_path)
    try:
        yield world
    finally:
        await world.services.aclose()


@pytest.fixture
async def api(world: ApiWorld) -> AsyncIterator[ApiClient]:
    """The API served by aiohttp's test server on loopback, answers checked against the OpenAPI document."""
    app = init_app(world.services)
    async with TestClient(TestServer(app)) as client:
        yield ApiClient(client, Contract())
