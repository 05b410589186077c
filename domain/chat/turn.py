"""One step of one chat: the transaction, who is speaking, where the conversation stands, and now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.chat.faq import Prediction
from domain.core.challenge import Challenge
from domain.core.conversation_state import Conversation
from domain.core.model import User
from domain.core.ports import UnitOfWork


@dataclass
class Turn:
    uow: UnitOfWork
    chat_id: str
    conversation: Conversation  # replaced by the step; saved with the step's transaction
    user: User | None  # the linked account, if any
    now: datetime
    question: Prediction | None = None  # free text classified before the transaction (may_be_question)
    # codes recorded by this step, sent once its transaction committed (never inside it)
    deliveries: list[Challenge] = field(default_factory=list)
    # a new set of recovery codes for `user` is due (2FA turned on, or a new set asked for): made and
    # shown once the transaction committed, never inside it (`domain.recovery_issue`)
    recovery_due: bool = False
