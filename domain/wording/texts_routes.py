"""Which way an SMS-method code went, when Telegram's Gateway API is configured (gateways/code_routes)."""

from __future__ import annotations

from domain.core.ports import DeliveryRoute
from domain.wording.i18n import N_, Catalogue, Message

VIA_TELEGRAM: str
VIA_SMS: str


def route_line(route: DeliveryRoute, masked: str) -> str:
    """One sentence saying where the code went."""
    return (
        _TEXTS.text("VIA_TELEGRAM")
        if route is DeliveryRoute.TELEGRAM
        else _TEXTS.text("VIA_SMS").format(masked=masked)
    )


_MESSAGES: dict[str, Message] = {
    "VIA_TELEGRAM": N_(
        "It was sent to your Telegram app, as a message from Telegram's verification service (not by SMS)."
    ),
    "VIA_SMS": N_("It was sent by SMS to {masked}."),
}
_TEXTS: Catalogue = Catalogue(__name__, _MESSAGES)
__getattr__ = _TEXTS  # texts.NAME: the message in the language of the step being taken
