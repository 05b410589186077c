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
        "No bearer token, or not a configured one (audited).", error_schema(["unauthorized"])
    ),
    "default": json_response("Any other error, in the same shape.", {"$ref": "#/components/schemas/Error"}),
}
TOO_LARGE = json_response(
    "The body is larger than the limit (16 KiB by default).", error_schema(["payload_too_large"])
)


def post(
    summary: str, responses: Schema, body: Schema | None = None, parameters: list[Schema] | None = None
) -> Schema:
    """A bearer-authenticated POST: its own responses plus 401, the default error and (with a body) 413."""
    operation: Schema = {"summary": summary, "responses": {**responses, **COMMON}}
    if body is not None:
        operation["requestBody"] = json_body(body)
        operation["responses"]["413"] = TOO_LARGE
    if parameters:
        operation["parameters"] = parameters
    return {"post": operation}
