"""`TelegramGateway`: Telegram's Gateway API (https://core.telegram.org/gateway/api) with aiohttp.

Four methods, each a POST of JSON to `<base>/<method>` with `Authorization: Bearer <token>`; every answer
is `{"ok": true, "result": RequestStatus}` or `{"ok": false, "error": "NAME"}`. The codes are ours (the
`code` parameter), so a code is accepted whichever way it went. Neither the code nor the token ever
reaches an exception text or a log line here: only the method, the HTTP status and the error's name.

Delivery reports (the `callback_url`'s POSTs) are checked by `report_signature_ok`: the hex HMAC-SHA-256
of `timestamp + "\\n" + raw body`, keyed with the SHA-256 of the token (the docs' "Checking report
integrity").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

from domain.core.ports import DeliveryError, DeliveryProblem
from gateways.http_session import SessionOwner

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://gatewayapi.telegram.org/"
MIN_TTL, MAX_TTL = 60, 3600  # accepted by every version of the docs (60-86400 first, 30-3600 since 2025)
CODE_LENGTHS = range(4, 9)  # "only fully numeric strings between 4 and 8 characters" for `code`

# Error names that speak about the number rather than about our account or Telegram's state. The docs
# name no list; these are the ones Telegram answers for a malformed number and for one it cannot reach
# (not on Telegram, or not reachable from this account). Any other error means UNAVAILABLE.
_PROBLEMS = {
    "PHONE_NUMBER_INVALID": DeliveryProblem.INVALID_DESTINATION,
    "PHONE_NUMBER_NOT_AVAILABLE": DeliveryProblem.UNREACHABLE,
    "PHONE_NUMBER_NOT_FOUND": DeliveryProblem.UNREACHABLE,
    "PHONE_NUMBER_BANNED": DeliveryProblem.UNREACHABLE,
    "USER_NOT_FOUND": DeliveryProblem.UNREACHABLE,
}


def problem_for(error: str) -> DeliveryProblem:
    """The delivery problem a Gateway API error name stands for; unknown names mean UNAVAILABLE."""
    return _PROBLEMS.get(error.upper(), DeliveryProblem.UNAVAILABLE)


@dataclass(frozen=True)
class RequestStatus:
    """The parts of the Gateway's `RequestStatus` we use (`delivery_status.status` when it has one)."""

    request_id: str
    delivery_status: str | None = None
    verification_status: str | None = None


def report_signature_ok(token: str, timestamp: str, body: bytes, signature: str) -> bool:
    """Whether `signature` (X-Request-Signature) signs `timestamp` (X-Request-Timestamp) and `body`."""
    given = signature.strip().lower().encode("utf-8", "replace")  # compare_digest refuses non-ASCII str
    return hmac.compare_digest(sign_report(token, timestamp, body).encode(), given)


def sign_report(token: str, timestamp: str, body: bytes) -> str:
    """The X-Request-Signature Telegram sends with a report."""
    key = hashlib.sha256(token.encode()).digest()
    return hmac.new(key, timestamp.encode() + b"\n" + body, hashlib.sha256).hexdigest()


class TelegramGateway(SessionOwner):
    """One client of the Gateway API; owns its `ClientSession` unless one is injected."""

    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_API_URL,
        timeout: float = 10.0,
        callback_url: str | None = None,
        session: aiohttp.ClientSession | None = None,
    ) -> None:
        """Nothing is opened here: the session is created on first use, inside the running loop."""
        self._base = api_url.rstrip("/") + "/"
        self._headers = {"Authorization": f"Bearer {token}"}
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._callback_url = callback_url
        super().__init__(session)

    def __repr__(self) -> str:
        # Spelled out so the token can never leak through a repr in a traceback or a debugger.
        return f"TelegramGateway(url={self._base!r})"

    async def check_send_ability(self, phone_number: str) -> RequestStatus:
        """Whether Telegram can reach the number: its request id (reused by the send, which is then free),
        or `DeliveryError` (UNREACHABLE when it cannot)."""
        return _status(await self._call("checkSendAbility", {"phone_number": phone_number}))

    async def send_verification_message(
        self, phone_number: str, code: str, ttl_seconds: int, request_id: str | None = None
    ) -> RequestStatus:
        """Send our `code` (4-8 digits) to the number; the message expires after `ttl_seconds`."""
        if not (code.isdigit() and len(code) in CODE_LENGTHS):
            raise DeliveryError(DeliveryProblem.UNAVAILABLE, "the gateway takes codes of 4 to 8 digits")
        params: dict[str, Any] = {
            "phone_number": phone_number,
            "code": code,
            "ttl": min(max(ttl_seconds, MIN_TTL), MAX_TTL),
        }
        if request_id is not None:
            params["request_id"] = request_id
        if self._callback_url:
            params["callback_url"] = self._callback_url
        return _status(await self._call("sendVerificationMessage", params))

    async def check_verification_status(self, request_id: str, code: str | None = None) -> RequestStatus:
        """The request's delivery and verification status (with `code`, tells Telegram it was typed)."""
        params = {"request_id": request_id} | ({"code": code} if code is not None else {})
        return _status(await self._call("checkVerificationStatus", params))

    async def revoke_verification_message(self, request_id: str) -> bool:
        """Ask Telegram to delete the message (not done once it was read); whether the ask was taken."""
        return (await self._call("revokeVerificationMessage", {"request_id": request_id})) is True

    async def _call(self, method: str, params: dict[str, Any]) -> Any:
        """The `result` of one method, or `DeliveryError` saying why there is none."""
        try:
            async with self._client().post(
                self._base + method, json=params, headers=self._headers, timeout=self._timeout
            ) as response:
                status, raw = response.status, await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:  # refused, reset, DNS, TLS, timeouts
            raise _failed(method, DeliveryProblem.UNAVAILABLE, f"unreachable ({type(exc).__name__})") from exc
        answer = _parse(raw)
        if status == 200 and answer.get("ok") is True and "result" in answer:
            return answer["result"]
        error = answer.get("error")
        if isinstance(error, str) and error and answer.get("ok") is False:
            name = error[:64]
            problem = problem_for(name) if status < 500 else DeliveryProblem.UNAVAILABLE
            raise _failed(method, problem, f"{name} (HTTP {status})")
        raise _failed(method, DeliveryProblem.UNAVAILABLE, f"HTTP {status} without an answer")


def _status(result: Any) -> RequestStatus:
    if not isinstance(result, dict) or not isinstance(result.get("request_id"), str):
        raise DeliveryError(DeliveryProblem.UNAVAILABLE, "gateway answer without a request_id")
    delivery = result.get("delivery_status")
    verification = result.get("verification_status")
    return RequestStatus(
        result["request_id"],
        delivery.get("status") if isinstance(delivery, dict) else None,
        verification.get("status") if isinstance(verification, dict) else None,
    )


def _parse(raw: bytes) -> dict[str, Any]:
    """The JSON object of an answer, or `{}` for anything else (an HTML error page, a truncation)."""
    try:
        answer = json.loads(raw)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def _failed(method: str, problem: DeliveryProblem, detail: str) -> DeliveryError:
    """A `DeliveryError`, logged once here with the method and the error's name only."""
    log.warning("Telegram Gateway %s failed: %s: %s", method, problem.value, detail)
    return DeliveryError(problem, f"gateway {method}: {detail}")
