"""The conversation engine every chat front-end calls: one incoming message in, replies out.

Each message is one transaction: the chat's conversation state is read, the step runs (codes, links,
2FA changes, audit events, notices), and the new state is written and committed together, so a restart
or a second worker process loses nothing. Front-ends hold no state of their own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from domain import faq, texts
from domain.challenge import Challenge, Purpose
from domain.code_delivery import StepDeliveries
from domain.codes import CodeService
from domain.conversation_state import (
    CODE_STEPS,
    DESTINATION_STEPS,
    FLOW_OF_STEP,
    METHOD_STEPS,
    Conversation,
    Step,
)
from domain.destinations import mask
from domain.faq import IntentClassifier, Prediction
from domain.inputs import clean_incoming
from domain.link_flow import LinkFlow
from domain.login_chat import LoginChat
from domain.manager_flow import ManagerFlow
from domain.model import ChatMessage, User
from domain.otp import looks_like_code
from domain.ports import Clock, UnitOfWork, UnitOfWorkFactory
from domain.replies import SENDING_LEASE, Answer, Button, Incoming, Reply
from domain.support import SupportDesk, TicketLimitReached, limit_answer, open_ticket
from domain.turn import Turn
from domain.twofa_flow import DestinationRules, TwoFactorFlow, method_buttons, status_buttons
from domain.typed_input import WORDS, channel_in_words, expected_input, may_be_question
from domain.verification import CodePrompt

Handler = Callable[[Turn, str], Awaitable[list[Reply]]]
UNLINKED_FLOWS = ("start", "support")  # what a chat may do before it is linked
FLOWS = ("start", "enable", "change", "disable", "test", "manage", "request", "support")


class Assistant:
    """Routes commands, buttons and free text to the step the chat is at."""

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
    ) -> None:
        self._uow_factory = uow_factory
        self._codes = codes
        self._clock = clock
        self._prompt = CodePrompt(codes, self._on_code_verified, self._restart_link_with_email)
        self._deliveries = StepDeliveries(uow_factory, codes, self._prompt, clock)
        self._link = LinkFlow(codes, self._prompt, server_key, self._status)
        self._twofa = TwoFactorFlow(self._prompt, rules or DestinationRules())
        self._logins = login_chat
        self._managers = ManagerFlow(self._prompt)
        self._classifier = classifier
        self._desk = desk or SupportDesk()
        self._commands: dict[str, Handler] = {
            "start": self._link.start,
            "enable": _linked(self._twofa.enable),
            "change": _linked(self._twofa.change),
            "disable": _linked(self._twofa.disable),
            "test": _linked(self._twofa.test),
            "devices": _linked(self._logins.devices),
            "manage": _linked(self._managers.manage),
            "request": _linked(self._managers.request),
            "support": self._support,
            "help": self._help,
            "status": self._status,
            "cancel": self._cancel,
        }
        self._buttons: dict[str, Handler] = {
            **self._commands,
            "method": self._method,
            "switch": self._switch,
            "stay": self._stay,
            "login": _linked_with(self._logins.login_button),  # "was this you?" answers, at any step
            "device": _linked_with(self._logins.device_button),
            "mgr": self._manager_button,
            "req": self._request_button,
        }

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

    async def queue_replies(self, chat_id: str, replies: list[Reply], update_id: int | None = None) -> None:
        """Replies of a committed step the front-end could not deliver: kept in the chat outbox, whose
        dispatcher sends them when the chat's service answers again (the step itself is not repeated)."""
        now = self._clock.now()
        async with self._uow_factory() as uow:
            for reply in replies:
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
            turn = Turn(uow, incoming.chat_id, before, user, self._clock.now(), question)
            replies = await self._route(turn, incoming)
            await uow.conversations.save(turn.conversation)
            kept = delivery if keep else None
            if kept is not None:
                await uow.updates.keep_replies(kept, replies, self._clock.now() + SENDING_LEASE)
            await uow.commit()
        # Only now, with no transaction open, do the step's codes leave (domain.code_delivery).
        replies = await self._deliveries.after_commit(incoming.chat_id, before, turn.deliveries, replies)
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

    async def _route(self, turn: Turn, incoming: Incoming) -> list[Reply]:
        step = turn.conversation.step
        if turn.user is None and FLOW_OF_STEP.get(step, "start") not in UNLINKED_FLOWS:  # unlinked mid-flow
            await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
            turn.conversation = turn.conversation.idle(turn.now)
            step = Step.IDLE
        command = incoming.command()
        if command is not None:
            name, argument = command
            handler = self._commands.get(name)
            if handler is None:
                return [Reply(texts.UNKNOWN_COMMAND.format(name=name) + "\n\n" + self._help_text(turn))]
            return await self._maybe_switch(turn, name, argument, handler)
        if incoming.button is not None:
            action, _, argument = incoming.button.partition(":")
            if action in self._prompt.actions and step in CODE_STEPS:
                return await self._prompt.button(turn, action)
            if action == "disable" and argument == "yes" and step is Step.DISABLE_CONFIRM and turn.user:
                return await self._twofa.confirm_disable(turn, turn.user)
            handler = self._buttons.get(action)
            if handler is None or (action == "method" and step not in METHOD_STEPS | DESTINATION_STEPS):
                return [Reply(texts.STALE_BUTTON), *await self._where_we_are(turn)]
            if action in FLOWS:
                return await self._maybe_switch(turn, action, argument, handler)
            return await handler(turn, argument)
        return await self._text(turn, (incoming.text or "").strip())

    async def _maybe_switch(self, turn: Turn, name: str, argument: str, handler: Handler) -> list[Reply]:
        """Starting a flow in the middle of another asks first (linking may restart freely)."""
        current = FLOW_OF_STEP.get(turn.conversation.step)
        if name not in FLOWS or current is None or (current == "start" and name == "start"):
            return await handler(turn, argument)
        question = texts.ABANDON.format(current=texts.FLOW_NAMES[current], next=texts.NEXT_NAMES[name])
        buttons = (
            (
                Button(texts.BUTTON_SWITCH.format(next=texts.NEXT_NAMES[name]), f"switch:{name}"),
                Button(texts.BUTTON_STAY, "stay"),
            ),
        )
        return [Reply(question, buttons)]

    async def _switch(self, turn: Turn, name: str) -> list[Reply]:
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        turn.conversation = turn.conversation.idle(turn.now)
        handler = self._commands.get(name) if name in FLOWS else None
        return await handler(turn, "") if handler else await self._where_we_are(turn)

    async def _stay(self, turn: Turn, argument: str) -> list[Reply]:
        return [Reply(texts.STAYING), *await self._where_we_are(turn)]

    async def _text(self, turn: Turn, text: str) -> list[Reply]:
        step = turn.conversation.step
        if step is Step.SUPPORT_DESCRIBE:
            return await self._file_ticket(turn, text)
        if not expected_input(step, text, turn.conversation.data.get("method")):
            answered = await self._question(turn, text)
            if answered is not None:
                return answered
        if step is Step.LINK_EMAIL:
            if "@" not in text and len(text.split()) > 3:  # a sentence, not a mistyped address
                return [Reply(texts.FAQ_NONE + texts.LINK_ASK_EMAIL, (faq.SUPPORT,))]
            return await self._prompt.start_email_link(turn, text)
        if step in CODE_STEPS:
            return await self._prompt.text(turn, text)
        if step in METHOD_STEPS:
            channel = channel_in_words(text)
            if channel is not None:
                return await self._twofa.choose_method(turn, channel)
            return await self._where_we_are(turn)
        if step in DESTINATION_STEPS and turn.user is not None:
            return await self._twofa.destination(turn, turn.user, text)
        if step is Step.MANAGE_REASON and turn.user is not None:
            return await self._managers.reason(turn, turn.user, text)
        if step in (Step.REQUEST_USER, Step.REQUEST_REASON) and turn.user is not None:
            return await self._managers.request_text(turn, turn.user, text)
        if turn.user is None and "@" in text:
            return await self._prompt.start_email_link(turn, text)
        if looks_like_code(text, self._codes.policy.digits):
            return [Reply(texts.NO_CODE_EXPECTED, _menu(turn.user))]
        return [faq.answer("none", turn.user, None)]

    async def _question(self, turn: Turn, text: str) -> list[Reply] | None:
        """A 2FA question asked in the user's own words: the answer, and where we were if in a flow."""
        step = turn.conversation.step
        words = " ".join(WORDS.sub(" ", text.lower().replace("’", "'")).split())
        if step is Step.IDLE and any(phrase in words for phrase in texts.DISABLE_PHRASES):
            return await self._maybe_switch(turn, "disable", "", self._commands["disable"])
        prediction = turn.question
        if prediction is None and self._classifier is not None:
            prediction = await self._classifier.classify(text)
        intent = prediction.intent if prediction else "none"
        if intent == "none":
            return None
        if intent == "support":
            return await self._maybe_switch(turn, "support", "", self._commands["support"])
        if intent == "status" and step is Step.IDLE:
            return await self._status(turn, "")
        if intent == "code_not_received" and step in CODE_STEPS:
            return [faq.pending_code_answer(turn.conversation.data.get("to", "you"))]
        setting = await turn.uow.two_factor.get(turn.user.key) if turn.user else None
        replies = [faq.answer(intent, turn.user, setting)]
        flow = FLOW_OF_STEP.get(step)
        if flow is not None:
            replies += [
                Reply(texts.MEANWHILE.format(flow=texts.FLOW_NAMES[flow])),
                *await self._where_we_are(turn),
            ]
        return replies

    async def _support(self, turn: Turn, argument: str) -> list[Reply]:
        """`/support`: one line from the user becomes a numbered ticket for the support team."""
        refusal = await limit_answer(turn.uow, self._desk, turn.chat_id, turn.now)
        if refusal is not None:  # over the per-chat limit: said before they type anything
            turn.conversation = turn.conversation.idle(turn.now)
            return [Reply(refusal)]
        turn.conversation = turn.conversation.at(Step.SUPPORT_DESCRIBE, turn.now)
        return [Reply(texts.SUPPORT_ASK, ((Button(texts.BUTTON_CANCEL, "cancel"),),))]

    async def _file_ticket(self, turn: Turn, text: str) -> list[Reply]:
        if not text.strip():
            return [Reply(texts.SUPPORT_EMPTY)]
        turn.conversation = turn.conversation.idle(turn.now)
        try:
            ticket = await open_ticket(turn.uow, self._desk, turn.chat_id, turn.user, text, turn.now)
        except TicketLimitReached as refusal:
            return [Reply(str(refusal))]
        if turn.user is None:
            return [Reply(texts.SUPPORT_OPENED_ANONYMOUS.format(number=ticket.id))]
        return [Reply(texts.SUPPORT_OPENED.format(number=ticket.id, email=turn.user.email))]

    async def _restart_link_with_email(self, turn: Turn, text: str) -> list[Reply]:
        return await self._link.restart_with_email(turn, text)

    async def _on_code_verified(self, turn: Turn, challenge: Challenge, user: User) -> list[Reply]:
        if challenge.purpose is Purpose.LINK:
            return await self._link.owner_proved(turn, user)
        if challenge.purpose is Purpose.LINK_SECOND_FACTOR:
            return await self._link.complete(turn, user)
        if turn.user is not None and turn.user.id == user.id:
            if challenge.purpose is Purpose.MANAGER_ACTION:
                return await self._managers.on_manager_code(turn, user)
            if challenge.purpose is Purpose.IDENTITY:
                return await self._managers.on_identity_code(turn, user)
        return await self._twofa.on_verified(turn, challenge, user)

    async def _manager_button(self, turn: Turn, argument: str) -> list[Reply]:
        if turn.user is None:
            return [Reply(texts.LINK_FIRST)]
        if turn.conversation.step not in (Step.IDLE, Step.MANAGE_REASON):
            return [Reply(texts.FINISH_FIRST), *await self._where_we_are(turn)]
        return await self._managers.manager_button(turn, turn.user, argument)

    async def _request_button(self, turn: Turn, argument: str) -> list[Reply]:
        """`for:` answers the request question; `approve:`/`decline:` come to managers at any time."""
        if turn.user is None:
            return [Reply(texts.LINK_FIRST)]
        if not argument.startswith("for:") and turn.conversation.step is not Step.IDLE:
            return [Reply(texts.FINISH_FIRST), *await self._where_we_are(turn)]
        return await self._managers.request_button(turn, turn.user, argument)

    async def _method(self, turn: Turn, argument: str) -> list[Reply]:
        channel = channel_in_words(argument)
        if channel is None or turn.user is None:
            return [Reply(texts.STALE_BUTTON), *await self._where_we_are(turn)]
        return await self._twofa.choose_method(turn, channel)

    async def _help(self, turn: Turn, argument: str) -> list[Reply]:
        replies = [Reply(self._help_text(turn), _menu(turn.user))]
        if turn.conversation.step is not Step.IDLE:
            replies.extend(await self._where_we_are(turn))
        return replies

    async def _status(self, turn: Turn, argument: str) -> list[Reply]:
        if turn.user is None:
            return [Reply(texts.NOT_LINKED, ((Button(texts.BUTTON_LINK, "start"),),))]
        setting = await turn.uow.two_factor.get(turn.user.key)
        contract = await turn.uow.contracts.get(turn.user.contract_id)
        masked = (
            mask(setting.channel, setting.destination) if setting.channel and setting.destination else None
        )
        lines = [texts.status(turn.user, contract, setting, masked)]
        lines += await self._logins.status_lines(turn, turn.user, setting)
        replies = [Reply("\n".join(lines), status_buttons(setting))]
        if turn.conversation.step is not Step.IDLE:
            replies.extend(await self._where_we_are(turn))
        return replies

    async def _cancel(self, turn: Turn, argument: str) -> list[Reply]:
        if turn.conversation.step is Step.IDLE:
            return [Reply(texts.NOTHING_TO_CANCEL)]
        await self._codes.cancel(turn.uow, turn.conversation.challenge_id)
        turn.conversation = turn.conversation.idle(turn.now)
        return [Reply(texts.CANCELLED, _menu(turn.user))]

    async def _where_we_are(self, turn: Turn) -> list[Reply]:
        step = turn.conversation.step
        if step is Step.LINK_EMAIL:
            return [Reply(texts.ASK_EMAIL_AGAIN)]
        if step in CODE_STEPS:
            return [self._prompt.reminder(turn)]
        if step in METHOD_STEPS:
            return [Reply(texts.ASK_METHOD, method_buttons())]
        if step in DESTINATION_STEPS:
            sms = turn.conversation.data.get("method") == "sms"
            return [
                Reply(
                    texts.ASK_PHONE if sms else texts.ASK_EMAIL, ((Button(texts.BUTTON_CANCEL, "cancel"),),)
                )
            ]
        if step is Step.MANAGE_REASON:
            return [
                Reply(
                    texts.MANAGE_ASK_REASON.format(target="here"), ((Button(texts.BUTTON_CANCEL, "cancel"),),)
                )
            ]
        if step is Step.REQUEST_TARGET and turn.user is not None:
            return await self._managers.request(turn, turn.user)
        if step is Step.REQUEST_USER:
            return [Reply(texts.REQUEST_ASK_USER, ((Button(texts.BUTTON_CANCEL, "cancel"),),))]
        if step is Step.REQUEST_REASON:
            return [Reply(texts.REQUEST_ASK_REASON, ((Button(texts.BUTTON_CANCEL, "cancel"),),))]
        if step is Step.DISABLE_CONFIRM:
            buttons = (
                (Button(texts.BUTTON_CONFIRM_DISABLE, "disable:yes"), Button(texts.BUTTON_KEEP, "cancel")),
            )
            return [Reply(texts.CONFIRM_DISABLE.format(masked="your 2FA destination"), buttons)]
        return [Reply(self._help_text(turn), _menu(turn.user))]

    @staticmethod
    def _help_text(turn: Turn) -> str:
        return texts.HELP_LINKED if turn.user is not None else texts.HELP


def _linked(action: Callable[[Turn, User], Awaitable[list[Reply]]]) -> Handler:
    """A handler for linked chats only; others are asked to link first."""

    async def handler(turn: Turn, argument: str) -> list[Reply]:
        return await action(turn, turn.user) if turn.user else [Reply(texts.LINK_FIRST)]

    return handler


def _linked_with(action: Callable[[Turn, User, str], Awaitable[list[Reply]]]) -> Handler:
    """The same, for handlers that take the button's argument."""

    async def handler(turn: Turn, argument: str) -> list[Reply]:
        return await action(turn, turn.user, argument) if turn.user else [Reply(texts.LINK_FIRST)]

    return handler


def _menu(user: User | None) -> tuple[tuple[Button, ...], ...]:
    if user is None:
        return ((Button(texts.BUTTON_LINK, "start"),),)
    return ((Button(texts.BUTTON_STATUS, "status"), Button(texts.BUTTON_HELP, "help")),)
