"""Which way an SMS-method code went, when Telegram's Gateway API is configured (gateways/code_routes)."""

from __future__ import annotations

from domain.core.ports import DeliveryRoute

VIA_TELEGRAM = (
    "It was sent to your Telegram app, as a message from Telegram's verification service (not by SMS)."
)
VIA_SMS = "It was sent by SMS to {masked}."


def route_line(route: DeliveryRoute, masked: str) -> str:
    """One sentence saying where the code went."""
    return VIA_TELEGRAM if route is DeliveryRoute.TELEGRAM else VIA_SMS.format(masked=masked)
