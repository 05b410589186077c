"""Hand-written test doubles for the domain's small interfaces (clock, randomness, delivery)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from domain.chat.faq import Prediction
from domain.core.model import OutgoingEmail, OutgoingSms
from domain.core.ports import DeliveryError, DeliveryProblem

EPOCH = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
CODE = re.compile(r"\b(\d{6})\b")


@dataclass
class FakeClock:
    current: datetime = EPOCH

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float = 0, **kwargs: float) -> None:
        self.current += timedelta(seconds=seconds, **kwargs)


@dataclass
class FakeTokens:
    """Predictable but distinct tokens, shaped like the real ones (A-Za-z0-9_-)."""

    counter: itertools.count[int] = field(default_factory=itertools.count)

    def token(self, nbytes: int = 16) -> str:
        return f"tok{next(self.counter):0{max(nbytes, 8)}d}"


def _last_code(sent: list[tuple[str, str]], to: str | None, verb: str) -> str:
    """The code in the newest message (to `to`, if given) that holds one."""
    for destination, body in reversed(sent):
        match = CODE.search(body) if to is None or destination == to else None
        if match:
            return match.group(1)
    raise AssertionError(f"no code was {verb} to {to}")


@dataclass
class FakeEmailSender:
    sent: list[OutgoingEmail] = field(default_factory=list)
    failing: DeliveryProblem | None = None

    async def send_email(self, message: OutgoingEmail) -> None:
        if self.failing is not None:
            raise DeliveryError(self.failing)
        self.sent.append(message)

    def last_code(self, to: str | None = None) -> str:
        return _last_code([(m.to, m.body) for m in self.sent], to, "emailed")


@dataclass
class FakeSmsSender:
    sent: list[OutgoingSms] = field(default_factory=list)
    failing: DeliveryProblem | None = None

    async def send_sms(self, message: OutgoingSms) -> None:
        if self.failing is not None:
            raise DeliveryError(self.failing)
        self.sent.append(message)

    def last_code(self, to: str | None = None) -> str:
        return _last_code([(m.to, m.body) for m in self.sent], to, "texted")


@dataclass
class FakeClassifier:
    """Intents by exact phrase, for engine tests; the real classifier is measured on its own."""

    phrases: dict[str, str] = field(default_factory=dict)

    async def classify(self, text: str) -> Prediction:
        intent = self.phrases.get(text.strip().lower(), "none")
        return Prediction(intent, 1.0 if intent != "none" else 0.0)
