"""Which FAQ question a free-text message asks: one of INTENTS, or `none`.

A multinomial logistic regression over TF-IDF word and character n-grams of the normalised text
(faq/normalise.py, faq/features.py) and the message's MiniLM sentence embedding (faq/encoder.py),
read from the JSON artifact that faq/train.py writes. Loading takes about 0.3 s and a message a few
milliseconds, nearly all of it the encoder (bench/faq_eval.py).
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
from faq.normalise import normalise

NONE = "none"
# The public interface (what callers branch on) is written once, in the domain.
INTENTS: tuple[str, ...] = tuple(intent for intent in DOMAIN_INTENTS if intent != NONE)
ARTIFACT = "model.json"
FORMAT = 2  # 1: TF-IDF alone; 2: with "embedding_weights" (a row per embedding dimension)

Embed = Callable[[str], npt.ArrayLike]


class ModelFormatError(ValueError):
    """The artifact is not one this code can read (wrong format or classes)."""


@dataclass(frozen=True)
class Prediction:
    """The intent of a message and how sure the model is of it (a probability, 0 to 1)."""

    intent: str
    confidence: float


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

    @classmethod
    def load(cls) -> IntentClassifier:
        """The classifier shipped with the package (faq/model.json, and the encoder it names)."""
        text = resources.files("faq").joinpath(ARTIFACT).read_text(encoding="utf-8")
        artifact = json.loads(text)
        embed = None
        if artifact.get("embedding_weights") is not None:
            from faq.encoder import SentenceEncoder  # 23 MB of weights: loaded only when the model uses it

            embed = SentenceEncoder.load().encode
        return cls.from_artifact(artifact, embed)

    @property
    def none_margin(self) -> float:
        """The calibrated margin by which `none` must beat the best intent."""
        return self._none_margin

    @classmethod
    def from_artifact(cls, artifact: dict[str, Any], embed: Embed | None = None) -> IntentClassifier:
        """A classifier from the parsed JSON that faq/train.py writes (`embed`: its encoder, if any)."""
        if artifact.get("format") not in (1, FORMAT):
            raise ModelFormatError(f"unknown model format {artifact.get('format')!r}")
        return cls(
            classes=list(artifact["classes"]),
            bias=[float(b) for b in artifact["bias"]],
            idf=artifact["idf"],
            weights=artifact["weights"],
            none_margin=float(artifact["none_margin"]),
            embedding_weights=artifact.get("embedding_weights"),
            embed=embed,
        )

    def probabilities(self, text: str) -> dict[str, float]:
        """The model's probability for every class, `none` included (before the calibrated margin)."""
        features = vector(normalise(text), self._idf)
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
        """The most likely intent, or `none` when `none` beats it by the calibrated margin."""
        return decide(self.probabilities(text), self._none_margin)


def decide(probabilities: dict[str, float], none_margin: float) -> Prediction:
    """`none` when P(none) exceeds the best intent's probability by `none_margin`, else that intent.

    A positive margin favours answering; faq/train.py calibrates it by cross-validation. The confidence
    is the chosen intent's probability; for `none`, one minus the best intent's.
    """
    best = max(INTENTS, key=probabilities.__getitem__)
    if probabilities[NONE] - probabilities[best] >= none_margin:
        return Prediction(NONE, 1.0 - probabilities[best])
    return Prediction(best, probabilities[best])
