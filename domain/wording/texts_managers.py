"""What the assistant says to account managers and about requests to them."""

from __future__ import annotations

from domain.core.model import DisableRequest, User
from domain.wording.i18n import N_, Catalogue, Message, _, calendar_date, clock_time, speaking
from domain.wording.texts_actions import reason_words

SUPPORT_HINT: str

MANAGER_NOTICE_EXTRA: str
MANAGER_DISABLED_CHAT: str
MANAGE_ONLY: str
MANAGE_HEADER: str
MANAGE_USER_LINE: str
MANAGE_NO_REQUESTS: str
MANAGE_NEED_2FA: str
MANAGE_CODE_SENT: str
MANAGE_OWN_KEPT: str


def manage_done(names: list[str], own_kept: bool = False) -> str:
    """What a manager's action did: for whom 2FA is now off, and (when acting for everyone) that the
    manager's own stays on."""
    if len(names) == 1:
        text = _("Done: 2FA is now off for {name}, who was emailed and invited to set it up again.").format(
            name=names[0]
        )
    else:
        who = _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])
        text = _("Done: 2FA is now off for {names}. Each was emailed and invited to set it up again.").format(
            names=who
        )
    return text + (_TEXTS.text("MANAGE_OWN_KEPT") if own_kept else "")


def manage_nothing(everyone: bool) -> str:
    """Nobody's 2FA was on (the acting manager's own aside, when acting for everyone)."""
    if everyone:
        return _("2FA was not on for anyone else in the contract, so nothing changed.") + _TEXTS.text(
            "MANAGE_OWN_KEPT"
        )
    return _("2FA was not on for them, so nothing changed.")


MANAGE_REFUSED: str
MANAGE_EXPIRED: str
MANAGE_DECLINED: str
BUTTON_APPROVE: str
BUTTON_DECLINE: str
BUTTON_OFF_FOR: str
BUTTON_OFF_FOR_ALL: str
BUTTON_OWN_REASON: str

REQUEST_ASK: str
BUTTON_REQUEST_ME: str
BUTTON_REQUEST_USER: str
BUTTON_REQUEST_ALL: str
REQUEST_ASK_USER: str
REQUEST_NO_SUCH_USER: str
REQUEST_ASK_REASON: str
REQUEST_SELF_OFF: str
REQUEST_IDENTITY_SENT: str
REQUEST_SENT: str
REQUEST_SENT_UNVERIFIED: str
REQUEST_NO_MANAGER_CHAT: str
REQUEST_NO_MANAGER: str
REQUEST_APPROVED: str
REQUEST_DECLINED: str
REQUEST_OUTCOME_SUBJECT: str


def request_summary(request: DisableRequest, requester: User, target: User | None) -> str:
    """How a request reads to a manager: who asked, for whom, why, and whether identity was checked."""
    fields = {
        "number": request.id,
        "name": requester.name,
        "email": requester.email,
        "reason": reason_words(request.reason),
        "date": calendar_date(request.expires_at),
        "time": clock_time(request.expires_at),
    }
    if target is None:
        asked = _("Request #{number} from {name} <{email}>: turn off 2FA for every user of the contract.")
    else:
        asked = _("Request #{number} from {name} <{email}>: turn off 2FA for {target} <{target_email}>.")
        fields.update(target=target.name, target_email=target.email)
    if request.verified:
        rest = _(
            "Reason: {reason}\nidentity confirmed by a code to the registered email. Open until {date} {time}."
        )
    else:
        rest = _(
            "Reason: {reason}\nUNVERIFIED: check the requester's identity by other means. Open until {date} "
            "{time}."
        )
    return asked.format(**fields) + "\n" + rest.format(**fields)


def notice_request(manager: User, summary: str) -> tuple[str, str]:
    """The email to a manager; `summary` worded in the manager's language (`request_summary` read within
    `speaking(manager.language)`)."""
    with speaking(getattr(manager, "language", None)):
        return (
            _("A request to turn off 2FA is waiting for you"),
            _(
                "Hello {name},\n\n{summary}\n\nApprove or decline it in the assistant chat (/manage). "
                "Requests expire after 7 days."
            ).format(name=manager.name, summary=summary),
        )


FINISH_FIRST: str

BUTTON_ASK_MANAGER: str
BUTTON_MANAGE: str
BUTTON_SUPPORT: str
BUTTON_TEST: str
BUTTON_DEVICES: str


_MESSAGES: dict[str, Message] = {
    "SUPPORT_HINT": N_(
        "Our support team can help with anything about your login and 2FA. Reply to any of our emails or "
        "write to support, and mention that you talked to the assistant."
    ),
    "MANAGER_NOTICE_EXTRA": N_(
        "Reason given: {reason}. Your login is now protected by your password only. Please set up 2FA again as "
        "soon as you can: in the assistant chat send /enable, or go to My profile > Two-Factor Authentication."
    ),
    "MANAGER_DISABLED_CHAT": N_(
        "Your account manager {manager} turned off 2FA for your account (reason: {reason}). Your login is "
        "protected by your password only: please set up 2FA again."
    ),
    "MANAGE_ONLY": N_(
        "Only account managers can use /manage. To ask your account manager for help, send /request."
    ),
    "MANAGE_HEADER": N_("Contract {contract}: 2FA of each user"),
    "MANAGE_USER_LINE": N_("• {name} <{email}>: {state}"),
    "MANAGE_NO_REQUESTS": N_("No open requests."),
    "MANAGE_NEED_2FA": N_(
        "To act for your contract, first turn on 2FA for yourself: actions are confirmed with a code."
    ),
    "MANAGE_CODE_SENT": N_("To confirm, type the code we sent to {masked}."),
    "MANAGE_OWN_KEPT": N_(" Your own 2FA stays on; to turn it off as well, send /disable."),
    "MANAGE_REFUSED": N_("You can act only on the contracts you manage. This attempt was recorded."),
    "MANAGE_EXPIRED": N_("That request is no longer open (it was decided already or expired after 7 days)."),
    "MANAGE_DECLINED": N_("Request #{number} declined. The requester was told."),
    "BUTTON_APPROVE": N_("Approve"),
    "BUTTON_DECLINE": N_("Decline"),
    "BUTTON_OFF_FOR": N_("Turn off for {name}"),
    "BUTTON_OFF_FOR_ALL": N_("Turn off for everyone"),
    "BUTTON_OWN_REASON": N_("Type a reason"),
    "REQUEST_ASK": N_(
        "Your account manager can turn 2FA off, for example if you no longer have access to your phone or "
        "email. For whom?"
    ),
    "BUTTON_REQUEST_ME": N_("For me"),
    "BUTTON_REQUEST_USER": N_("For another user"),
    "BUTTON_REQUEST_ALL": N_("For everyone in my contract"),
    "REQUEST_ASK_USER": N_("Type the email address of the user whose 2FA should be turned off."),
    "REQUEST_NO_SUCH_USER": N_(
        "There is no user with that email in your contract. Type another, or tap Cancel."
    ),
    "REQUEST_ASK_REASON": N_("In a few words, why should 2FA be turned off?"),
    "REQUEST_SELF_OFF": N_("2FA is off for your account already, so there is nothing to ask."),
    "REQUEST_IDENTITY_SENT": N_(
        "To show it is you, type the code we sent to your registered email {masked}."
    ),
    "REQUEST_SENT": N_(
        "Request #{number} is with your account manager{managers}. You will hear back here and by email."
    ),
    "REQUEST_SENT_UNVERIFIED": N_(
        " Because your codes go to your registered email, we could not check it is you by email: your manager "
        "will confirm your identity another way."
    ),
    "REQUEST_NO_MANAGER_CHAT": N_(
        " Your account manager does not use this assistant yet, so we emailed them."
    ),
    "REQUEST_NO_MANAGER": N_(
        "Your contract has no account manager registered, so the request could not be sent. Please contact "
        "support."
    ),
    "REQUEST_APPROVED": N_(
        "Your request #{number} was approved by {manager}: 2FA is now off. Please set it up again when you "
        "can (/enable)."
    ),
    "REQUEST_DECLINED": N_(
        "Your request #{number} was declined by {manager}. Contact them if you need to talk it over."
    ),
    "REQUEST_OUTCOME_SUBJECT": N_("Your request to your account manager"),
    "FINISH_FIRST": N_(
        "Let's finish what we are doing first (or send /cancel), then press that button again."
    ),
    "BUTTON_ASK_MANAGER": N_("Ask my account manager"),
    "BUTTON_MANAGE": N_("Manage my contract"),
    "BUTTON_SUPPORT": N_("Contact support"),
    "BUTTON_TEST": N_("Send a test code"),
    "BUTTON_DEVICES": N_("My remembered devices"),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
