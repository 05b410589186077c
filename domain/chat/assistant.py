"""The conversation engine every chat front-end calls: one incoming message in, replies out.

Each message is one transaction: the chat's conversation state is read, the step runs (codes, links,
2FA changes, audit events, notices), and the new state is written and committed together, so a restart
or a second worker process loses nothing. Front-ends hold no state of their own. What a message means
at the chat's step is the router's (`domain.router`, with its step table `domain.steps`).
"""

from __future__ import annotations

from dataclasses import replace

from domain.accounts.support import SupportDesk
from domain.chat.code_delivery import StepDeliveries
from domain.chat.faq import IntentClassifier, Prediction
from domain.chat.login_chat import LoginChat
from domain.chat.router import Router
from domain.chat.turn import Turn
from domain.chat.twofa_flow import SECRET_SHOWN, DestinationRules
from domain.core.conversation_state import Conversation, Step
from domain.core.inputs import clean_incoming
from domain.core.model import ChatMessage
from domain.core.ports import Clock, UnitOfWork, UnitOfWorkFactory
from domain.core.replies import SENDING_LEASE, Answer, Incoming, Reply
from domain.core.typed_input import may_be_question
from domain.proofs.codes import CodeService
from domain.proofs.recovery import RecoveryCodes
from domain.proofs.recovery_issue import NewCodes
from domain.wording import texts_app
from domain.wording.i18n import language_for, speaking

SHOWS_SECRETS = frozenset({Step.ENABLE_CODE, Step.CHANGE_NEW_CODE})  # where an app's key is shown


def storable(replies: list[Reply]) -> list[Reply]:
    """The replies as they may be stored to be sent later: a secret's text is replaced by a note."""
    return [Reply(r.kept_as or texts_app.SECRET_NOT_KEPT, r.buttons) if r.secret else r for r in replies]


class Assistant:
    """Runs each message as one step of its chat's conversation, in one transaction."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        codes: CodeService,
        clock: Clock,
        server_key: bytes,
        login_chat: LoginChat,
        rules: DestinationRules | None = None,
        classifier: IntentClassifier | None = None,
        desk: SupportDesk | None = None,
        recovery: RecoveryCodes | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        self._classifier = classifier
        rules, desk = rules or DestinationRules(), desk or SupportDesk()
        self._router = Router(codes, server_key, login_chat, rules, classifier, desk, recovery)
        self._commands = self._router.commands  # the router's own table (a test breaks one in place)
        self._deliveries = StepDeliveries(uow_factory, codes, self._router.prompt, clock)
        self._new_codes = NewCodes(uow_factory, recovery, clock)

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """Run one step of the chat's conversation in one transaction and return what to say."""
        return (await self._step(incoming, keep=False)).replies

    async def answer(self, incoming: Incoming) -> Answer:
        """`handle` for a front-end whose updates may come twice: the replies are kept with the update id
        in the step's own transaction until `replies_sent`, so if the worker dies after the commit, the
        redelivered update gets them (`Answer.sending_until`: wait, the first delivery may still send
        them, then ask `kept`)."""
        return await self._step(incoming, keep=True)

    async def kept(self, update_id: int) -> Answer:
        """What a step of `update_id` still has to say (nothing once its replies were sent)."""
        async with self._uow_factory() as uow:
            return await self._kept(uow, update_id)

    async def replies_sent(self, update_id: int) -> None:
        """The front-end sent the replies `answer` kept: a redelivery of the update now says nothing."""
        async with self._uow_factory() as uow:
            await uow.updates.replies_sent(update_id)
            await uow.commit()

    async def secret_shown(self, chat_id: str, reference: str) -> None:
        """The front-end showed a secret (an authenticator app's key) as message `reference`: once the app
        is confirmed, the step says to delete it (`Reply.forget`)."""
        async with self._uow_factory() as uow:
            conversation = await uow.conversations.get(chat_id)
            if conversation is None or conversation.step not in SHOWS_SECRETS:
                return  # the person moved on already: nothing will ask to delete it
            data = {**conversation.data, SECRET_SHOWN: reference}
            await uow.conversations.save(replace(conversation, data=data))
            await uow.commit()

    async def queue_replies(self, chat_id: str, replies: list[Reply], update_id: int | None = None) -> None:
        """Replies of a committed step the front-end could not deliver: kept in the chat outbox, whose
        dispatcher sends them when the chat's service answers again (the step itself is not repeated).
        A secret is never stored: its place says so."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            for reply in storable(replies):
                rows = tuple(tuple((b.label, b.data) for b in row) for row in reply.buttons)
                await uow.chat_outbox.add(ChatMessage(None, chat_id, reply.text, rows, now))
            if update_id is not None:
                await uow.updates.replies_sent(update_id)  # the outbox has them now
            await uow.commit()

    async def _step(self, incoming: Incoming, *, keep: bool) -> Answer:
        incoming = clean_incoming(incoming)  # the one boundary: no NUL, control or lone surrogate past here
        question = await self._classify_ahead(incoming)
        async with self._uow_factory() as uow:
            conversation = await uow.conversations.get(incoming.chat_id)  # waits for the chat's other steps
            delivery = incoming.update_id
            if delivery is not None and not await uow.updates.claim(delivery, self._clock.now()):
                # A redelivery of a step already taken (and committed): not repeated; what it had to say
                # is said if it was never sent (its worker died before it could).
                return await self._kept(uow, delivery) if keep else Answer()
            link = await uow.chat_links.get(incoming.chat_id)
            user = await uow.users.get(link.user_id) if link else None
            before = conversation or Conversation(incoming.chat_id)
            if incoming.language is not None and (before.language is None or incoming.opened):
                # first contact (Telegram's language_code), or the terminal chat opened with --lang
                before = replace(before, language=language_for(incoming.language))
            turn = Turn(uow, incoming.chat_id, before, user, self._clock.now(), question)
            with speaking(before.language):
                replies = await self._router.route(turn, incoming)
            await uow.conversations.save(turn.conversation)
            kept = delivery if keep else None
            if kept is not None:
                await uow.updates.keep_replies(kept, storable(replies), self._clock.now() + SENDING_LEASE)
            await uow.commit()
        # Only now, with no transaction open, do the step's codes leave (domain.code_delivery).
        with speaking(turn.conversation.language):
            replies = await self._deliveries.after_commit(incoming.chat_id, before, turn.deliveries, replies)
            if turn.recovery_due:  # hashed now, with no transaction open (domain.recovery_issue)
                replies = [*replies, *await self._new_codes.after_commit(turn.user, incoming.chat_id)]
        return Answer(replies, kept)

    async def _kept(self, uow: UnitOfWork, update_id: int) -> Answer:
        kept = await uow.updates.kept_replies(update_id)
        if kept is None:
            return Answer()
        busy = kept.until if kept.until > self._clock.now() else None
        return Answer(kept.replies, update_id, busy)

    async def drain(self) -> None:
        """Wait for codes still going out in the background (link codes)."""
        await self._deliveries.drain()

    async def _classify_ahead(self, incoming: Incoming) -> Prediction | None:
        """Free text that may be a question, classified before the transaction holds a connection."""
        text = (incoming.text or "").strip()
        if self._classifier is None or incoming.button is not None or incoming.command() is not None:
            return None
        return await self._classifier.classify(text) if may_be_question(text) else None
