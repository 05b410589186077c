"""The FAQ classifier behind the domain's `IntentClassifier` interface (loaded once per process)."""

from __future__ import annotations

from threadpoolctl import threadpool_limits

from domain.faq import Prediction
from faq.classifier import IntentClassifier as FaqModel


class FaqClassifier:
    """Adapts the shipped model to the domain's `IntentClassifier`."""

    def __init__(self, model: FaqModel) -> None:
        self._model = model

    def classify(self, text: str) -> Prediction:
        prediction = self._model.classify(text)
        return Prediction(prediction.intent, prediction.confidence)


def load_classifier() -> FaqClassifier:
    """Read the shipped model (offline, no download), with numpy's BLAS on one thread.

    The encoder's matrix products are small: a second BLAS thread doubled the CPU time of a message and
    saved none of its latency (bench/faq_eval.py), and would compete with the event loop.
    """
    threadpool_limits(limits=1, user_api="blas")
    return FaqClassifier(FaqModel.load())
