"""Which FAQ question a free-text message asks: one of INTENTS, or `none`, and in which language.

A multinomial logistic regression over TF-IDF word and character n-grams of the normalised text
(faq/normalise.py, faq/features.py) and the message's MiniLM sentence embedding (faq/encoder.py),
read from the JSON artifact that faq/train.py writes. Two are shipped: model.json, trained on the
English examples and read with the English vocabulary (as before issue 17), and model_languages.json,
trained on the examples of all five languages with every language's vocabulary; a message that the
language model (faq/language.py) reads as Spanish, German, Portuguese or French goes to the second.
Loading takes about 0.5 s and a message a few milliseconds, nearly all of it the encoder
(bench/faq_eval.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from domain.chat.faq import INTENTS as DOMAIN_INTENTS
from faq.features import vector
from faq.language import DEFAULT, LanguageModel
from faq.normalise import normalise, normalise_english

NONE = "none"
# The public interface (what callers branch on) is written once, in the domain.
INTENTS: tuple[str, ...] = tuple(intent for intent in DOMAIN_INTENTS if intent != NONE)
ARTIFACT = "model.json"  # English: read with the English vocabulary only
LANGUAGES_ARTIFACT = "model_languages.json"  # es, de, pt, fr (and English) with every language's vocabulary
FORMAT = 2  # 1: TF-IDF alone; 2: with "embedding_weights" (a row per embedding dimension)

Embed = Callable[[str], npt.ArrayLike]
Prepare = Callable[[str], str]
NORMALISATIONS: dict[str, Prepare] = {"english": normalise_english, "languages": normalise}


class ModelFormatError(ValueError):
    """The artifact is not one this code can read (wrong format or classes)."""


@dataclass(frozen=True)
class Prediction:
    """The intent of a message, how sure the model is of it (a probability, 0 to 1) and the language
    the message is written in (faq.language.LANGUAGES; "en" when the model has no language table)."""

    intent: str
    confidence: float
    language: str = DEFAULT


class IntentClassifier:
    """Classifies messages into INTENTS or `none`; build one with `load()` and share it."""

    def __init__(
        self,
        classes: list[str],
        bias: list[float],
        idf: dict[str, float],
        weights: dict[str, list[float]],
        none_margin: float,
        embedding_weights: list[list[float]] | None = None,
        embed: Embed | None = None,
        languages: LanguageModel | None = None,
        prepare: Prepare = normalise_english,
    ) -> None:
        if sorted(classes) != sorted((*INTENTS, NONE)) or len(bias) != len(classes):
            raise ModelFormatError(f"the model's classes {classes} are not the FAQ intents")
        if (embedding_weights is None) != (embed is None):
            raise ModelFormatError("embedding weights and an encoder go together")
        self._classes = classes
        self._bias = np.array(bias)
        self._idf = idf
        # One float32 row per term in a matrix, not a list of Python floats per term (12 MB less per process).
        self._rows = {term: i for i, term in enumerate(weights)}
        self._weights = np.array(list(weights.values()), np.float32).reshape(len(weights), len(classes))
        self._none_margin = none_margin
        self._embedding_weights = (
            None if embedding_weights is None else np.array(embedding_weights, np.float32)
        )
        self._embed = embed
        self._languages = languages
        self._prepare = prepare
        self._others: IntentClassifier | None = None  # the model for messages in another language

    @classmethod
    def load(cls) -> IntentClassifier:
        """The classifier shipped with the package: faq/model.json for English, the encoder it names, and
        faq/model_languages.json for a message in Spanish, German, Portuguese or French."""
        artifact = _read(ARTIFACT)
        embed = None
        if artifact.get("embedding_weights") is not None:
            from faq.encoder import SentenceEncoder  # 23 MB of weights: loaded only when the model uses it

            embed = SentenceEncoder.load().encode
        english = cls.from_artifact(artifact, embed)
        del artifact  # parsed JSON is several times the size of the arrays built from it
        languages = cls.from_artifact(_read(LANGUAGES_ARTIFACT), embed)
        english.route_other_languages_to(languages)
        return english

    def route_other_languages_to(self, other: IntentClassifier) -> None:
        """Classify with `other` a message that its language model reads as not English."""
        if other._languages is None:
            raise ModelFormatError("the model for other languages has no language model")
        self._others, self._languages = other, other._languages

    @property
    def none_margin(self) -> float:
        """The calibrated margin by which `none` must beat the best intent."""
        return self._none_margin

    @classmethod
    def from_artifact(cls, artifact: dict[str, Any], embed: Embed | None = None) -> IntentClassifier:
        """A classifier from the parsed JSON that faq/train.py writes (`embed`: its encoder, if any)."""
        if artifact.get("format") not in (1, FORMAT):
            raise ModelFormatError(f"unknown model format {artifact.get('format')!r}")
        if artifact.get("normalisation", "english") not in NORMALISATIONS:
            raise ModelFormatError(f"unknown normalisation {artifact.get('normalisation')!r}")
        return cls(
            classes=list(artifact["classes"]),
            bias=[float(b) for b in artifact["bias"]],
            idf=artifact["idf"],
            weights=artifact["weights"],
            none_margin=float(artifact["none_margin"]),
            embedding_weights=artifact.get("embedding_weights"),
            embed=embed,
            languages=LanguageModel.from_artifact(artifact["language_model"])
            if "language_model" in artifact
            else None,
            prepare=NORMALISATIONS[artifact.get("normalisation", "english")],
        )

    def _model(self, language: str) -> IntentClassifier:
        return self._others if self._others is not None and language != DEFAULT else self

    def probabilities(self, text: str) -> dict[str, float]:
        """The model's probability for every class, `none` included (before the calibrated margin)."""
        return self._model(self.language(text))._probabilities(text)

    def _probabilities(self, text: str) -> dict[str, float]:
        features = vector(self._prepare(text), self._idf)
        rows = [self._rows[term] for term in features]
        logits = self._bias + np.array(list(features.values())) @ self._weights[rows]
        if self._embed is not None and self._embedding_weights is not None:
            logits += np.asarray(self._embed(text), np.float64) @ self._embedding_weights
        scores = [float(s) for s in logits]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self._classes, exps, strict=True)}

    def classify(self, text: str) -> Prediction:
        """The most likely intent, or `none` when `none` beats it by the calibrated margin, and the
        message's language."""
        language = self.language(text)
        model = self._model(language)
        prediction = decide(model._probabilities(text), model._none_margin)
        return Prediction(prediction.intent, prediction.confidence, language)

    def language(self, text: str) -> str:
        """The language the message is written in ("en" when the model has no language table)."""
        return DEFAULT if self._languages is None else self._languages.guess(text)


def _read(name: str) -> dict[str, Any]:
    artifact: dict[str, Any] = json.loads(resources.files("faq").joinpath(name).read_text(encoding="utf-8"))
    return artifact


def decide(probabilities: dict[str, float], none_margin: float) -> Prediction:
    """`none` when P(none) exceeds the best intent's probability by `none_margin`, else that intent.

    A positive margin favours answering; faq/train.py calibrates it by cross-validation. The confidence
    is the chosen intent's probability; for `none`, one minus the best intent's.
    """
    best = max(INTENTS, key=probabilities.__getitem__)
    if probabilities[NONE] - probabilities[best] >= none_margin:
        return Prediction(NONE, 1.0 - probabilities[best])
    return Prediction(best, probabilities[best])
