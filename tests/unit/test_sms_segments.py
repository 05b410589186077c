"""Every language's code SMS fits one segment (issue 17): all GSM-7 and at most 160 characters, for every
purpose a code is sent for (`bench/sms_segments.py` prints the figures)."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path
from types import ModuleType

import pytest

from app.catalogues import load_catalogues
from domain.core.challenge import Purpose
from domain.core.model import Channel
from domain.wording import i18n, texts
from domain.wording.i18n import LANGUAGES, speaking

BENCH = Path(__file__).resolve().parents[2] / "bench" / "sms_segments.py"


def measure() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sms_segments", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def catalogues() -> object:
    i18n.install(load_catalogues())
    yield
    i18n.install({})


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_code_sms_is_one_gsm7_segment(language: str) -> None:
    sms = measure()
    too_long = []
    for purpose in Purpose:
        with speaking(language):
            body = texts.code_message(purpose, "123456", timedelta(minutes=10), Channel.SMS)
        kind, length = sms.encoding(body)
        if (kind, sms.segments(kind, length)) != ("GSM-7", 1):
            too_long.append((purpose.value, kind, length))
    assert too_long == []


def test_the_measure_sees_a_letter_outside_gsm7() -> None:
    sms = measure()
    assert sms.encoding("123456 é ü ñ") == ("GSM-7", 12)
    assert sms.encoding("123456 ç ã")[0] == "UCS-2"
    assert sms.segments("UCS-2", 71) == 2 and sms.segments("GSM-7", 160) == 1
