"""`TwilioSmsSender` delivers SMS through Twilio's Messages API (`POST .../Messages.json`) with aiohttp.

Bodies carry one-time codes and Twilio's error messages repeat the destination number, so neither, nor
the auth token, ever reaches an exception text or a log line here: only Twilio's numeric code does.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp

from domain.core.model import OutgoingSms
from domain.core.ports import DeliveryError, DeliveryProblem
from gateways.http_session import SessionOwner

log = logging.getLogger(__name__)

DEFAULT_API_URL = "https://api.twilio.com"

# Codes answered synchronously by the create call, from Twilio's error dictionary
# (https://www.twilio.com/docs/api/errors/<code>). 21217 and 21215 are the Voice API's twins of 21211
# and 21408; 30003/30005/30006 are delivery (carrier) codes, reported later on the Message resource and
# in status callbacks, never by the create call. They are mapped so a status-callback reader can reuse
# `problem_for`. Every other code (20003 bad credentials, 20429 throttled, 21606/21607 or 21401 a bad
# 'From', 21608 a trial account...) is ours to fix, not the user's, and means UNAVAILABLE.
_PROBLEMS: dict[int, DeliveryProblem] = {
    21211: DeliveryProblem.INVALID_DESTINATION,  # invalid 'To' phone number
    21217: DeliveryProblem.INVALID_DESTINATION,  # phone number does not appear to be valid (Voice)
    21265: DeliveryProblem.INVALID_DESTINATION,  # 'To' number cannot be a short code
    21614: DeliveryProblem.INVALID_DESTINATION,  # 'To' number is not a valid mobile number
    21635: DeliveryProblem.INVALID_DESTINATION,  # 'To' number cannot be a landline
    21610: DeliveryProblem.UNREACHABLE,  # the recipient replied STOP (unsubscribed)
    21612: DeliveryProblem.UNREACHABLE,  # no route to this 'To' number from this 'From'
    30003: DeliveryProblem.UNREACHABLE,  # unreachable destination handset
    30005: DeliveryProblem.UNREACHABLE,  # unknown destination handset
    30006: DeliveryProblem.UNREACHABLE,  # landline or unreachable carrier
    21408: DeliveryProblem.REGION_NOT_PERMITTED,  # Messaging Geo Permissions exclude the destination
    21215: DeliveryProblem.REGION_NOT_PERMITTED,  # Voice Geo Permissions exclude the destination
}


# While Twilio answers 429, no request is made before the time it names (`Retry-After`), or this long
# when it names none; a `Retry-After` beyond the cap is read as the cap (a code's lifetime is minutes).
DEFAULT_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 300.0


def problem_for(code: int) -> DeliveryProblem:
    """The delivery problem a Twilio error code stands for; unknown codes mean the gateway is unavailable."""
    return _PROBLEMS.get(code, DeliveryProblem.UNAVAILABLE)


class TwilioSmsSender(SessionOwner):
    """Sends each SMS with one request to Twilio; owns its `ClientSession` unless one is injected.

    After a 429 it makes no request until Twilio's `Retry-After` has passed: each SMS meanwhile fails at
    once with `UNAVAILABLE`, so a throttled account is not hammered and no caller waits on it.
    """

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        api_url: str = DEFAULT_API_URL,
        timeout: float = 10.0,
        session: aiohttp.ClientSession | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """Nothing is opened here: the session is created on first use, inside the running loop."""
        self._url = f"{api_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        # Built by hand: aiohttp 3.14 deprecates `BasicAuth`, and its replacement is missing before 3.14.
        credentials = base64.b64encode(f"{account_sid}:{auth_token}".encode()).decode("ascii")
        self._headers = {"Authorization": f"Basic {credentials}"}
        self._from = from_number
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        super().__init__(session)
        self._monotonic = monotonic
        self._quiet_until = 0.0  # monotonic time before which Twilio asked us (429) not to call

    def __repr__(self) -> str:
        # Spelled out so the auth token can never leak through a repr in a traceback or a debugger.
        return f"TwilioSmsSender(url={self._url!r}, from_number={self._from!r})"

    async def send_sms(self, message: OutgoingSms) -> None:
        """Hand one SMS to Twilio or raise `DeliveryError` saying why it was not accepted."""
        wait = self._quiet_until - self._monotonic()
        if wait > 0:
            raise _failed(DeliveryProblem.UNAVAILABLE, f"twilio asked for no call for {wait:.1f}s more (429)")
        form = {"To": message.to, "From": self._from, "Body": message.body}
        try:
            async with self._client().post(
                self._url, data=form, headers=self._headers, timeout=self._timeout
            ) as response:
                status, raw = response.status, await response.read()
                retry_after = response.headers.get("Retry-After")
        except (aiohttp.ClientError, TimeoutError) as exc:  # refused, reset, DNS, TLS, timeouts
            raise _failed(DeliveryProblem.UNAVAILABLE, f"twilio unreachable ({type(exc).__name__})") from exc
        answer = _parse(raw)
        if status in (200, 201):
            if not isinstance(answer.get("sid"), str):
                raise _failed(DeliveryProblem.UNAVAILABLE, f"twilio HTTP {status} without a message sid")
            log.debug("SMS accepted by Twilio as %s", answer["sid"])
            return
        code = _code_of(answer)
        if status == 429:
            self._quiet_until = self._monotonic() + backoff_seconds(retry_after)
        # Only a refusal of this request (4xx) speaks about the destination; 429 and 5xx are Twilio's state.
        refused = 400 <= status < 500 and status != 429
        problem = problem_for(code) if code is not None and refused else DeliveryProblem.UNAVAILABLE
        raise _failed(problem, f"twilio HTTP {status}" if code is None else f"twilio {code} (HTTP {status})")


def backoff_seconds(retry_after: str | None, now: datetime | None = None) -> float:
    """How long to make no call after a 429: its `Retry-After` (seconds or an HTTP date), within limits."""
    seconds = DEFAULT_BACKOFF_SECONDS
    value = (retry_after or "").strip()
    if value.isdigit():
        seconds = float(value)
    elif value:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None and when.tzinfo is not None:
            seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_BACKOFF_SECONDS)


def _parse(raw: bytes) -> dict[str, Any]:
    """The JSON object in a Twilio answer, or `{}` for anything else (HTML from a proxy, truncation)."""
    try:
        answer = json.loads(raw)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError both are ValueErrors
        return {}
    return answer if isinstance(answer, dict) else {}


def _code_of(answer: dict[str, Any]) -> int | None:
    """Twilio's numeric error `code` (an int, or digits in a string), if the answer carries one."""
    code = answer.get("code")
    if isinstance(code, bool):
        return None
    if isinstance(code, int):
        return code
    return int(code) if isinstance(code, str) and code.isdigit() else None


def _failed(problem: DeliveryProblem, detail: str) -> DeliveryError:
    """A `DeliveryError`, logged once here: callers keep only its problem, operators need the code."""
    log.warning("SMS not accepted by Twilio: %s: %s", problem.value, detail)
    return DeliveryError(problem, detail)
