"""2FA questions asked in the person's own words, at any step: the FAQ's answer, and then where we were.

Typed text reaches here when it is not the answer the step waits for (`StepSpec.looks`); free text
that may be a question was classified before the step's transaction opened (`Turn.question`).
"""

from __future__ import annotations

from domain.chat import faq
from domain.chat.chat_commands import Handler, Reminder
from domain.chat.faq import IntentClassifier
from domain.chat.flow_switch import FlowSwitch
from domain.chat.turn import Turn
from domain.core.conversation_state import CODE_STEPS, Step
from domain.core.replies import Reply
from domain.core.typed_input import WORDS
from domain.wording import texts_faq, texts_twofa


class Questions:
    """Answers a question, or returns None so that the step takes the text as it is."""

    def __init__(
        self, classifier: IntentClassifier | None, switch: FlowSwitch, status: Handler, where: Reminder
    ) -> None:
        self._classifier = classifier
        self._switch = switch
        self._status = status
        self._where = where

    async def answer(self, turn: Turn, text: str) -> list[Reply] | None:
        step = turn.conversation.step
        words = " ".join(WORDS.sub(" ", text.lower().replace("’", "'")).split())
        if step is Step.IDLE and any(phrase in words for phrase in texts_twofa.DISABLE_PHRASES):
            return await self._switch.start(turn, "disable", "")
        prediction = turn.question
        if prediction is None and self._classifier is not None:
            prediction = await self._classifier.classify(text)
        intent = prediction.intent if prediction else "none"
        if intent == "none":
            return None
        if intent == "support":
            return await self._switch.start(turn, "support", "")
        if intent == "status" and step is Step.IDLE:
            return await self._status(turn, "")
        if intent == "code_not_received" and step in CODE_STEPS:
            return [faq.pending_code_answer(turn.conversation.data.get("to", "you"))]
        setting = await turn.uow.two_factor.get(turn.user.key) if turn.user else None
        replies = [faq.answer(intent, turn.user, setting)]
        if step.flow is not None:
            replies += [
                Reply(texts_faq.MEANWHILE.format(flow=texts_twofa.FLOW_NAMES[step.flow])),
                *await self._where(turn),
            ]
        return replies
