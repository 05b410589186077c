"""A user agent in a few words ("Chrome on Windows"), for messages a person reads."""

from __future__ import annotations

import hashlib

_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def describe(user_agent: str) -> str:
    """`Chrome on Windows`, `Safari on iPhone`, or `an unknown browser`."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "an unknown browser"


def browser_key(user_agent: str) -> str:
    """A short stable key for "the same browser" (its user agent), for counting codes per browser."""
    return hashlib.sha256(user_agent.strip().encode()).hexdigest()[:16]
