"""The FAQ classifier: held-out accuracy floors, the article's questions, boundaries, normalisation."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from importlib import resources
from pathlib import Path

import pytest

from faq.classifier import INTENTS, NONE, IntentClassifier, ModelFormatError, Prediction, decide
from faq.normalise import fold, normalise

DATA = Path(__file__).resolve().parents[1] / "data" / "faq_examples.jsonl"
# Measured on the test split when the model was built: 0.961 in-scope, 0.957 rejection (bench/faq_eval.py).
# The floors sit a little below, so retraining after adding examples does not fail on noise.
IN_SCOPE_FLOOR = 0.95
REJECTION_FLOOR = 0.93


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    return IntentClassifier.load()


def _examples(split: str) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], r["intent"]) for r in rows if r["split"] == split]


def _artifact(name: str = "model.json") -> dict[str, object]:
    loaded: dict[str, object] = json.loads(resources.files("faq").joinpath(name).read_text("utf-8"))
    return loaded


def _hash(examples: list[tuple[str, str]]) -> str:
    from hashlib import sha256

    digest = sha256()
    for text, intent in examples:
        digest.update(f"{intent}\t{text}\n".encode())
    return digest.hexdigest()


def test_the_shipped_models_were_built_from_the_current_training_examples() -> None:
    training = _examples("train")
    assert _artifact()["data_sha256"] == _hash(training), "run: .venv/bin/python -m faq.train english"
    for language in ("es", "de", "pt", "fr"):  # each language's phrasings (issue 17), all of them training
        path = DATA.with_name(f"faq_examples_{language}.jsonl")
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert {r["split"] for r in rows} == {"train"}
        training += [(r["text"], r["intent"]) for r in rows]
    languages = _artifact("model_languages.json")
    assert languages["data_sha256"] == _hash(training), "run: .venv/bin/python -m faq.train languages"


def test_examples_cover_every_intent_and_hold_a_quarter_back_per_intent() -> None:
    train, test = _examples("train"), _examples("test")
    for intent in (*INTENTS, NONE):
        n_train = sum(1 for _, i in train if i == intent)
        n_test = sum(1 for _, i in test if i == intent)
        assert n_train >= 60
        assert 0.2 <= n_test / (n_train + n_test) <= 0.3
    assert not {t for t, _ in train} & {t for t, _ in test}


def test_the_held_out_test_split_meets_the_floors(classifier: IntentClassifier) -> None:
    test = _examples("test")
    decided = [(gold, classifier.classify(text).intent) for text, gold in test]
    in_scope = [gold == got for gold, got in decided if gold != NONE]
    rejected = [got == NONE for gold, got in decided if gold == NONE]
    assert sum(in_scope) / len(in_scope) >= IN_SCOPE_FLOOR
    assert sum(rejected) / len(rejected) >= REJECTION_FLOOR


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("How do I set up 2FA?", "setup"),
        ("How do I change the phone number or email associated with the account?", "change_destination"),
        ("How do I disable 2FA for my profile?", "disable_self"),
        ("How do I disable 2FA for all users or a specific user?", "disable_others"),
        ("How do I receive notifications of 2FA activation or setting changes?", "notifications"),
        ("How does 2FA work?", "how_it_works"),
        ("In what cases is the additional code required?", "how_it_works"),
        ("How do I ensure 2FA is enabled and working?", "not_prompted"),
    ],
)
def test_each_question_of_the_help_centre_article_maps_to_its_intent(
    classifier: IntentClassifier, question: str, intent: str
) -> None:
    assert classifier.classify(question).intent == intent


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("I lost my phone", "lost_access"),
        ("how do I turn off 2fa for my whole team", "disable_others"),
        ("is 2fa on for my account?", "status"),
        ("i enabled 2fa but it never asks me for a code", "not_prompted"),
        ("code didn't arrive", "code_not_received"),
        ("can I use both sms and email", "methods"),
        ("sms doesn't work in my country", "sms_availability"),
        ("do all my colleagues need to set it up", "per_user"),
        ("will I get an email if someone changes my 2fa", "notifications"),
        ("what is an otp", "how_it_works"),
        ("talk to a human", "support"),
        ("i keep getting codes every day", "codes_too_often"),
    ],
)
def test_documented_boundaries_hold(classifier: IntentClassifier, message: str, intent: str) -> None:
    assert classifier.classify(message).intent == intent


@pytest.mark.parametrize(
    "message",
    [
        "How do I reset my password?",
        "I forgot my password, please send a reset link",
        "How do I change my username?",
        "How do I give a new employee access to our contract?",
        "Where can I download last year's invoices?",
        "What are your opening hours?",
        "hi",
        "thanks",
        "",
        "   ",
    ],
)
def test_near_misses_greetings_and_empty_text_are_none(classifier: IntentClassifier, message: str) -> None:
    assert classifier.classify(message).intent == NONE


def test_a_prediction_is_frozen_and_its_confidence_a_probability(classifier: IntentClassifier) -> None:
    prediction = classifier.classify("how do i turn on two factor")
    assert 0.0 <= prediction.confidence <= 1.0
    with pytest.raises(FrozenInstanceError):
        prediction.intent = "none"  # type: ignore[misc]


def test_probabilities_cover_every_class_and_sum_to_one(classifier: IntentClassifier) -> None:
    probabilities = classifier.probabilities("my code never came")
    assert set(probabilities) == {*INTENTS, NONE}
    assert sum(probabilities.values()) == pytest.approx(1.0)


def test_none_wins_only_by_the_margin() -> None:
    probabilities = dict.fromkeys(INTENTS, 0.0) | {"setup": 0.4, NONE: 0.55}
    assert decide(probabilities, none_margin=0.2) == Prediction("setup", 0.4)
    rejected = decide(probabilities, none_margin=0.1)
    assert rejected.intent == NONE
    assert rejected.confidence == pytest.approx(0.6)


def test_an_artifact_of_another_format_is_refused() -> None:
    with pytest.raises(ModelFormatError):
        IntentClassifier.from_artifact({**_artifact(), "format": 3})


def test_embedding_weights_without_an_encoder_are_refused() -> None:
    with pytest.raises(ModelFormatError, match="encoder"):
        IntentClassifier.from_artifact(_artifact())


def test_the_shipped_model_was_trained_on_the_shipped_encoder() -> None:
    from faq.train import encoder_hash

    assert _artifact()["encoder_sha256"] == encoder_hash(), "run: .venv/bin/python -m faq.train"
    assert _artifact("model_languages.json")["encoder_sha256"] == encoder_hash()


def test_an_artifact_with_other_classes_is_refused() -> None:
    artifact = {**_artifact(), "classes": ["setup", NONE], "bias": [0.0, 0.0]}
    with pytest.raises(ModelFormatError):
        IntentClassifier.from_artifact(artifact)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("  Héllo,   WORLD!! ", "hello world"),
        ("I\u2019m ﬁne", "im fine"),  # curly apostrophe dropped, NFKC unfolds the ligature
        ("two-factor\tauth\n", "two factor auth"),
    ],
)
def test_fold_lowercases_strips_accents_and_punctuation(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("How do I set up 2FA?", "how do i xenable xtwofa"),
        ("two-factor authentication", "xtwofa"),
        ("2-step verification", "xtwofa"),
        ("MFA", "xtwofa"),
        ("one-time password", "xcode"),
        ("OTP", "xcode"),
        ("verification code", "xcode"),
        ("text message", "xsms"),
        ("e-mail", "xemail"),
        ("mobile number", "xphone"),
        ("turn 2fa off", "xdisable xtwofa"),
        ("get rid of two factor", "xdisable xtwofa"),
        ("dissable 2fa", "xdisable xtwofa"),
        ("recieve", "xreceive"),
        ("I'm in Kenya", "im in xcountry"),
        ("Google Authenticator", "xaltmethod"),
    ],
)
def test_normalise_writes_the_domain_vocabulary_as_canonical_tokens(text: str, normalised: str) -> None:
    assert normalise(text) == normalised
