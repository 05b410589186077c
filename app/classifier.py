"""The FAQ classifier behind the domain's `IntentClassifier` interface (loaded once per process)."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from threadpoolctl import threadpool_limits

from domain.chat.faq import Prediction
from faq.classifier import IntentClassifier as FaqModel


class FaqClassifier:
    """Adapts the shipped model to the domain's `IntentClassifier`.

    A message costs about 8 ms of CPU, most of it in numpy's matrix products, which release the GIL:
    it runs in a thread of its own so other chats are served meanwhile. The encoder reuses one buffer,
    so one message is classified at a time: one thread, and the lock for callers on other threads. A
    burst of questions queues there rather than filling asyncio's default executor, which DNS lookups
    and other blocking calls share.
    """

    def __init__(self, model: FaqModel) -> None:
        self._model = model
        self._lock = threading.Lock()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="faq")

    def classify_now(self, text: str) -> Prediction:
        """Classify on the calling thread (the command line)."""
        with self._lock:
            prediction = self._model.classify(text)
        return Prediction(prediction.intent, prediction.confidence)

    async def classify(self, text: str) -> Prediction:
        return await asyncio.get_running_loop().run_in_executor(self._thread, self.classify_now, text)

    def close(self) -> None:
        """Let the classifying thread end (when the process's services close)."""
        self._thread.shutdown(wait=False)


def load_classifier() -> FaqClassifier:
    """Read the shipped model (offline, no download), with numpy's BLAS on one thread.

    The encoder's matrix products are small: a second BLAS thread doubled the CPU time of a message and
    saved none of its latency (bench/faq_eval.py), and would compete with the event loop.
    """
    threadpool_limits(limits=1, user_api="blas")
    return FaqClassifier(FaqModel.load())
