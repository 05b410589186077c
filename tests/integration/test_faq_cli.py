"""`twofa faq`: the classifier from outside, one question or one per line from standard input."""

from __future__ import annotations

import io
import json

import pytest

from app.cli import main
from domain.chat.faq import INTENTS


def test_one_question_prints_intent_confidence_and_answer_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faq", "How can I turn off two-factor authentication for myself?", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["intent"] == "disable_self" and 0 <= record["confidence"] <= 1
    assert "turn 2FA off yourself" in record["answer"]


def test_questions_from_stdin_give_one_json_object_per_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = "I lost my phone\nwhat is the capital of France\nshould all my colleagues set it up too?\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(lines))
    assert main(["faq", "--json", "-"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["intent"] for r in records] == ["lost_access", "none", "per_user"]
    assert all(r["intent"] in INTENTS and r["answer"] for r in records)
