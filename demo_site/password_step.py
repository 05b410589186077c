"""The first step, the site's own: email and password; then `POST /v1/logins` says what comes next."""

from __future__ import annotations

from aiohttp import web

from demo_site.login_api import ApiAnswer, ApiUnavailable
from demo_site.outcomes import refusal, unavailable
from demo_site.pages import API, form, go, moment, render, signed_in, visit_of
from demo_site.passwords import DEMO_PASSWORD, DemoPasswords
from demo_site.visits import DEVICE_COOKIE, Notice, PendingLogin, Visit

PASSWORDS = web.AppKey("passwords", DemoPasswords)
EMAIL_LIMIT = 320


async def home(request: web.Request) -> web.Response:
    """Signed in, the second step under way, or the password form."""
    visit = visit_of(request)
    if visit.signed_in_as is not None:
        return render(request, "signed_in.html", email=visit.signed_in_as, how=visit.how)
    if visit.login is not None:
        raise go("/second-step")
    accounts = request.app[PASSWORDS].emails
    return render(request, "sign_in.html", accounts=accounts, password=DEMO_PASSWORD, email=visit.email or "")


async def sign_in(request: web.Request) -> web.Response:
    fields = await form(request)
    visit = visit_of(request)
    email = fields.get("email", "").strip()[:EMAIL_LIMIT]
    if not await request.app[PASSWORDS].check(email, fields.get("password", "")):
        visit.email, visit.notice = None, Notice("Wrong email or password.")
        raise go("/")
    visit.email, visit.signed_in_as, visit.login = email, None, None
    try:
        answer = await request.app[API].start(
            email,
            device_token=request.cookies.get(DEVICE_COOKIE),
            # the browser's address: the API's limits and lockout are per IP (behind a reverse proxy, take
            # it from the proxy's X-Forwarded-For instead, as the proxy sets it)
            ip=request.remote,
            user_agent=request.headers.get("User-Agent"),
        )
    except ApiUnavailable:
        visit.notice = unavailable()
        raise go("/") from None
    _after_start(request, visit, answer)
    raise go("/")


def _after_start(request: web.Request, visit: Visit, answer: ApiAnswer) -> None:
    body = answer.body
    second = body.get("second_factor") if answer.ok else None
    if second == "not_enabled":
        how = "with your password only: this account has no two-step verification yet"
        signed_in(request, visit.email, how)
    elif second == "remembered":
        signed_in(request, visit.email, "on a remembered device: no second step was asked for")
    elif second == "required":
        visit.login = PendingLogin(
            login_id=str(body["login_id"]),
            input=str(body["input"]),
            sent_to=str(body.get("sent_to", "")),
            expires_at=moment(body.get("expires_at")),
            recovery=bool(body.get("recovery")),
            number=str(body["number"]) if body.get("number") is not None else None,
        )
    else:
        visit.end_login(refusal(answer))


async def sign_out(request: web.Request) -> web.Response:
    await form(request)
    visit = visit_of(request)
    visit.signed_in_as, visit.how = None, ""
    visit.end_login(Notice("You are signed out.", "info"))
    raise go("/")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", home, name="home")
    app.router.add_post("/sign-in", sign_in, name="sign_in")
    app.router.add_post("/sign-out", sign_out, name="sign_out")
