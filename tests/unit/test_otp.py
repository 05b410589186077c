"""The code maths: RFC 4226 reference values, derivation from the server key, tolerant typing."""

from __future__ import annotations

import base64

import pyotp
import pytest

from domain.core.otp import (
    challenge_secret,
    code_for,
    codes_match,
    looks_like_code,
    normalise_typed_code,
    token_hash,
)

RFC4226_SECRET = base64.b32encode(b"12345678901234567890").decode()
RFC4226_CODES = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
]


def test_hotp_matches_the_rfc_4226_reference_values() -> None:
    hotp = pyotp.HOTP(RFC4226_SECRET, digits=6)
    assert [hotp.at(counter) for counter in range(10)] == RFC4226_CODES


def test_the_code_is_derived_from_the_server_key_and_the_challenge_id() -> None:
    assert code_for(b"k1", "challenge-a") == code_for(b"k1", "challenge-a")
    assert len(code_for(b"k1", "challenge-a")) == 6
    codes = {code_for(b"k1", f"challenge-{n}") for n in range(50)}
    assert len(codes) > 45  # different challenges, different codes
    assert {code_for(b"k2", f"challenge-{n}") for n in range(50)} != codes


def test_the_secret_is_an_hmac_not_the_challenge_id() -> None:
    secret = challenge_secret(b"key", "abc")
    assert "abc" not in secret
    assert secret != challenge_secret(b"other", "abc")


def test_code_length_follows_the_policy() -> None:
    assert len(code_for(b"k", "c", digits=8)) == 8


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("123456", "123456"),
        (" 123 456 ", "123456"),
        ("123-456", "123456"),
        ("123–456", "123456"),  # en dash
        ("１２３４５６", "123456"),  # full-width digits
        ("١٢٣٤٥٦", "123456"),  # Arabic-Indic digits
        ("12a456", None),
        ("", None),
        ("   ", None),
        ("hello", None),
    ],
)
def test_typed_codes_tolerate_spaces_dashes_and_non_ascii_digits(typed: str, expected: str | None) -> None:
    assert normalise_typed_code(typed) == expected


def test_only_six_digits_look_like_a_code() -> None:
    assert looks_like_code("123 456")
    assert not looks_like_code("12345")
    assert not looks_like_code("1234567")


def test_codes_are_compared_exactly() -> None:
    assert codes_match("123456", "123456")
    assert not codes_match("123456", "123457")
    assert not codes_match("123456", "12345")


def test_token_hashes_depend_on_the_key_and_hide_the_token() -> None:
    assert token_hash(b"k", "tok") == token_hash(b"k", "tok")
    assert token_hash(b"k", "tok") != token_hash(b"j", "tok")
    assert "tok" not in token_hash(b"k", "tok")
