"""Who acted, where and for whom, as texts name them: a chat, an account manager, a user's 2FA in the
manager's list, and the reasons a manager picks from (stored in English, shown in the reader's language)."""

from __future__ import annotations

from domain.core.model import TwoFactorSetting
from domain.wording.i18n import N_, _, calendar_date
from domain.wording.texts_notices import setting_words

# The listed reasons for turning 2FA off, and the one a self-request gives: stored and audited as written
# here, shown through `reason_words`.
REASONS = (
    N_("Lost their phone"),
    N_("Lost access to their email"),
    N_("Left the company"),
    N_("Security review"),
)
SELF_REASON = N_("lost access to 2FA")
_KNOWN = frozenset((*REASONS, SELF_REASON))


def reason_words(reason: str) -> str:
    """A stored reason as shown: one of ours in the current language, one typed by a person as typed."""
    return _(reason) if reason in _KNOWN else reason


def chat_label(chat_id: str) -> str:
    """How a chat is named to a person (never the raw id, which says little to them)."""
    if chat_id.startswith("tg:"):
        return _("a Telegram chat")
    if chat_id.startswith("term:"):
        return _("the terminal chat")
    return _("a chat")


def in_chat(chat_id: str) -> str:
    """Where a 2FA change was made, as its notice says it ("… was enabled in a Telegram chat.")."""
    if chat_id.startswith("tg:"):
        return _("in a Telegram chat")
    if chat_id.startswith("term:"):
        return _("in the terminal chat")
    return _("in a chat")


def by_manager(name: str) -> str:
    """Who made a 2FA change, as its notice says it ("… was disabled by your account manager Bob.")."""
    return _("by your account manager {name}").format(name=name)


def member_state(setting: TwoFactorSetting) -> str:
    """A user's 2FA in the manager's list: "on, SMS to +44 ••••••• 89 since 2026-12-05" or "off"."""
    if not setting.enabled:
        return _("off")
    if setting.verified_at is None:
        return _("on, {setting}").format(setting=setting_words(setting))
    return _("on, {setting} since {date}").format(
        setting=setting_words(setting), date=calendar_date(setting.verified_at)
    )


def manage_ask_reason(name: str = "", *, everyone: bool = False) -> str:
    """The manager's next step: why 2FA is being turned off for `name`, for everyone, or (asked again at
    the same step) here."""
    if name:
        return _("Why is 2FA being turned off for {name}? Choose a reason or type your own.").format(
            name=name
        )
    if everyone:
        return _(
            "Why is 2FA being turned off for everyone in the contract? Choose a reason or type your own."
        )
    return _("Why is 2FA being turned off here? Choose a reason or type your own.")
