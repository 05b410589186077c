"""The OpenAPI description of the account-manager endpoints (used by the product's own admin tools)."""

from __future__ import annotations

from api.openapi_parts import Schema, error_schema, json_response, object_schema, post

_EMAIL = {"type": "string", "minLength": 1, "maxLength": 320, "pattern": "\\S"}
_CONTRACT_ID = {
    "name": "contract_id",
    "in": "path",
    "required": True,
    "description": "the contract's number (as `twofa contracts list` shows it)",
    "schema": {"type": "integer", "minimum": 1},
}
_DISABLE = {
    "type": "object",
    "required": ["reason", "manager_email"],
    "properties": {
        "reason": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "\\S",
            "description": "why; quoted in the notice each user receives and kept in the audit log",
        },
        "manager_email": {
            **_EMAIL,
            "description": "registered email of the account manager of this contract who asks for it",
        },
        "user_email": {
            "type": ["string", "null"],
            "maxLength": 320,
            "description": "registered email of one user of the contract; absent, null or empty: every user",
        },
    },
    "additionalProperties": True,  # unknown fields are ignored
}
_DISABLED = object_schema(
    ["disabled", "count"],
    {
        "disabled": {
            "type": "array",
            "items": {"type": "string"},
            "description": "registered emails of the users whose 2FA was on and is now off",
        },
        "count": {"type": "integer", "minimum": 0},
    },
)

MANAGER_PATHS: Schema = {
    "/v1/contracts/{contract_id}/two-factor/disable": post(
        "An account manager turns 2FA off for one user of their contract, or for every user. Each user "
        "whose 2FA was on gets the usual notice (saying their account manager did it) and a "
        "`twofa_disabled` audit event; the action is one `manager_disabled` event.",
        {
            "200": json_response(
                "Done; users who had no 2FA are not listed.",
                _DISABLED,
            ),
            "400": json_response(
                "The body is not JSON (`invalid_json`), or a field or the contract id is missing or wrong "
                "(`invalid_request`, naming it in `field`).",
                error_schema(["invalid_json", "invalid_request"]),
            ),
            "403": json_response(
                "`manager_email` is not an account manager of this contract (unknown, a member, or the "
                "manager of another contract). Audited as `manager_refused`.",
                error_schema(["not_allowed"]),
            ),
            "404": json_response(
                "No such contract (`unknown_contract`), or `user_email` is no user of it (`unknown_user`).",
                error_schema(["unknown_contract", "unknown_user"]),
            ),
        },
        _DISABLE,
        parameters=[_CONTRACT_ID],
    ),
}
