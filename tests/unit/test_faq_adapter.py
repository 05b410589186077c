"""The product's FAQ adapter: the model runs off the event loop, one message at a time."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any, cast

from app.classifier import FaqClassifier
from faq.classifier import Prediction


class _SlowModel:
    """Records the thread each call runs on and how many run at once."""

    def __init__(self) -> None:
        self.threads: list[int] = []
        self.running = 0
        self.most_at_once = 0

    def classify(self, text: str) -> Prediction:
        self.threads.append(threading.get_ident())
        self.running += 1
        self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(0.02)
        self.running -= 1
        return Prediction("setup" if "2fa" in text else "none", 0.9)


async def test_classifying_leaves_the_event_loop_free_and_runs_one_message_at_a_time() -> None:
    model = _SlowModel()
    adapter = FaqClassifier(cast(Any, model))
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.001)
            ticks += 1

    background = asyncio.create_task(ticker())
    try:
        predictions = await asyncio.gather(*(adapter.classify(f"turn on 2fa {i}") for i in range(4)))
    finally:
        background.cancel()
    assert [p.intent for p in predictions] == ["setup"] * 4
    assert threading.get_ident() not in model.threads  # not on the event loop's thread
    assert len(set(model.threads)) == 1  # its own single thread, not asyncio's shared default executor
    assert model.most_at_once == 1  # the encoder's buffer is shared: never two at once
    assert ticks >= 20  # the loop kept running during the 80 ms of classifying


def test_the_command_line_classifies_on_its_own_thread() -> None:
    model = _SlowModel()
    prediction = FaqClassifier(cast(Any, model)).classify_now("hello")
    assert prediction.intent == "none"
    assert model.threads == [threading.get_ident()]
