"""The message catalogues: the template holds every text of the code, each language holds every message
of the template translated, with the same placeholders; and the process reads them in the step's language.
"""

from __future__ import annotations

import re
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from app.catalogues import LOCALE, catalogue_path, load_catalogues
from domain.wording import i18n, texts, texts_twofa
from domain.wording.i18n import LANGUAGES, speaking

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"N_": None, "_": None, "ngettext": (1, 2)}
TRANSLATED = [language for language in LANGUAGES if language != "en"]


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a format string (a `{{` is no field)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def template() -> Catalog:
    with (LOCALE / "messages.pot").open("rb") as source:
        return read_po(source)


def catalogue(language: str) -> Catalog:
    with catalogue_path(language).open("rb") as source:
        return read_po(source, locale=language)


def source_messages() -> set[str | tuple[str, ...]]:
    found: set[str | tuple[str, ...]] = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT / "domain"), keywords=KEYWORDS):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_the_template_holds_every_text_of_the_code_and_no_other() -> None:
    """`make messages` was run after the last change of wording."""
    in_template = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template() if m.id}
    assert in_template == source_messages()


def test_placeholders_are_read_the_same_in_every_message_of_the_code() -> None:
    for message in source_messages():
        for text in [message] if isinstance(message, str) else message:
            assert placeholders(text) is not None  # a malformed field would raise here


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    translations = catalogue(language)
    missing, fuzzy, wrong = [], [], []
    for message in template():
        if not message.id:
            continue
        translated = translations.get(message.id)
        if (
            translated is None
            or not translated.string
            or (isinstance(translated.string, tuple) and not all(translated.string))
        ):
            missing.append(message.id)
            continue
        if translated.fuzzy:
            fuzzy.append(message.id)
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [translated.string] if isinstance(translated.string, str) else list(translated.string)
        expected = set().union(*(placeholders(text) for text in ids))
        if any(placeholders(text) != expected for text in strings if "{" in "".join(ids) or "{" in text):
            wrong.append((message.id, translated.string))
    assert missing == [], f"{language}: {len(missing)} messages not translated"
    assert fuzzy == []
    assert wrong == []


def test_the_check_sees_a_placeholder_renamed_or_dropped() -> None:
    assert placeholders("Ticket #{number} is open.") == {"number"}
    assert placeholders("Ticket #{nummer} ist offen.") != placeholders("Ticket #{number} is open.")
    assert placeholders("{{literal}} only") == set()


def test_texts_read_in_the_language_of_the_step_and_fall_back_to_english() -> None:
    i18n.install(load_catalogues())
    try:
        english = texts.CANCELLED
        assert english == "Cancelled. Nothing was changed."
        for language in TRANSLATED:
            with speaking(language):
                said = texts.CANCELLED
            if catalogue(language).get(english) and catalogue(language)[english].string:
                assert said == catalogue(language)[english].string
        with speaking("xx"):
            assert english == texts.CANCELLED
        assert english == texts.CANCELLED  # outside the block: English again
    finally:
        i18n.install({})


def test_times_are_written_as_each_language_writes_them() -> None:
    at = datetime(2026, 12, 5, 14, 5, tzinfo=UTC)
    words = load_catalogues()
    assert i18n.words().time(at) == "14:05 UTC"
    for language in TRANSLATED:
        assert re.fullmatch(r"14[:.h]05 UTC", words[language].time(at)), words[language].time(at)


def test_a_flow_named_inside_a_sentence_is_in_the_same_language() -> None:
    """ "There is nothing to {what}": the flow's name is translated too (it was English in every language)."""
    i18n.install(load_catalogues())
    try:
        assert (
            texts_twofa.nothing_to("disable")
            == "2FA is off, so there is nothing to turn off. You can turn it on."
        )
        with speaking("de"):
            german = texts_twofa.nothing_to("disable") + texts_twofa.nothing_to_when_off("change")
        assert "deaktivieren" in german and "ändern" in german
        assert "turn off" not in german and "change" not in german
    finally:
        i18n.install({})
