"""Every error as JSON `{"error": code, "message": text}`, aiohttp's own 404/405/413 included."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from aiohttp import hdrs, web
from aiohttp.typedefs import Handler

log = logging.getLogger(__name__)

# aiohttp raises these itself (no route, wrong method, body over `client_max_size`)
_FRAMEWORK_ERRORS = {
    400: ("invalid_request", "The request could not be read."),
    404: ("not_found", "There is no such endpoint."),
    405: ("method_not_allowed", "This endpoint does not take that method."),
    413: ("payload_too_large", "The request body is too large."),
}
# headers of aiohttp's errors worth keeping on the JSON answer
_KEPT_HEADERS = (hdrs.ALLOW, hdrs.RETRY_AFTER, hdrs.WWW_AUTHENTICATE)


def json_error(
    http_status: int, code: str, message: str, headers: Mapping[str, str] | None = None, /, **extra: Any
) -> web.Response:
    """The one shape of an error answer; `extra` adds fields like `attempts_left`, `retry_at` or `status`."""
    body = {"error": code, "message": message, **extra}
    return web.json_response(body, status=http_status, headers=headers)


class ApiError(Exception):
    """Raised by handlers and middlewares; the error middleware turns it into `json_error`."""

    def __init__(
        self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})
        self.extra = extra

    def response(self) -> web.Response:
        return json_error(self.status, self.code, self.message, self.headers, **self.extra)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Outermost middleware: no error leaves the API as HTML or plain text."""
    try:
        return await handler(request)
    except ApiError as error:
        return error.response()
    except web.HTTPException as error:
        if error.status < 400:
            raise
        code, message = _FRAMEWORK_ERRORS.get(
            error.status, (error.reason.lower().replace(" ", "_"), error.reason + ".")
        )
        if error.status == 413:
            message = f"The request body is larger than {request.client_max_size} bytes."
        headers: dict[str, str] = {
            name: error.headers[name] for name in _KEPT_HEADERS if name in error.headers
        }
        return json_error(error.status, code, message, headers)
    except Exception:
        # the details go to the log (redacted there), never to the caller
        log.exception("unexpected error answering %s %s", request.method, request.path)
        return json_error(500, "internal_error", "Something went wrong on our side; please try again.")
