"""Where a code went and why a number was refused, as shown to a person.

`domain.core.destinations` keeps these in English: an app's and a Telegram chat's mask are stored (a
scrubbed challenge's destination) and compared, and `InvalidPhone` carries its reason in English. They are
marked there for the catalogues and translated here, where they are formatted into a text.
"""

from __future__ import annotations

from domain.core.destinations import APP, PHONE_REFUSALS, TELEGRAM_CHAT
from domain.wording.i18n import _

_WORDED = frozenset((APP, TELEGRAM_CHAT))
_REFUSALS = frozenset(PHONE_REFUSALS)


def shown_mask(masked: str | None) -> str:
    """A mask as a text says it: "authenticator app" and "your Telegram chat" in the current language,
    a masked number or address as it is, and none (a step that did not keep it) as "your 2FA
    destination"."""
    if not masked:
        return _("your 2FA destination")
    return _(masked) if masked in _WORDED else masked


def phone_refusal(reason: str) -> str:
    """Why a typed number cannot be used (an `InvalidPhone`'s message), in the current language."""
    return _(reason) if reason in _REFUSALS else reason
