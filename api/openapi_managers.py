"""The OpenAPI description of the account-manager endpoints (used by the product's own admin tools).

They take a `manager` API key naming the contract. Turning 2FA off is two calls: the first sends a code
to the manager's own 2FA destination, the second brings it back and the action runs.
"""

from __future__ import annotations

from api.openapi_parts import COMMON, TIME, Schema, error_schema, json_response, object_schema, post

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

_ACTION_ID = {
    "name": "action_id",
    "in": "path",
    "required": True,
    "description": "the `action_id` the disable call answered",
    "schema": {"type": "string", "maxLength": 64},
}
_STATUS = {"type": "string", "enum": ["pending_confirmation", "done", "expired", "too_many_attempts"]}
_PENDING = object_schema(
    ["action_id", "status", "sent_to", "expires_at"],
    {
        "action_id": {"type": "string", "description": "name it in the confirming call"},
        "status": {"const": "pending_confirmation"},
        "sent_to": {"type": "string", "description": "the manager's 2FA destination, masked"},
        "expires_at": TIME,
    },
)
_STATE = object_schema(
    ["action_id", "status", "expires_at", "contract_id", "created_at"],
    {
        "action_id": {"type": "string"},
        "status": _STATUS,
        "expires_at": TIME,
        "contract_id": {"type": "integer"},
        "created_at": TIME,
        "decided_at": TIME,
    },
)
_CONFIRM = {
    "type": "object",
    "required": ["code"],
    "properties": {
        "code": {"type": ["string", "integer"], "maxLength": 32, "description": "a string is best"},
    },
}
_RETRY_AFTER = {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}
_FORBIDDEN = json_response(
    "The API key is not a manager key naming this contract (`api_forbidden` in the audit trail), or "
    "`manager_email` is not an account manager of it (unknown, a member, or the manager of another "
    "contract; audited as `manager_refused`). The answer does not say which.",
    error_schema(["not_allowed"]),
)
_GET_ACTION: Schema = {
    "summary": "Where a manager action stands.",
    "parameters": [_ACTION_ID],
    "responses": {
        **COMMON,
        "200": json_response("The action.", _STATE),
        "403": _FORBIDDEN,
        "404": json_response("No such action.", error_schema(["unknown_action"])),
    },
}

MANAGER_PATHS: Schema = {
    "/v1/contracts/{contract_id}/two-factor/disable": post(
        "An account manager asks to turn 2FA off for one user of their contract, or for every user. Nothing "
        "changes yet: a code goes to the manager's own 2FA destination, and the action runs only when "
        "`POST /v1/manager-actions/{action_id}/confirm` brings it back (audited as "
        "`manager_action_requested`, with the key's name).",
        {
            "202": json_response("Pending: the code was sent to the manager.", _PENDING),
            "400": json_response(
                "The body is not JSON (`invalid_json`), or a field or the contract id is missing or wrong "
                "(`invalid_request`, naming it in `field`).",
                error_schema(["invalid_json", "invalid_request"]),
            ),
            "403": _FORBIDDEN,
            "404": json_response(
                "No such contract (`unknown_contract`), or `user_email` is no user of it (`unknown_user`).",
                error_schema(["unknown_contract", "unknown_user"]),
            ),
            "409": json_response(
                "The manager has no 2FA, so nothing could confirm the action.",
                error_schema(["manager_needs_2fa"]),
            ),
            "423": json_response(
                "Too many wrong codes: codes to this manager are blocked until `retry_at`.",
                error_schema(["locked"], retry_at=TIME),
                _RETRY_AFTER,
            ),
            "429": json_response(
                "Too many codes to this manager or destination.",
                error_schema(["rate_limited"], retry_at=TIME),
                _RETRY_AFTER,
            ),
            "502": json_response(
                "The code could not be handed to the SMS or email gateway.",
                error_schema(["undelivered"], problem={"type": "string"}),
            ),
        },
        _DISABLE,
        parameters=[_CONTRACT_ID],
    ),
    "/v1/manager-actions/{action_id}/confirm": post(
        "The manager's code: when right, 2FA is turned off as asked. Each user whose 2FA was on gets the "
        "usual notice (saying their account manager did it) and a `twofa_disabled` audit event; the action "
        "is one `manager_disabled` and one `manager_action_confirmed` event, naming the key.",
        {
            "200": json_response("Done; users who had no 2FA are not listed.", _DISABLED),
            "400": json_response(
                "A wrong code (`invalid_code`, with the attempts left) or a bad request.",
                error_schema(
                    ["invalid_code", "invalid_json", "invalid_request"],
                    attempts_left={"type": "integer", "minimum": 0},
                ),
            ),
            "403": _FORBIDDEN,
            "404": json_response(
                "No such action (`unknown_action`), or the named user left the contract (`unknown_user`).",
                error_schema(["unknown_action", "unknown_user"]),
            ),
            "409": json_response("The action was confirmed already.", error_schema(["already_used"])),
            "410": json_response("The code expired; ask for the action again.", error_schema(["expired"])),
            "429": json_response(
                "The last wrong code killed this action; ask for it again.",
                error_schema(["too_many_attempts"]),
            ),
        },
        _CONFIRM,
        parameters=[_ACTION_ID],
    ),
    "/v1/manager-actions/{action_id}": {"get": _GET_ACTION},
}
