"""A pseudo-language for wording tests: each message between « and », times and dates marked too, so any
text still in English (not read through the catalogues) shows up unmarked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from domain.wording import i18n


class Marked:
    def gettext(self, message: str) -> str:
        return f"«{message}»"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"«{singular if n == 1 else plural}»"

    def time(self, at: datetime) -> str:
        return f"T{at:%H%M}"

    def date(self, at: datetime) -> str:
        return f"D{at:%Y%m%d}"


@contextmanager
def marked_as(language: str) -> Iterator[None]:
    """`language` installed as the pseudo-language for the block, no catalogue after it."""
    i18n.install({language: Marked()})
    try:
        yield
    finally:
        i18n.install({})
