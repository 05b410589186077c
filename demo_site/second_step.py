"""The second step, in whichever form the API asked for (`input`): a number to tap in Telegram, a code
box (SMS, email, the app, or a code sent to the Telegram chat), or a recovery code; resend; remember."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from demo_site.login_api import LONG_POLL_SECONDS, ApiAnswer, ApiUnavailable
from demo_site.outcomes import ENDS_LOGIN, refusal, unavailable
from demo_site.pages import API, form, go, moment, now, render, signed_in, visit_of
from demo_site.visits import Notice, PendingLogin, Visit, set_device_cookie

CODE_LIMIT = 64
APPROVE = "approve"
_FINAL = {"denied": "denied", "expired": "expired"}  # a status that ends an approval, as its error


async def page(request: web.Request) -> web.Response:
    """The step as it stands; for an approval, asks the API first (so a reload shows what happened)."""
    visit = visit_of(request)
    login = visit.login
    if login is None:
        raise go("/")
    approved = False
    if login.input == APPROVE:
        try:
            answer = await request.app[API].status(login.login_id)
        except ApiUnavailable:
            answer = None
            visit.notice = unavailable()
        if answer is not None:
            approved = _follow(visit, login, answer)
            if visit.login is None:
                raise go("/")
    use_recovery = login.recovery and request.query.get("recovery") == "1"
    wait = 0 if login.resend_at is None else max(0, int((login.resend_at - now()).total_seconds()) + 1)
    return render(
        request, "second_step.html", login=login, use_recovery=use_recovery, approved=approved, wait=wait
    )


def _follow(visit: Visit, login: PendingLogin, answer: ApiAnswer) -> bool:
    """Apply a status answer: an ended approval ends the visit's login; True when it was approved."""
    if not answer.ok:
        visit.end_login(refusal(answer))
        return False
    status = str(answer.body.get("status"))
    if status in _FINAL:
        visit.end_login(refusal(ApiAnswer(410, {"error": _FINAL[status]})))
        return False
    if answer.body.get("input") == "code":  # "Send me a code instead" was tapped: the chat has a code
        login.input, login.sent_to = "code", "your Telegram chat"
    return status == "approved"


async def wait(request: web.Request) -> web.Response:
    """For the page's script: the approval's status, held up to 25 s by the API until it changes."""
    login = visit_of(request).login
    if login is None or login.input != APPROVE:
        return web.json_response({"status": "none"})
    try:
        answer = await request.app[API].status(login.login_id, wait=LONG_POLL_SECONDS)
    except ApiUnavailable:
        return web.json_response({"status": "unavailable"}, status=503)
    status = answer.body.get("status", answer.error)
    return web.json_response({"status": status, "input": answer.body.get("input")})


async def verify(request: web.Request) -> web.Response:
    """A code, a recovery code, or neither (an approval tapped in Telegram), and "remember this device"."""
    fields = await form(request)
    visit = visit_of(request)
    login = visit.login
    if login is None:
        raise go("/")
    remember = fields.get("remember") == "yes"
    recovery = "recovery_code" in fields
    typed = fields.get("recovery_code" if recovery else "code", "").strip()[:CODE_LIMIT]
    if ("code" in fields or recovery) and not typed:
        visit.notice = Notice("Type the code first.")
        raise go(_back(recovery))
    api = request.app[API]
    try:
        if recovery:
            answer = await api.verify(login.login_id, recovery_code=typed, remember_device=remember)
        elif "code" in fields:
            answer = await api.verify(login.login_id, code=typed, remember_device=remember)
        else:
            answer = await api.verify(login.login_id, remember_device=remember)
    except ApiUnavailable:
        visit.notice = unavailable()
        raise go(_back(recovery)) from None
    if not answer.ok:
        notice = refusal(answer, recovery=recovery)
        if answer.error in ENDS_LOGIN:
            visit.end_login(notice)
            raise go("/")
        visit.notice = notice
        raise go(_back(recovery))
    response = go("/")
    signed_in(request, visit.email, _how(login, answer.body, recovery))
    visit.end_login()
    token, expires_at = answer.body.get("device_token"), moment(answer.body.get("device_expires_at"))
    if isinstance(token, str) and expires_at is not None:
        set_device_cookie(response, request, token, expires_at, now())
    raise response


def _back(recovery: bool) -> str:
    return "/second-step?recovery=1" if recovery else "/second-step"


def _how(login: PendingLogin, body: dict[str, Any], recovery: bool) -> str:
    if recovery:
        how = f"with a recovery code ({body.get('recovery_codes_left', '?')} left)"
    elif body.get("approved_by") == "number":
        how = "by tapping the number in Telegram"
    else:
        how = f"with the code sent to {login.sent_to}"
    if body.get("device_token"):
        how += "; this device is remembered for 30 days"
    return how


async def resend(request: web.Request) -> web.Response:
    await form(request)
    visit = visit_of(request)
    login = visit.login
    if login is None:
        raise go("/")
    try:
        answer = await request.app[API].resend(login.login_id)
    except ApiUnavailable:
        visit.notice = unavailable()
        raise go("/second-step") from None
    if answer.ok:
        login.resend_at = None
        visit.notice = Notice(f"The code was sent again to {login.sent_to}.", "info")
    elif answer.error in ENDS_LOGIN:
        visit.end_login(refusal(answer))
    else:
        visit.notice = refusal(answer)
        if answer.error in ("cooldown", "rate_limited"):
            login.resend_at = visit.notice.until
    raise go("/second-step")


async def cancel(request: web.Request) -> web.Response:
    await form(request)
    visit_of(request).end_login(Notice("Sign-in cancelled.", "info"))
    raise go("/")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/second-step", page, name="second_step")
    app.router.add_post("/second-step", verify, name="verify")
    app.router.add_get("/second-step/wait", wait, name="wait")
    app.router.add_post("/second-step/resend", resend, name="resend")
    app.router.add_post("/second-step/cancel", cancel, name="cancel")
