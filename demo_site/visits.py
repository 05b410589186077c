"""What the site remembers of one browser between pages: kept on the server, found by a random id in
an HttpOnly cookie. The device token the API hands out is the only other cookie (`DEVICE_COOKIE`)."""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime

from aiohttp import web

VISIT_COOKIE = "demo_visit"
DEVICE_COOKIE = "demo_device"  # the API's device_token: sent with the next POST /v1/logins
VISIT_SECONDS = 2 * 60 * 60
MAX_VISITS = 10_000


@dataclass
class Notice:
    """A message shown once on the next page: `kind` is "error" or "info"; `until` starts a countdown."""

    text: str
    kind: str = "error"
    until: datetime | None = None


@dataclass
class PendingLogin:
    """A login the API said needs a second factor (its start answer, kept while the user finishes it)."""

    login_id: str
    input: str  # "sms", "email", "app", "approve" or "code" (a code sent to the Telegram chat)
    sent_to: str
    expires_at: datetime | None
    recovery: bool
    number: str | None = None  # the number to match, for "approve"
    resend_at: datetime | None = None  # from the API's retry_at: the resend button waits until then


@dataclass
class Visit:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    email: str | None = None  # the password was right for this account
    login: PendingLogin | None = None
    signed_in_as: str | None = None
    how: str = ""  # how the second step was passed, for the signed-in page
    notice: Notice | None = None
    seen: float = field(default_factory=time.monotonic)

    def take_notice(self) -> Notice | None:
        notice, self.notice = self.notice, None
        return notice

    def end_login(self, notice: Notice | None = None) -> None:
        """Back to the password step (a denied, expired or finished login is not resumed)."""
        self.login, self.email = None, None
        self.notice = notice


class Visits:
    """The visits of the last two hours, at most `MAX_VISITS` (the oldest go first), in memory."""

    def __init__(self) -> None:
        self._visits: OrderedDict[str, Visit] = OrderedDict()

    def of(self, request: web.Request) -> tuple[str, Visit]:
        """The request's visit, or a new one (its id then needs `set_cookie`)."""
        self._prune()
        visit_id = request.cookies.get(VISIT_COOKIE, "")
        visit = self._visits.get(visit_id)
        if visit is None:
            visit_id, visit = secrets.token_urlsafe(32), Visit()
            self._visits[visit_id] = visit
        visit.seen = time.monotonic()
        self._visits.move_to_end(visit_id)
        return visit_id, visit

    def renew(self, visit_id: str) -> str:
        """The same visit under a new id (and a new CSRF token): done when someone signs in, so an id
        planted or seen before that (session fixation) is worth nothing afterwards."""
        visit = self._visits.pop(visit_id)
        visit.csrf = secrets.token_urlsafe(24)
        new_id = secrets.token_urlsafe(32)
        self._visits[new_id] = visit
        return new_id

    def _prune(self) -> None:
        oldest = time.monotonic() - VISIT_SECONDS
        while self._visits and (
            len(self._visits) > MAX_VISITS or next(iter(self._visits.values())).seen < oldest
        ):
            self._visits.popitem(last=False)


def set_visit_cookie(response: web.StreamResponse, request: web.Request, visit_id: str) -> None:
    response.set_cookie(
        VISIT_COOKIE, visit_id, httponly=True, samesite="Lax", secure=request.secure, path="/"
    )


def set_device_cookie(
    response: web.StreamResponse, request: web.Request, token: str, expires_at: datetime, now: datetime
) -> None:
    """Remember this device until the API's `device_expires_at` (30 days), HttpOnly: no script reads it."""
    max_age = max(0, int((expires_at - now).total_seconds()))
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=request.secure,  # over https the cookie never goes out in clear; the demo runs on loopback
        path="/",
    )
