"""The language the assistant speaks in this turn, and the catalogues that translate into it.

Every text is written in English and marked for extraction: `N_` on a module's messages (the
`Catalogue` a texts module reads them through), `_` and `ngettext` inside functions. Babel extracts them
into `locale/messages.pot`; each language has its `locale/<lang>/LC_MESSAGES/messages.po`, compiled to
`.mo`. The process loads the compiled catalogues once (`app.wiring`, through `install`): the domain does
no I/O, it only asks the current `Words`, set per step with `speaking` (the chat's language) or for one
notice with the addressee's own (`speaking(user.language)`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from datetime import datetime
from typing import Any, Protocol

DEFAULT = "en"
LANGUAGES = ("en", "es", "de", "pt", "fr")  # in the order /language offers them
NAMES = {"en": "English", "es": "Español", "de": "Deutsch", "pt": "Português", "fr": "Français"}


class Words(Protocol):
    """One language: its translations, plural rules and the way it writes a time and a date."""

    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...
    def time(self, at: datetime) -> str:
        """A clock time in UTC, as the language writes it ("14:05 UTC")."""
        ...

    def date(self, at: datetime) -> str:
        """A calendar date, as the language writes it."""
        ...


class English:
    """The source language: messages as written."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def time(self, at: datetime) -> str:
        return at.strftime("%H:%M UTC")

    def date(self, at: datetime) -> str:
        return at.strftime("%Y-%m-%d")


_ENGLISH = English()
_catalogues: dict[str, Words] = {}
_current: ContextVar[Words] = ContextVar("words", default=_ENGLISH)


def install(catalogues: Mapping[str, Words]) -> None:
    """The process's catalogues by language (called once by the wiring; English needs none)."""
    _catalogues.clear()
    _catalogues.update(catalogues)


def language_for(code: str | None) -> str:
    """One of `LANGUAGES` for a Telegram `language_code` ("pt-br" -> "pt"); English for anything else."""
    base = (code or "").strip().lower().replace("_", "-").split("-", 1)[0]
    return base if base in LANGUAGES else DEFAULT


def words(language: str | None = None) -> Words:
    """The current language's words, or those of `language`."""
    if language is None:
        return _current.get()
    return _catalogues.get(language_for(language), _ENGLISH)


@contextlib.contextmanager
def speaking(language: str | None) -> Iterator[None]:
    """Texts read within the block are in `language` (English when unknown or not installed)."""
    token = _current.set(words(language or DEFAULT))
    try:
        yield
    finally:
        _current.reset(token)


def use(language: str | None) -> None:
    """Speak `language` from here on, within a `speaking` block that restores the language before it
    (for a step that learns whom it speaks to half-way: a sign-in, once its user is read)."""
    _current.set(words(language or DEFAULT))


def _(message: str) -> str:
    """`message` in the current language."""
    return _current.get().gettext(message)


def N_(message: str) -> str:  # gettext's name for "mark for extraction, translate later"
    """Mark `message` for extraction; it is translated when read (`Catalogue`)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.get().ngettext(singular, plural, n)


def clock_time(at: datetime) -> str:
    return _current.get().time(at)


def calendar_date(at: datetime) -> str:
    return _current.get().date(at)


Message = str | Mapping[Any, str] | Callable[[], Any]


def translated(message: Message) -> Any:
    """A message in the current language: a text, each value of a table, or what a callable builds."""
    if isinstance(message, str):
        return _(message)
    if isinstance(message, Mapping):
        return {key: _(value) for key, value in message.items()}
    return message()


class Catalogue:
    """A texts module's messages, translated each time one is read: the module's `__getattr__`.

    The module declares each name (`CODE_WRONG: str`) so that a type checker knows them, and keeps the
    English in one table; `texts.CODE_WRONG` then reads it in the language of the step being taken.
    """

    def __init__(self, module: str, messages: Mapping[str, Message]) -> None:
        self._module = module
        self.messages = dict(messages)

    def __call__(self, name: str) -> Any:
        try:
            message = self.messages[name]
        except KeyError:
            raise AttributeError(f"module {self._module!r} has no attribute {name!r}") from None
        return translated(message)

    def text(self, name: str) -> str:
        """One message, for the module's own functions."""
        found = self(name)
        assert isinstance(found, str)  # noqa: S101  (a table's name here is a mistake in the module)
        return found

    def table(self, name: str) -> dict[str, str]:
        found = self(name)
        assert isinstance(found, dict)  # noqa: S101
        return found
