"""The OpenAPI 3.1 document of the HTTP API, served at `/v1/openapi.json` and checked by the tests."""

from __future__ import annotations

import copy

from api.openapi_approvals import APPROVED_BY, DENIED, GATEWAY_REPORTS, NOT_APPROVED, NUMBER, progress_path
from api.openapi_managers import MANAGER_PATHS
from api.openapi_parts import (
    ANY_ERROR,
    BAD_REQUEST,
    TIME,
    Schema,
    error_schema,
    json_response,
    object_schema,
    post,
)
from domain.core.ports import DeliveryProblem, DeliveryRoute

_CHANNEL = {"type": "string", "enum": ["sms", "email", "app", "telegram"]}
_INPUT = {
    "type": "string",
    "enum": ["sms", "email", "app", "approve"],
    "description": "which code the page asks for: one sent by SMS or email, or the one the user's "
    "authenticator app shows (nothing is sent); `approve`: no code, show `number` and wait for the tap in "
    "the user's Telegram chat (`GET /v1/logins/{login_id}`)",
}
_SENT_TO = {
    "type": "string",
    "description": "the destination, masked (`+44 ••••••• 89`, `al•••e@example.com`), `authenticator app` "
    "or `your Telegram chat`",
}
_DELIVERED_VIA = {
    "type": "string",
    "enum": [r.value for r in DeliveryRoute],
    "description": "only when Telegram's Gateway API is configured, for a code of the SMS method: "
    "`telegram` (the code is in the user's Telegram app, as a message from Telegram's verification "
    "service) or `sms` (Telegram could not take it: it went by SMS)",
}

_RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
_RETRY = {"retry_at": TIME}
_LOCKED = json_response(
    "Too many wrong codes in a row: login codes are blocked until `retry_at`.",
    error_schema(["locked"], **_RETRY),
    _RETRY_AFTER,
)
_UNDELIVERED = json_response(
    "The code could not be handed to the SMS or email gateway; `problem` says why.",
    error_schema(["undelivered"], problem={"type": "string", "enum": [p.value for p in DeliveryProblem]}),
)
_LOGIN_ID = {
    "name": "login_id",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "maxLength": 128},
}
_UNKNOWN = json_response("No such login.", error_schema(["unknown_login"]))
_USED = json_response("The login was verified already.", error_schema(["already_used"]))


_START = object_schema(
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
    "description": "`code`, or `recovery_code` in its place (one of the user's single-use recovery codes, "
    "`XXXX-XXXX`, read in any case with or without the dash): one of the two, never both; neither, to "
    "finish a login approved in Telegram (`status: approved`).",
    "not": {"required": ["code", "recovery_code"]},
    "properties": {
        "code": {"type": ["string", "integer"], "maxLength": 32, "description": "a string is best"},
        "recovery_code": {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "\\S"},
        "remember_device": {"type": ["boolean", "null"], "default": False},
    },
}
_RECOVERY = {
    "type": "boolean",
    "description": "the user has unused recovery codes: the page may offer to type one instead of the code",
}
_STARTED = {
    "oneOf": [
        object_schema(
            ["second_factor", "setup_suggested"],
            {"second_factor": {"const": "not_enabled"}, "setup_suggested": {"const": True}},
        ),
        object_schema(["second_factor"], {"second_factor": {"const": "remembered"}}),
        object_schema(
            ["second_factor", "login_id", "channel", "input", "sent_to", "expires_at", "recovery"],
            {
                "second_factor": {"const": "required"},
                "login_id": {"type": "string"},
                "channel": _CHANNEL,
                "input": _INPUT,
                "sent_to": _SENT_TO,
                "expires_at": TIME,
                "recovery": _RECOVERY,
                "delivered_via": _DELIVERED_VIA,
                "number": NUMBER,
            },
        ),
    ]
}
_VERIFIED = object_schema(
    ["verified"],
    {
        "verified": {"const": True},
        "device_token": {"type": "string"},
        "device_expires_at": TIME,
        "recovery_codes_left": {
            "type": "integer",
            "minimum": 0,
            "description": "verified with a recovery code (now used up): how many the user has left",
        },
        "approved_by": APPROVED_BY,
    },
)
_RESENT = object_schema(
    ["sent", "channel", "input", "sent_to", "expires_at"],
    {
        "sent": {"const": True},
        "channel": _CHANNEL,
        "input": _INPUT,
        "sent_to": _SENT_TO,
        "expires_at": TIME,
        "delivered_via": _DELIVERED_VIA,
    },
)
_TOO_MANY_SENDS = json_response(
    "Too many codes to this user or destination (`rate_limited`), or the resend cooldown (`cooldown`).",
    error_schema(["rate_limited", "cooldown"], **_RETRY),
    _RETRY_AFTER,
)


def _public_get(summary: str, responses: Schema) -> Schema:
    return {"get": {"summary": summary, "security": [], "responses": responses}}


_PATHS: Schema = {
    "/v1/logins": post(
        "After the password check: not enabled, remembered, or a code sent through the user's method. "
        "Unknown emails get exactly the answer of an account without 2FA.",
        {
            "200": json_response("What the login page should do next.", _STARTED),
            "400": BAD_REQUEST,
            "423": _LOCKED,
            "429": _TOO_MANY_SENDS,
            "502": _UNDELIVERED,
        },
        _START,
    ),
    "/v1/logins/{login_id}/verify": post(
        "Check the login code, or a recovery code in its place; with `remember_device`, a token that "
        "skips codes for 30 days. A wrong recovery code counts toward the lockout (423) as a wrong code "
        "does, but not toward this login's attempts.",
        {
            "200": json_response("Verified.", _VERIFIED),
            "400": json_response(
                "A wrong code or recovery code (`invalid_code`, with the login's attempts left) or a bad "
                "request.",
                error_schema(
                    ["invalid_code", "invalid_json", "invalid_request"],
                    attempts_left={"type": "integer", "minimum": 0},
                ),
            ),
            "403": DENIED,
            "404": _UNKNOWN,
            "409": NOT_APPROVED,
            "410": json_response("The code expired; start the login again.", error_schema(["expired"])),
            "423": _LOCKED,
            "429": json_response(
                "The last wrong code killed this login; start the login again.",
                error_schema(["too_many_attempts"]),
            ),
        },
        _VERIFY,
        parameters=[_LOGIN_ID],
    ),
    "/v1/logins/{login_id}/resend": post(
        "Send the same code again, after the cooldown and within the limits of chat codes.",
        {
            "200": json_response("Sent again; the expiry is unchanged.", _RESENT),
            "404": _UNKNOWN,
            "409": json_response(
                "The login was verified already (`already_used`), or its code comes from the user's "
                "authenticator app and nothing is sent (`nothing_to_send`).",
                error_schema(["already_used", "nothing_to_send"]),
            ),
            "410": json_response(
                "The code expired or the login ended; start again.", error_schema(["expired"])
            ),
            "423": _LOCKED,
            "429": _TOO_MANY_SENDS,
            "502": _UNDELIVERED,
        },
        parameters=[_LOGIN_ID],
    ),
    "/v1/logins/{login_id}": progress_path(_LOGIN_ID, _UNKNOWN, BAD_REQUEST),
    "/telegram-gateway/reports": GATEWAY_REPORTS,
    **MANAGER_PATHS,
    "/v1/openapi.json": _public_get(
        "This document (public).", {"200": json_response("OpenAPI 3.1.", {"type": "object"})}
    ),
    "/healthz": _public_get(
        "Whether the database answers (for the load balancer; no token).",
        {
            "200": json_response("Healthy.", object_schema(["status"], {"status": {"const": "ok"}})),
            "503": json_response(
                "The database is unreachable.",
                object_schema(["status"], {"status": {"const": "unavailable"}}),
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
        "version": "2.0.0",
        "description": "Called by a login page after its password check, and by the product's own admin "
        "tools for account-manager actions (`/v1/contracts/...`). Every error is "
        '`{"error": code, "message": text}`, with `retry_at` and `Retry-After` where waiting helps.',
    },
    "servers": [{"url": "/"}],
    "security": [{"bearer": []}],
    "paths": _PATHS,
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": {"Error": ANY_ERROR},
    },
}


def openapi_document() -> Schema:
    """The whole document; a fresh copy each call so no caller can change another's."""
    return copy.deepcopy(_DOCUMENT)
