"""Reading request bodies: a JSON object whose known fields have the right type and size."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from api.errors import ApiError


async def json_object(request: web.Request) -> dict[str, Any]:
    """The body as a JSON object (unknown fields are kept and ignored by callers); 400 otherwise."""
    raw = await request.read()  # 413 from aiohttp beyond `client_max_size`
    try:
        body = json.loads(raw)  # bytes: UTF-8/16/32 detected, whatever the Content-Type charset says
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError alike
        raise ApiError(400, "invalid_json", f"The body is not valid JSON ({error}).") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "The body must be a JSON object.")
    return body


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(400, "invalid_request", message, field=field)


def required_text(body: dict[str, Any], field: str, limit: int) -> str:
    """A non-empty string of at most `limit` characters."""
    value = body.get(field)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _invalid(field, f"{field} must be a non-empty string of at most {limit} characters.")
    return value


def optional_text(body: dict[str, Any], field: str, limit: int) -> str:
    """A string of at most `limit` characters; absent or null reads as empty."""
    value = body.get(field)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise _invalid(field, f"{field} must be a string of at most {limit} characters.")
    return value


def code_text(body: dict[str, Any], field: str = "code", limit: int = 32) -> str:
    """The typed code: a string, or an integer for clients that send digits as a number."""
    value = body.get(field)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > limit:
        raise _invalid(field, f"{field} must be a string (or number) of at most {limit} characters.")
    return value


def optional_bool(body: dict[str, Any], field: str, default: bool = False) -> bool:
    """`true` or `false`; absent or null reads as `default`."""
    value = body.get(field)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _invalid(field, f"{field} must be true or false.")
    return value
