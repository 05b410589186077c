"""Typed application and request keys: what the HTTP handlers find on `request.app` and `request`."""

from __future__ import annotations

from aiohttp import web

from api.services import ApiServices
from api.tokens import KeyLookup
from domain.core.api_keys import KeyGrant

SERVICES = web.AppKey[ApiServices]("services")  # a protocol: aiohttp wants it as the type argument
KEYS = web.AppKey("keys", KeyLookup)
# request[API_KEY]: the authenticated key's `KeyGrant` (name, scope, contracts), set by `api.auth`
API_KEY = web.RequestKey("api_key", KeyGrant)


def api_key(request: web.Request) -> KeyGrant:
    """The key that authenticated this request (set by `api.auth.bearer_auth`)."""
    try:
        return request[API_KEY]
    except KeyError:
        raise RuntimeError("the request passed no API key check") from None
