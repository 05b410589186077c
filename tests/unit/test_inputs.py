"""The input boundary's pure rules: what chat text keeps, what API fields refuse, which ids exist."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.core.inputs import (
    BUTTON_LIMIT,
    CHAT_TEXT_LIMIT,
    LINE_ENDS,
    MAX_ID,
    InvalidInput,
    checked_text,
    clean_incoming,
    clean_line,
    clean_text,
    is_token,
    json_depth,
    parse_id,
    problem,
)
from domain.core.replies import Incoming

# every code point, lone surrogates included (hypothesis leaves them out of text() by default)
ANY_TEXT = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()))


def allowed(text: str, kept: str = "\n\t") -> bool:
    return all(
        not (0xD800 <= ord(c) <= 0xDFFF) and (unicodedata.category(c) != "Cc" or c in kept) for c in text
    )


@given(ANY_TEXT, st.integers(min_value=0, max_value=5000))
def test_clean_text_keeps_only_what_may_be_stored(text: str, limit: int) -> None:
    cleaned = clean_text(text, limit)
    assert "\x00" not in cleaned and "\r" not in cleaned
    assert allowed(cleaned)
    assert len(cleaned) <= limit
    assert problem(cleaned, kept="\n\t") is None
    cleaned.encode("utf-8")  # no lone surrogate left: both databases take it
    assert clean_text(cleaned, limit) == cleaned  # cleaning twice changes nothing


@given(ANY_TEXT)
def test_clean_line_is_one_line(text: str) -> None:
    assert allowed(clean_line(text, 100), kept="")


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs"))))
def test_ordinary_text_passes_unchanged_apart_from_nfc(text: str) -> None:
    assert clean_text(text, 10**6) == unicodedata.normalize("NFC", text)
    assert checked_text(text, "name", 10**6) == text


def test_clean_text_examples() -> None:
    assert clean_text("help\x00me") == "helpme"
    assert clean_text("a\r\nb\rc\td\x1b[31m\x7f\x85") == "a\nb\nc\td[31m"
    assert clean_text("\ud800@example.com") == "\ufffd@example.com"
    assert clean_text("cafe\u0301") == "caf\u00e9"
    assert len(clean_text("x" * 10_000)) == CHAT_TEXT_LIMIT


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("al\x00ice@example.com", "must not contain a NUL character"),
        ("\ud800@example.com", "must be valid Unicode (it holds a lone surrogate)"),
        ("alice\n@example.com", "must not contain the control character U+000A"),
        ("alice\x1b@example.com", "must not contain the control character U+001B"),
        ("x" * 11, "must be at most 10 characters"),
    ],
)
def test_checked_text_refuses_naming_the_field(value: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        checked_text(value, "email", 10 if len(value) == 11 else 100)
    assert (raised.value.field, raised.value.reason) == ("email", reason)
    assert str(raised.value) == f"email {reason}"


def test_checked_text_allows_only_the_controls_it_is_told() -> None:
    assert checked_text("one\ntwo\tthree\r", "reason", 100, kept=LINE_ENDS) == "one\ntwo\tthree\r"
    for value in ("one\x0btwo", "a\x00", "a\x7f", "a\x9b"):
        with pytest.raises(InvalidInput):
            checked_text(value, "reason", 100, kept=LINE_ENDS)
    with pytest.raises(InvalidInput):
        checked_text("one\ttwo", "name", 100)


@given(ANY_TEXT)
def test_checked_text_passes_exactly_what_needs_no_cleaning(text: str) -> None:
    try:
        checked = checked_text(text, "field", 10**6, kept="\n\t")
    except InvalidInput:
        assert not allowed(text)
    else:
        assert checked == text and allowed(text)


@given(st.text())
def test_parse_id_accepts_only_ascii_digits_in_range(text: str) -> None:
    number = parse_id(text)
    if number is None:
        assert not (text.isascii() and text.isdigit() and int(text) <= MAX_ID)
    else:
        assert text.isascii() and text.isdigit() and 0 <= number <= MAX_ID and number == int(text)


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_parse_id_reads_every_integer_in_range_and_nothing_else(number: int) -> None:
    assert parse_id(str(number)) == (number if 0 <= number <= MAX_ID else None)


@pytest.mark.parametrize(
    "text",
    ["", "²", "1²", "٣", "１", "-1", "+1", " 1", "1 ", "1.0", "99999999999999999999", str(2**31), "9" * 5000],
)
def test_parse_id_refuses(text: str) -> None:
    assert parse_id(text) is None


def test_parse_id_examples() -> None:
    assert parse_id("0") == 0
    assert parse_id("007") == 7
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id("0" * 50 + "12") == 12
    assert parse_id("300", maximum=255) is None


def test_is_token() -> None:
    assert is_token("AbC_-09")
    assert not is_token("")
    assert not is_token("abc def") and not is_token("abc\x00") and not is_token("ab/c")
    assert not is_token("x" * 129) and is_token("x" * 128)


def test_json_depth_counts_nesting_without_recursion() -> None:
    assert json_depth(7) == 0
    assert json_depth({}) == 1
    assert json_depth({"a": [1, {"b": []}]}) == 4
    deep: object = []
    for _ in range(100_000):  # far beyond the recursion limit
        deep = [deep]
    assert json_depth(deep, limit=32) == 33


def test_json_depth_of_a_parsed_telegram_update_is_small() -> None:
    update = json.loads(
        '{"update_id": 1, "message": {"message_id": 2, "chat": {"id": 3, "type": "private"},'
        ' "reply_to_message": {"message_id": 1, "chat": {"id": 3, "type": "private"},'
        ' "entities": [{"type": "bold", "offset": 0, "length": 1}]}}}'
    )
    assert json_depth(update) == 5


def test_clean_incoming_cleans_text_and_buttons() -> None:
    same = Incoming("tg:1", text="hello", update_id=3)
    assert clean_incoming(same) is same
    assert clean_incoming(Incoming("tg:1", text="help\x00me", update_id=3)) == Incoming(
        "tg:1", text="helpme", update_id=3
    )
    forged = clean_incoming(Incoming("tg:1", button="mgr:user:\ud800\x00" + "9" * 100))
    assert forged.button is not None and len(forged.button) == BUTTON_LIMIT
    assert forged.button.startswith("mgr:user:\ufffd9")
    assert forged.text is None
