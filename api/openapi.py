"""The OpenAPI 3.1 document of the HTTP API, served at `/v1/openapi.json` and checked by the tests."""

from __future__ import annotations

import copy
from typing import Any

from domain.ports import DeliveryProblem

Schema = dict[str, Any]

_TIME = {"type": "string", "format": "date-time", "description": "ISO 8601, UTC, `Z` suffix"}
_CHANNEL = {"type": "string", "enum": ["sms", "email"]}
_SENT_TO = {"type": "string", "description": "the destination, masked (`+44•••••••89`, `a•••@example.com`)"}


def _object(required: list[str], properties: Schema) -> Schema:
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


def _error(codes: list[str], **extra: Schema) -> Schema:
    """An error body: `error` is one of `codes`, `message` is human text, `extra` the documented extras."""
    properties = {
        "error": {"type": "string", "enum": codes},
        "message": {"type": "string"},
        "field": {"type": "string", "description": "the request field at fault (invalid_request)"},
        **extra,
    }
    return _object(["error", "message"], properties)


def _json(description: str, schema: Schema, headers: Schema | None = None) -> Schema:
    response: Schema = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


_RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
_RETRY = {"retry_at": _TIME}
_BAD_REQUEST = _json(
    "The body is not JSON (`invalid_json`) or a field is missing or wrong (`invalid_request`).",
    _error(["invalid_json", "invalid_request"]),
)
_ANY_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
_COMMON = {
    "401": _json("No bearer token, or not a configured one (audited).", _error(["unauthorized"])),
    "default": _json("Any other error, in the same shape.", {"$ref": "#/components/schemas/Error"}),
}
_TOO_LARGE = _json("The body is larger than the limit (16 KiB by default).", _error(["payload_too_large"]))
_LOCKED = _json(
    "Too many wrong codes in a row: login codes are blocked until `retry_at`.",
    _error(["locked"], **_RETRY),
    _RETRY_AFTER,
)
_UNDELIVERED = _json(
    "The code could not be handed to the SMS or email gateway; `problem` says why.",
    _error(["undelivered"], problem={"type": "string", "enum": [p.value for p in DeliveryProblem]}),
)
_LOGIN_ID = {
    "name": "login_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": 128},
}
_UNKNOWN = _json("No such login.", _error(["unknown_login"]))
_USED = _json("The login was verified already.", _error(["already_used"]))


def _body(schema: Schema) -> Schema:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_START = _object(
    ["email"],
    {
        "email": {"type": "string", "minLength": 1, "maxLength": 320, "pattern": "\\S"},
        "device_token": {"type": ["string", "null"], "maxLength": 128},
        "ip": {"type": ["string", "null"], "maxLength": 64},
        "user_agent": {"type": ["string", "null"], "maxLength": 512},
    },
)
_START["additionalProperties"] = True  # unknown fields are ignored
_VERIFY = {
    "type": "object",
    "required": ["code"],
    "properties": {
        "code": {"type": ["string", "integer"], "maxLength": 32, "description": "a string is best"},
        "remember_device": {"type": ["boolean", "null"], "default": False},
    },
}
_STARTED = {
    "oneOf": [
        _object(
            ["second_factor", "setup_suggested"],
            {"second_factor": {"const": "not_enabled"}, "setup_suggested": {"const": True}},
        ),
        _object(["second_factor"], {"second_factor": {"const": "remembered"}}),
        _object(
            ["second_factor", "login_id", "channel", "sent_to", "expires_at"],
            {
                "second_factor": {"const": "required"},
                "login_id": {"type": "string"},
                "channel": _CHANNEL,
                "sent_to": _SENT_TO,
                "expires_at": _TIME,
            },
        ),
    ]
}
_VERIFIED = _object(
    ["verified"],
    {"verified": {"const": True}, "device_token": {"type": "string"}, "device_expires_at": _TIME},
)
_RESENT = _object(
    ["sent", "channel", "sent_to", "expires_at"],
    {"sent": {"const": True}, "channel": _CHANNEL, "sent_to": _SENT_TO, "expires_at": _TIME},
)
_TOO_MANY_SENDS = _json(
    "Too many codes to this user or destination (`rate_limited`), or the resend cooldown (`cooldown`).",
    _error(["rate_limited", "cooldown"], **_RETRY),
    _RETRY_AFTER,
)


def _post(summary: str, responses: Schema, body: Schema | None = None, path_id: bool = False) -> Schema:
    operation: Schema = {"summary": summary, "responses": {**responses, **_COMMON}}
    if body is not None:
        operation["requestBody"] = _body(body)
        operation["responses"]["413"] = _TOO_LARGE
    if path_id:
        operation["parameters"] = [_LOGIN_ID]
    return {"post": operation}


def _public_get(summary: str, responses: Schema) -> Schema:
    return {"get": {"summary": summary, "security": [], "responses": responses}}


_PATHS: Schema = {
    "/v1/logins": _post(
        "After the password check: not enabled, remembered, or a code sent through the user's method. "
        "Unknown emails get exactly the answer of an account without 2FA.",
        {
            "200": _json("What the login page should do next.", _STARTED),
            "400": _BAD_REQUEST,
            "423": _LOCKED,
            "429": _TOO_MANY_SENDS,
            "502": _UNDELIVERED,
        },
        _START,
    ),
    "/v1/logins/{login_id}/verify": _post(
        "Check the login code; with `remember_device`, a token that skips codes for 30 days.",
        {
            "200": _json("Verified.", _VERIFIED),
            "400": _json(
                "A wrong code (`invalid_code`, with the attempts left) or a bad request.",
                _error(
                    ["invalid_code", "invalid_json", "invalid_request"],
                    attempts_left={"type": "integer", "minimum": 0},
                ),
            ),
            "404": _UNKNOWN,
            "409": _USED,
            "410": _json("The code expired; start the login again.", _error(["expired"])),
            "423": _LOCKED,
            "429": _json(
                "The last wrong code killed this login; start the login again.", _error(["too_many_attempts"])
            ),
        },
        _VERIFY,
        path_id=True,
    ),
    "/v1/logins/{login_id}/resend": _post(
        "Send the same code again, after the cooldown and within the limits of chat codes.",
        {
            "200": _json("Sent again; the expiry is unchanged.", _RESENT),
            "404": _UNKNOWN,
            "409": _USED,
            "410": _json("The code expired or the login ended; start again.", _error(["expired"])),
            "423": _LOCKED,
            "429": _TOO_MANY_SENDS,
            "502": _UNDELIVERED,
        },
        path_id=True,
    ),
    "/v1/openapi.json": _public_get(
        "This document (public).", {"200": _json("OpenAPI 3.1.", {"type": "object"})}
    ),
    "/healthz": _public_get(
        "Whether the database answers (for the load balancer; no token).",
        {
            "200": _json("Healthy.", _object(["status"], {"status": {"const": "ok"}})),
            "503": _json(
                "The database is unreachable.", _object(["status"], {"status": {"const": "unavailable"}})
            ),
        },
    ),
    "/metrics": _public_get(
        "Prometheus text: codes sent by channel, verifications by outcome, delivery failures, outbox depth.",
        {
            "200": {
                "description": "Prometheus text format 0.0.4.",
                "content": {"text/plain": {"schema": {"type": "string"}}},
            }
        },
    ),
}


_DOCUMENT: Schema = {
    "openapi": "3.1.0",
    "info": {
        "title": "twofa-assistant login verification API",
        "version": "1.0.0",
        "description": "Called by a login page after its password check. Every error is "
        '`{"error": code, "message": text}`, with `retry_at` and `Retry-After` where waiting helps.',
    },
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}],
    "paths": _PATHS,
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {"Error": _ANY_ERROR},
    },
}


def openapi_document() -> Schema:
    """The whole document; a fresh copy each call so no caller can change another's."""
    return copy.deepcopy(_DOCUMENT)
