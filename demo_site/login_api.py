"""The login API as the site calls it: four calls over HTTP with the site's `login` API key.

The key stays on the server: the browser only ever talks to the site, which calls the API.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp

LONG_POLL_SECONDS = 25  # GET /v1/logins/{id}?wait=25: the API answers as soon as the status changes
_TIMEOUT = aiohttp.ClientTimeout(total=LONG_POLL_SECONDS + 10, connect=5)


class ApiUnavailable(Exception):
    """The API could not be reached or did not answer JSON (the page says so and keeps the visit)."""


@dataclass(frozen=True)
class ApiAnswer:
    """One answer of the API: its HTTP status, its JSON body and its `Retry-After`, when sent."""

    status: int
    body: dict[str, Any]
    retry_after: int | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def error(self) -> str | None:
        """The API's error code (`invalid_code`, `locked`, `expired`…), or None when it succeeded."""
        return None if self.ok else str(self.body.get("error", f"http_{self.status}"))


class LoginApi:
    """`POST /v1/logins`, `POST …/verify`, `POST …/resend` and `GET /v1/logins/{id}` on `base_url`."""

    def __init__(self, base_url: str, api_key: str, session: aiohttp.ClientSession) -> None:
        self._base = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}"}
        self._session = session

    async def start(
        self, email: str, *, device_token: str | None, ip: str | None, user_agent: str | None
    ) -> ApiAnswer:
        """After the site's own password check: is a second factor needed (and send it)."""
        body = {"email": email, "device_token": device_token, "ip": ip, "user_agent": user_agent}
        return await self._call("POST", "/v1/logins", body)

    async def verify(
        self,
        login_id: str,
        *,
        code: str | None = None,
        recovery_code: str | None = None,
        remember_device: bool = False,
    ) -> ApiAnswer:
        """The typed code, a recovery code, or neither (finishing a login approved in Telegram)."""
        body: dict[str, Any] = {"remember_device": remember_device}
        if code is not None:
            body["code"] = code
        if recovery_code is not None:
            body["recovery_code"] = recovery_code
        return await self._call("POST", f"{self._login(login_id)}/verify", body)

    async def resend(self, login_id: str) -> ApiAnswer:
        return await self._call("POST", f"{self._login(login_id)}/resend", None)

    async def status(self, login_id: str, wait: int = 0) -> ApiAnswer:
        """Where an approval stands; with `wait`, the API holds the answer until it changes (long poll)."""
        return await self._call("GET", f"{self._login(login_id)}?wait={wait}", None)

    @staticmethod
    def _login(login_id: str) -> str:
        return f"/v1/logins/{quote(login_id, safe='')}"

    async def _call(self, method: str, path: str, body: dict[str, Any] | None) -> ApiAnswer:
        try:
            async with self._session.request(
                method, self._base + path, json=body, headers=self._headers, timeout=_TIMEOUT
            ) as response:
                payload = await response.json(content_type=None)
                retry_after = response.headers.get("Retry-After", "")
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            raise ApiUnavailable(f"the login API did not answer ({type(error).__name__})") from error
        if not isinstance(payload, dict):
            raise ApiUnavailable(f"the login API answered {response.status} without a JSON object")
        seconds = int(retry_after) if retry_after.isdigit() else None
        return ApiAnswer(response.status, payload, seconds)
