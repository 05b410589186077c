"""Fill the Spanish and Portuguese catalogues from the translation tables beside this script.

    .venv/bin/python tools/i18n/fill_es_pt.py [es] [pt]

Each table (`tools/i18n/es.py`, `tools/i18n/pt.py`) maps an English message id of
`app/locale/messages.pot` to its translation (a tuple of forms for a plural entry). The script writes
every translation it has into `app/locale/<lang>/LC_MESSAGES/messages.po`, clears any fuzzy flag, and
lists the ids the template has and the table lacks, the table's ids the template no longer has, and any
translation whose `{placeholders}` differ from the English. Run `pybabel update` first when the template
changed; re-running this is safe.
"""

from __future__ import annotations

import importlib
import string
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
LOCALE = HERE.parents[1] / "app" / "locale"
LANGUAGES = ("es", "pt")
Translation = str | tuple[str, ...]


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def forms(translation: Translation, count: int) -> tuple[str, ...]:
    """Every plural form the language needs: the last form given stands for the forms not given."""
    given = (translation,) if isinstance(translation, str) else translation
    return tuple(given[min(index, len(given) - 1)] for index in range(count))


def fill(language: str) -> list[str]:
    """Write the table into the language's catalogue; the problems found, one line each."""
    sys.path.insert(0, str(HERE))
    table: dict[str, Translation] = importlib.import_module(language).TRANSLATIONS
    path = LOCALE / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalog: Catalog = read_po(source, locale=language)
    problems: list[str] = []
    seen: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        seen.add(key)
        translation = table.get(key)
        if translation is None:
            problems.append(f"{language}: not translated: {key!r}")
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        expected = set().union(*(placeholders(text) for text in ids))
        if isinstance(message.id, tuple):
            message.string = forms(translation, catalog.num_plurals)
        else:
            if not isinstance(translation, str):
                problems.append(f"{language}: plural forms for a singular message: {key!r}")
                continue
            message.string = translation
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if any(placeholders(text) != expected for text in strings):
            problems.append(f"{language}: placeholders differ: {key!r}")
        message.flags.discard("fuzzy")
    problems += [f"{language}: not in the template (obsolete): {key!r}" for key in table if key not in seen]
    with path.open("wb") as target:
        write_po(target, catalog, width=76, ignore_obsolete=True)
    return problems


def main(languages: list[str]) -> int:
    problems = [line for language in languages or LANGUAGES for line in fill(language)]
    print("\n".join(problems) or "every message translated")
    return 1 if any("not translated" in line or "placeholders" in line for line in problems) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
