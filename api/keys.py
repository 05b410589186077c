"""Typed application keys: what the HTTP handlers find on `request.app`."""

from __future__ import annotations

from aiohttp import web

from api.tokens import BearerTokens
from app.wiring import Services

SERVICES = web.AppKey("services", Services)
TOKENS = web.AppKey("tokens", BearerTokens)
