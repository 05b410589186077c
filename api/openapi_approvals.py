"""The OpenAPI parts of sign-ins approved in the linked Telegram chat (number matching), and of the
Telegram Gateway's delivery reports."""

from __future__ import annotations

from api.openapi_parts import COMMON, TIME, Schema, error_schema, json_response, object_schema

NUMBER = {
    "type": "string",
    "pattern": "^[0-9]{2}$",
    "description": "`input: approve` only: the two-digit number the page shows; the user taps the same one "
    "among three in their Telegram chat",
}
APPROVED_BY = {
    "type": ["string", "null"],
    "enum": ["number", "code", "recovery", None],
    "description": "how the login was approved: the right number tapped in Telegram, the code shown there "
    "typed on the page, or null while it is not",
}
DENIED = json_response(
    "The API key's scope does not take this endpoint (`not_allowed`), or the sign-in was refused in the "
    "user's Telegram chat (`denied`: a wrong number, or \"This wasn't me\").",
    error_schema(["not_allowed", "denied"]),
)
NOT_APPROVED = json_response(
    "The login was verified already (`already_used`), or nobody has approved it in Telegram yet "
    "(`not_approved`, with its `status`): keep polling `GET /v1/logins/{login_id}`.",
    error_schema(["already_used", "not_approved"], status={"type": "string"}),
)
_PROGRESS = object_schema(
    ["login_id", "status", "input", "approved_by", "expires_at"],
    {
        "login_id": {"type": "string"},
        "status": {
            "type": "string",
            "enum": ["pending", "approved", "denied", "expired", "verified"],
            "description": "`approved`: finish it with `POST /v1/logins/{login_id}/verify` and no code",
        },
        "input": {
            "type": "string",
            "enum": ["approve", "code"],
            "description": "`code` once the user asked in Telegram for a code to type instead: show a box",
        },
        "approved_by": APPROVED_BY,
        "expires_at": {**TIME, "type": ["string", "null"], "description": "when the number stops working"},
    },
)
_WAIT = {
    "name": "wait",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 0, "maximum": 25, "default": 0},
    "description": "seconds to wait for the login to leave `pending` before answering (long polling)",
}


def progress_path(login_id: Schema, unknown: Schema, bad_request: Schema) -> Schema:
    """`GET /v1/logins/{login_id}`: where a login waiting for a tap in Telegram stands."""
    return {
        "get": {
            "summary": "Where a login stands, for a page showing the number to match: answered at once, "
            "or with `wait` as soon as it is no longer pending. Any worker answers for any tap.",
            "parameters": [login_id, _WAIT],
            "responses": {
                **COMMON,
                "200": json_response("The login's state.", _PROGRESS),
                "400": bad_request,
                "404": unknown,
            },
        }
    }


GATEWAY_REPORTS: Schema = {
    "post": {
        "summary": "Delivery reports of Telegram's Gateway API (its `callback_url`), served only when "
        "TWOFA_TELEGRAM_GATEWAY_TOKEN is set. No API key: a report is taken only with a valid "
        "`X-Request-Signature` (hex HMAC-SHA-256 of `X-Request-Timestamp`, a newline and the body, keyed "
        "with SHA-256 of the token) and a timestamp within 5 minutes; the request's latest delivery status "
        "is kept and counted in /metrics.",
        "security": [],
        "parameters": [
            {"name": "X-Request-Timestamp", "in": "header", "required": True, "schema": {"type": "string"}},
            {"name": "X-Request-Signature", "in": "header", "required": True, "schema": {"type": "string"}},
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["request_id", "delivery_status"],
                        "properties": {
                            "request_id": {"type": "string", "maxLength": 128},
                            "delivery_status": {
                                "type": "object",
                                "properties": {
                                    "status": {"type": "string"},
                                    "updated_at": {"type": "integer"},
                                },
                            },
                        },
                    }
                }
            },
        },
        "responses": {
            "200": json_response("Kept.", object_schema(["ok"], {"ok": {"const": True}})),
            "400": json_response("Not a delivery report.", error_schema(["invalid_json"])),
            "401": json_response(
                "A missing or bad signature, or an old timestamp.", error_schema(["unauthorized"])
            ),
        },
    }
}
