"""Fill app/locale/{de,fr}/LC_MESSAGES/messages.po from tools/i18n/de_fr_translations.py.

Run after `make messages` (or `pybabel update ... -l de` / `-l fr`): every message of the catalogue gets
its translation; a message with none is listed and left empty (the catalogue test then fails on it).
Re-running is safe: the translations table is the source, the .po is written from it.

    .venv/bin/python tools/i18n/fill_de_fr.py [--check]

--check writes nothing and exits 1 when a message has no translation.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from de_fr_translations import ENTRIES  # noqa: E402

LANGUAGES = ("de", "fr")
NBSP = "\u00a0"


def sms_safe(msgid: str) -> bool:
    """Texts that go into an SMS body: kept in GSM-7 (no no-break space, which would make it UCS-2)."""
    return "{code}" in msgid or msgid.startswith("to ") or ("minute" in msgid.lower() and "{" in msgid)


def french_spacing(text: str) -> str:
    """A no-break space before : ; ! ? » and after «, as French typesets them (not inside `{...}`)."""
    text = re.sub(r" ([:;!?»])", NBSP + r"\1", text)
    return text.replace("« ", "«" + NBSP)


def table(language: str) -> dict[str | tuple[str, ...], str | tuple[str, ...]]:
    column = LANGUAGES.index(language) + 1
    found: dict[str | tuple[str, ...], str | tuple[str, ...]] = {}
    for entry in ENTRIES:
        msgid, translation = entry[0], entry[column]
        if msgid in found:
            raise SystemExit(f"twice in the table: {msgid!r}")
        if language == "fr" and not sms_safe(msgid):
            translation = (
                french_spacing(translation)
                if isinstance(translation, str)
                else tuple(french_spacing(form) for form in translation)
            )
        found[msgid] = translation
    return found


def fill(language: str, check: bool) -> list[str]:
    path = ROOT / "app" / "locale" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        catalogue = read_po(source, locale=language)
    translations = table(language)
    missing = []
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        translation = translations.get(key)
        if translation is None:
            missing.append(key)
            continue
        if isinstance(message.id, str):
            if not isinstance(translation, str):
                raise SystemExit(f"{language}: {key!r} is not a plural message")
            message.string = translation
        else:
            forms = (translation,) if isinstance(translation, str) else translation
            if len(forms) != catalogue.num_plurals:
                raise SystemExit(f"{language}: {key!r} needs {catalogue.num_plurals} plural forms")
            message.string = tuple(forms)
        message.flags.discard("fuzzy")
    if not check:
        with path.open("wb") as target:
            write_po(target, catalogue)
    return missing


def main() -> int:
    check = "--check" in sys.argv[1:]
    status = 0
    for language in LANGUAGES:
        missing = fill(language, check)
        print(f"{language}: {len(missing)} without translation")
        for msgid in missing:
            print(f"  {msgid!r}")
        status |= bool(missing)
    return status if check else 0


if __name__ == "__main__":
    raise SystemExit(main())
