"""`/support` in chat: one line from the person becomes a numbered ticket for the support team."""

from __future__ import annotations

from domain.accounts.support import SupportDesk, TicketLimitReached, limit_answer, open_ticket
from domain.chat.turn import Turn
from domain.core.conversation_state import Step
from domain.core.replies import Button, Reply
from domain.wording import texts, texts_faq


class SupportChat:
    """Asks for the line (linked or not), then files it; the per-chat limit is said before typing."""

    def __init__(self, desk: SupportDesk) -> None:
        self._desk = desk

    async def support(self, turn: Turn, argument: str) -> list[Reply]:
        refusal = await limit_answer(turn.uow, self._desk, turn.chat_id, turn.now)
        if refusal is not None:  # over the per-chat limit: said before they type anything
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(refusal)]
        turn.conversation = turn.conversation.at(Step.SUPPORT_DESCRIBE, turn.now)
        return [Reply(texts_faq.SUPPORT_ASK, ((Button(texts.BUTTON_CANCEL, "cancel"),),))]

    async def file_ticket(self, turn: Turn, text: str) -> list[Reply]:
        if not text.strip():
            return [Reply(texts_faq.SUPPORT_EMPTY)]
        turn.conversation = turn.conversation.idle(turn.now)
        try:
            ticket = await open_ticket(turn.uow, self._desk, turn.chat_id, turn.user, text, turn.now)
        except TicketLimitReached as refusal:
            return [Reply(str(refusal))]
        if turn.user is None:
            return [Reply(texts_faq.SUPPORT_OPENED_ANONYMOUS.format(number=ticket.id))]
        return [Reply(texts_faq.SUPPORT_OPENED.format(number=ticket.id, email=turn.user.email))]
