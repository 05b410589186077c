"""Starting the API from the process (`app.http_api`): what `app/` adds to `api.app.start_api`.

The API takes its address as handed in and says only that it cannot have it; the process names the
variables to fix and refuses the removed `TWOFA_API_TOKENS` before anything listens.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest
from pydantic import SecretStr

from api.app import CannotListen, start_api
from app.http_api import serve_http_api, start_http_api
from app.settings import ConfigurationError
from tests.support.api import api_world


def _taken_port(holder: socket.socket) -> int:
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port: int = holder.getsockname()[1]
    return port


async def test_a_taken_port_stops_the_start_naming_the_address_and_its_variables(tmp_path: Path) -> None:
    with socket.socket() as holder:
        port = _taken_port(holder)
        world = await api_world(tmp_path, http_port=port)
        try:
            with pytest.raises(CannotListen, match=rf"^cannot listen on 127\.0\.0\.1:{port}: \S"):
                await start_api(world.services, world.services.settings)
            expected = rf"^cannot listen on 127\.0\.0\.1:{port} \(TWOFA_HTTP_HOST/TWOFA_HTTP_PORT\): \S"
            with pytest.raises(ConfigurationError, match=expected):
                await start_http_api(world.services)
            with pytest.raises(ConfigurationError, match=expected):
                await asyncio.wait_for(serve_http_api(world.services, asyncio.Event()), 10)
        finally:
            await world.services.aclose()


async def test_the_removed_api_tokens_setting_stops_the_start_before_it_listens(tmp_path: Path) -> None:
    world = await api_world(tmp_path, http_port=0, api_tokens=SecretStr("an-old-token"))
    try:
        with pytest.raises(ConfigurationError, match="TWOFA_API_TOKENS is no longer read"):
            await start_http_api(world.services)
        with pytest.raises(ConfigurationError, match="TWOFA_API_TOKENS is no longer read"):
            await asyncio.wait_for(serve_http_api(world.services, asyncio.Event()), 10)
    finally:
        await world.services.aclose()
