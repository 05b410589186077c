"""The translations of everything the assistant says, loaded once per process from `app/locale/`.

Each language's `messages.po` (Babel's gettext catalogue) is read and compiled in memory at start, so
there is no compiled file to keep in step with it; times and dates are written as each language does
(Babel's CLDR data). `make messages` extracts the English from `domain/` into `messages.pot` and updates
every catalogue from it.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from domain.wording.i18n import DEFAULT, LANGUAGES, Words

LOCALE = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


class BabelWords:
    """`domain.wording.i18n.Words` for one language, from its catalogue and Babel's locale data."""

    def __init__(self, language: str, translations: Translations) -> None:
        self.language = language
        self._translations = translations

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def time(self, at: datetime) -> str:
        return f"{format_time(at.astimezone(UTC), 'HH:mm', tzinfo=UTC, locale=self.language)} UTC"

    def date(self, at: datetime) -> str:
        return format_date(at, format="medium", locale=self.language)


def catalogue_path(language: str, folder: Path = LOCALE) -> Path:
    return folder / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalogues(folder: Path = LOCALE) -> dict[str, Words]:
    """Every language but English with a catalogue in `folder`, compiled in memory."""
    loaded: dict[str, Words] = {}
    for language in LANGUAGES:
        path = catalogue_path(language, folder)
        if language == DEFAULT or not path.exists():
            continue
        with path.open("rb") as source:
            catalog = read_po(source, locale=language, domain=DOMAIN)
        compiled = io.BytesIO()
        write_mo(compiled, catalog)
        compiled.seek(0)
        loaded[language] = BabelWords(language, Translations(compiled, domain=DOMAIN))
    return loaded
