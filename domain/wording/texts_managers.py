"""What the assistant says to account managers and about requests to them."""

from __future__ import annotations

from domain.core.model import DisableRequest, User

SUPPORT_HINT = (
    "Our support team can help with anything about your login and 2FA. Reply to any of our emails or "
    "write to support, and mention that you talked to the assistant."
)

MANAGER_NOTICE_EXTRA = (
    "Reason given: {reason}. Your login is now protected by your password only. Please set up 2FA again as "
    "soon as you can: in the assistant chat send /enable, or go to My profile > Two-Factor Authentication."
)
MANAGER_DISABLED_CHAT = (
    "Your account manager {manager} turned off 2FA for your account (reason: {reason}). Your login is "
    "protected by your password only: please set up 2FA again."
)
MANAGE_ONLY = "Only account managers can use /manage. To ask your account manager for help, send /request."
MANAGE_HEADER = "Contract {contract}: 2FA of each user"
MANAGE_USER_LINE = "• {name} <{email}>: {state}"
MANAGE_NO_REQUESTS = "No open requests."
MANAGE_NEED_2FA = (
    "To act for your contract, first turn on 2FA for yourself: actions are confirmed with a code."
)
MANAGE_ASK_REASON = "Why is 2FA being turned off {target}? Choose a reason or type your own."
MANAGE_CODE_SENT = "To confirm, type the code we sent to {masked}."
MANAGE_NOTHING = "2FA was not on for {target}, so nothing changed."
MANAGE_OWN_KEPT = " Your own 2FA stays on; to turn it off as well, send /disable."


def manage_done(names: list[str], own_kept: bool = False) -> str:
    """What a manager's action did: for whom 2FA is now off, and (when acting for everyone) that the
    manager's own stays on."""
    if len(names) == 1:
        text = f"Done: 2FA is now off for {names[0]}, who was emailed and invited to set it up again."
    else:
        who = f"{', '.join(names[:-1])} and {names[-1]}"
        text = f"Done: 2FA is now off for {who}. Each was emailed and invited to set it up again."
    return text + (MANAGE_OWN_KEPT if own_kept else "")


def manage_nothing(everyone: bool) -> str:
    """Nobody's 2FA was on (the acting manager's own aside, when acting for everyone)."""
    if everyone:
        return MANAGE_NOTHING.format(target="anyone else in the contract") + MANAGE_OWN_KEPT
    return MANAGE_NOTHING.format(target="them")


MANAGE_REFUSED = "You can act only on the contracts you manage. This attempt was recorded."
MANAGE_EXPIRED = "That request is no longer open (it was decided already or expired after 7 days)."
MANAGE_DECLINED = "Request #{number} declined. The requester was told."
BUTTON_APPROVE = "Approve"
BUTTON_DECLINE = "Decline"
BUTTON_OFF_FOR = "Turn off for {name}"
BUTTON_OFF_FOR_ALL = "Turn off for everyone"
BUTTON_OWN_REASON = "Type a reason"

REQUEST_ASK = (
    "Your account manager can turn 2FA off, for example if you no longer have access to your phone or "
    "email. For whom?"
)
BUTTON_REQUEST_ME = "For me"
BUTTON_REQUEST_USER = "For another user"
BUTTON_REQUEST_ALL = "For everyone in my contract"
REQUEST_ASK_USER = "Type the email address of the user whose 2FA should be turned off."
REQUEST_NO_SUCH_USER = "There is no user with that email in your contract. Type another, or tap Cancel."
REQUEST_ASK_REASON = "In a few words, why should 2FA be turned off?"
REQUEST_SELF_OFF = "2FA is off for your account already, so there is nothing to ask."
REQUEST_IDENTITY_SENT = "To show it is you, type the code we sent to your registered email {masked}."
REQUEST_SENT = (
    "Request #{number} is with your account manager{managers}. You will hear back here and by email."
)
REQUEST_SENT_UNVERIFIED = (
    " Because your codes go to your registered email, we could not check it is you by email: your manager "
    "will confirm your identity another way."
)
REQUEST_NO_MANAGER_CHAT = " Your account manager does not use this assistant yet, so we emailed them."
REQUEST_NO_MANAGER = (
    "Your contract has no account manager registered, so the request could not be sent. Please contact "
    "support."
)
REQUEST_APPROVED = (
    "Your request #{number} was approved by {manager}: 2FA is now off. Please set it up again when you "
    "can (/enable)."
)
REQUEST_DECLINED = (
    "Your request #{number} was declined by {manager}. Contact them if you need to talk it over."
)
REQUEST_OUTCOME_SUBJECT = "Your request to your account manager"


def request_summary(request: DisableRequest, requester: User, target: User | None) -> str:
    """How a request reads to a manager: who asked, for whom, why, and whether identity was checked."""
    whom = f"{target.name} <{target.email}>" if target else "every user of the contract"
    check = (
        "identity confirmed by a code to the registered email"
        if request.verified
        else ("UNVERIFIED: check the requester's identity by other means")
    )
    return (
        f"Request #{request.id} from {requester.name} <{requester.email}>: turn off 2FA for {whom}.\n"
        f"Reason: {request.reason}\n{check}. Open until {request.expires_at:%Y-%m-%d %H:%M UTC}."
    )


def notice_request(manager: User, summary: str) -> tuple[str, str]:
    return (
        "A request to turn off 2FA is waiting for you",
        f"Hello {manager.name},\n\n{summary}\n\nApprove or decline it in the assistant chat (/manage). "
        "Requests expire after 7 days.",
    )


FINISH_FIRST = "Let's finish what we are doing first (or send /cancel), then press that button again."

BUTTON_ASK_MANAGER = "Ask my account manager"
BUTTON_MANAGE = "Manage my contract"
BUTTON_SUPPORT = "Contact support"
BUTTON_TEST = "Send a test code"
BUTTON_DEVICES = "My remembered devices"
