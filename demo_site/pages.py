"""What every page shares: the app's keys, rendering a template, the form's CSRF check, the clock."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import jinja2
from aiohttp import web

from demo_site.login_api import LoginApi
from demo_site.visits import Visit, Visits


@dataclass(frozen=True)
class SiteConfig:
    api_url: str  # where the login API listens, e.g. http://127.0.0.1:8080
    api_key: str  # a `login`-scoped key (`twofa keys add login-page --scope login`)
    service: str = "Demo Ltd intranet"


CONFIG = web.AppKey("config", SiteConfig)
VISITS = web.AppKey("visits", Visits)
JINJA = web.AppKey("jinja", jinja2.Environment)
API = web.AppKey("api", LoginApi)
VISIT = web.RequestKey("visit", Visit)  # set by the middleware for every request (demo_site/site.py)
VISIT_ID = web.RequestKey("visit_id", str)  # the id its cookie will carry (renewed at sign-in)
NONCE = web.RequestKey("nonce", str)  # the page's one inline script runs under this CSP nonce


def now() -> datetime:
    return datetime.now(UTC)


def moment(text: Any) -> datetime | None:
    """An ISO 8601 time from the API (`2025-01-31T12:00:00Z`), or None."""
    try:
        return datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def visit_of(request: web.Request) -> Visit:
    return request[VISIT]


def signed_in(request: web.Request, email: str | None, how: str) -> None:
    """The visit is signed in from now on, under a new id (the middleware sends its cookie)."""
    visit = visit_of(request)
    visit.signed_in_as, visit.how = email, how
    request[VISIT_ID] = request.app[VISITS].renew(request[VISIT_ID])


def render(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    visit = visit_of(request)
    page = (
        request.app[JINJA]
        .get_template(template)
        .render(
            csrf=visit.csrf,
            nonce=request[NONCE],
            notice=visit.take_notice(),
            service=request.app[CONFIG].service,
            now=now(),
            **context,
        )
    )
    return web.Response(text=page, content_type="text/html", status=status)


async def form(request: web.Request) -> dict[str, str]:
    """The posted form, once its CSRF token matches the visit's (else 403)."""
    data = await request.post()
    fields = {name: value for name, value in data.items() if isinstance(value, str)}
    if not hmac.compare_digest(fields.get("csrf", ""), visit_of(request).csrf):
        raise web.HTTPForbidden(text="This form is out of date: reload the page and try again.")
    return fields


def go(path: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(path)
