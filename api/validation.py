"""Reading requests: a JSON object whose known fields have the right type, size and characters.

Every field passes `domain.inputs`: a NUL, a lone surrogate or a control character (other than tab and
line ends) is refused with 400 `invalid_request` naming the field, so the caller fixes its bug and both
databases answer alike. The `ip` and `user_agent` a login page passes on from the browser are the
exception (`cleaned_text`): they only describe the login, so odd characters are dropped rather than
failing someone's sign-in.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from api.errors import ApiError
from domain.core.inputs import (
    LINE_ENDS,
    InvalidInput,
    checked_text,
    clean_line,
    is_token,
    parse_id,
    parse_json,
)


async def json_object(request: web.Request) -> dict[str, Any]:
    """The body as a JSON object (unknown fields are kept and ignored by callers); 400 otherwise."""
    raw = await request.read()  # 413 from aiohttp beyond `client_max_size`
    try:
        body = parse_json(raw)  # bytes: UTF-8/16/32 detected, whatever the Content-Type says
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError alike
        raise ApiError(400, "invalid_json", f"The body is not valid JSON ({error}).") from None
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "The body must be a JSON object.")
    return body


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(400, "invalid_request", message, field=field)


def _checked(value: str, field: str) -> str:
    """`value` unless it holds what cannot be stored (length is checked by the caller's own message)."""
    try:
        return checked_text(value, field, len(value), kept=LINE_ENDS)
    except InvalidInput as error:
        raise _invalid(field, f"{error}.") from None


def required_text(body: dict[str, Any], field: str, limit: int) -> str:
    """A non-empty string of at most `limit` characters."""
    value = body.get(field)
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise _invalid(field, f"{field} must be a non-empty string of at most {limit} characters.")
    return _checked(value, field)


def optional_text(body: dict[str, Any], field: str, limit: int) -> str:
    """A string of at most `limit` characters; absent or null reads as empty."""
    value = body.get(field)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise _invalid(field, f"{field} must be a string of at most {limit} characters.")
    return _checked(value, field)


def cleaned_text(body: dict[str, Any], field: str, limit: int) -> str:
    """`optional_text` for a value passed on from elsewhere (a browser's user agent, its IP): type and
    length are checked, but NUL, control characters and lone surrogates are dropped, not refused."""
    value = body.get(field)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise _invalid(field, f"{field} must be a string of at most {limit} characters.")
    return clean_line(value, limit).strip()


def code_text(body: dict[str, Any], field: str = "code", limit: int = 32) -> str:
    """The typed code: a string, or an integer for clients that send digits as a number."""
    value = body.get(field)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value) > limit:
        raise _invalid(field, f"{field} must be a string (or number) of at most {limit} characters.")
    return _checked(value, field)


def optional_bool(body: dict[str, Any], field: str, default: bool = False) -> bool:
    """`true` or `false`; absent or null reads as `default`."""
    value = body.get(field)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise _invalid(field, f"{field} must be true or false.")
    return value


def path_token(request: web.Request, name: str, limit: int = 128) -> str | None:
    """The `{name}` path segment when it can be one of our URL-safe tokens (`A-Za-z0-9_-`); None for
    anything else (a NUL, `%2F`, a space ...), which names nothing and is never queried with."""
    value = request.match_info[name]
    return value if is_token(value, limit) else None


def path_id(request: web.Request, name: str) -> int | None:
    """The `{name}` path segment as a record id; None when it is digits too large to name a record.
    400 `invalid_request` naming it when it is not ASCII digits at all."""
    value = request.match_info[name]
    if not (value.isascii() and value.isdigit()):
        raise _invalid(name, f"The {name.replace('_', ' ')} must be a positive integer.")
    return parse_id(value)
