"""Building blocks of the OpenAPI document: the shapes every operation shares (errors, bodies, 401)."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]

TIME = {"type": "string", "format": "date-time", "description": "ISO 8601, UTC, `Z` suffix"}


def object_schema(required: list[str], properties: Schema) -> Schema:
    """A closed object: the listed properties only."""
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


def error_schema(codes: list[str], **extra: Schema) -> Schema:
    """An error body: `error` is one of `codes`, `message` is human text, `extra` the documented extras."""
    properties = {
        "error": {"type": "string", "enum": codes},
        "message": {"type": "string"},
        "field": {"type": "string", "description": "the request field at fault (invalid_request)"},
        **extra,
    }
    return object_schema(["error", "message"], properties)


def json_response(description: str, schema: Schema, headers: Schema | None = None) -> Schema:
    response: Schema = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def json_body(schema: Schema) -> Schema:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


BAD_REQUEST = json_response(
    "The body is not JSON (`invalid_json`) or a field is missing or wrong (`invalid_request`).",
    error_schema(["invalid_json", "invalid_request"]),
)
ANY_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
COMMON = {
    "401": json_response(
        "No API key, or an unknown or revoked one (told apart by nobody; audited without the key).",
        error_schema(["unauthorized"]),
    ),
    "403": json_response(
        "The API key's scope does not take this endpoint (a `login` key on a manager endpoint, or the "
        "reverse); audited as `api_forbidden` with the key's name.",
        error_schema(["not_allowed"]),
    ),
    "default": json_response("Any other error, in the same shape.", {"$ref": "#/components/schemas/Error"}),
}
TOO_LARGE = json_response(
    "The body is larger than the limit (16 KiB by default).", error_schema(["payload_too_large"])
)


def post(
    summary: str, responses: Schema, body: Schema | None = None, parameters: list[Schema] | None = None
) -> Schema:
    """A key-authenticated POST: its own responses plus 401, 403, the default error and (with a body) 413."""
    operation: Schema = {"summary": summary, "responses": {**COMMON, **responses}}
    if body is not None:
        operation["requestBody"] = json_body(body)
        operation["responses"]["413"] = TOO_LARGE
    if parameters:
        operation["parameters"] = parameters
    return {"post": operation}
