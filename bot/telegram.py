"""The Telegram front-end: python-telegram-bot handlers that pass each update to the assistant.

Thin on purpose: parse the update, call `Assistant.handle`, send the replies. No conversation state is
kept here; it lives in the database. Updates of different chats run concurrently, each chat's in order.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Awaitable
from dataclasses import replace
from typing import Any

import segno
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.chat_outbox import Deliver, as_reply
from domain.chat.assistant import Assistant
from domain.core import commands
from domain.core.model import ChatMessage
from domain.core.replies import Answer, Incoming, Reply
from domain.wording import texts
from domain.wording.i18n import DEFAULT, LANGUAGES, _, speaking

log = logging.getLogger(__name__)

COMMANDS = [BotCommand(c.name, c.menu_text(c.description)) for c in commands.COMMANDS]  # as /help
ALLOWED_UPDATES = ["message", "callback_query"]  # what the handlers read; Telegram sends nothing else
MAX_MESSAGE_LENGTH = 4096  # Telegram's limit for a message's text
REDELIVERY_POLL_SECONDS = 0.1
# The English of `texts.SOMETHING_WENT_WRONG` (what the tests of a failed step compare with); the chat is
# told it in the sender's language.
SOMETHING_WENT_WRONG = "Something went wrong on our side. Nothing was changed; please try again in a moment."


def chat_key(chat_id: int) -> str:
    """The assistant's id for a Telegram chat."""
    return f"tg:{chat_id}"


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Runs updates concurrently across chats while keeping each chat's updates strictly in order.

    That is the order within one process. Across webhook workers, Telegram keeps it: it sends a chat's
    next update only once the previous one was answered, and `bot.webhook` answers after the step ran.
    The conversation's lock in the database (held from reading the state to the commit) makes sure two
    steps of one chat never overlap even when Telegram redelivers one that seemed lost.
    """

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock, users = self._locks.get(chat.id, (asyncio.Lock(), 0))
        self._locks[chat.id] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._locks[chat.id]
            if users <= 1:
                del self._locks[chat.id]
            else:
                self._locks[chat.id] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in reply.buttons]
    )


class TelegramFrontEnd:
    """Handlers bound to one assistant; `build()` makes the python-telegram-bot Application."""

    def __init__(self, assistant: Assistant) -> None:
        self._assistant = assistant

    def build(
        self, token: str, base_url: str, max_retries: int = 3, *, webhook: bool = False
    ) -> Application[Any, Any, Any, Any, Any, Any]:
        """The Application with rate limiting, per-chat ordering, the handlers and the error handler.

        `webhook=True` builds it without an updater: updates then come from our own web server
        (`bot.webhook`), not from polling.
        """
        builder = (
            ApplicationBuilder()
            .token(token)
            .base_url(base_url)
            .rate_limiter(AIORateLimiter(max_retries=max_retries))
            .concurrent_updates(PerChatUpdateProcessor())
        )
        application = (builder.updater(None) if webhook else builder).build()
        # New messages only: edits and channel posts never reach the handlers (whatever Telegram sends).
        new_messages = filters.UpdateType.MESSAGE
        private = filters.ChatType.PRIVATE
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(new_messages & ~private, self.on_group))
        application.add_handler(MessageHandler(new_messages & private & filters.TEXT, self.on_message))
        application.add_handler(MessageHandler(new_messages & private & ~filters.TEXT, self.on_other))
        application.add_error_handler(self.on_error)
        return application

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message or command: one step of the chat's conversation."""
        message, chat = update.message, update.effective_chat
        if message is None or chat is None or message.text is None or not _own_private_chat(update):
            return
        incoming = Incoming(
            chat_key(chat.id), text=message.text, update_id=update.update_id, language=_language(update)
        )
        await self._send(message, await self._answer(incoming))

    async def on_group(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A group or channel: nothing here acts for an account. A command is told where to go instead."""
        message = update.message
        if message is None or not (message.text or "").startswith("/"):
            return  # the group's own conversation is none of our business
        username = context.bot.username
        buttons = InlineKeyboardMarkup(
            [[InlineKeyboardButton(texts.BUTTON_OPEN_PRIVATE, url=f"https://t.me/{username}")]]
        )
        await message.reply_text(texts.PRIVATE_CHAT_ONLY, reply_markup=buttons)

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed inline button: answer it, mark the choice on its message, run the step.

        Only in the private chat of the person pressing it: a button on a message in a group (or one
        forged by somebody else) does nothing.
        """
        query, chat = update.callback_query, update.effective_chat
        if query is None or chat is None:
            return
        own = _own_private_chat(update)
        try:
            await query.answer(None if own else texts.NOT_YOUR_BUTTON)
        except TelegramError as error:  # only stops the button's spinner; a redelivery's is answered already
            log.info("could not answer a button press: %s", type(error).__name__)
        if not own:
            log.warning("a button pressed outside its private chat was ignored")
            return
        incoming = Incoming(
            chat_key(chat.id), button=query.data or "", update_id=update.update_id, language=_language(update)
        )
        answer = await self._answer(incoming)
        message = query.message
        if not answer.replies:  # a redelivery acknowledged unrun: its first delivery already edited the
            return  # message, and this update's copy of it is stale (it would put the question back)
        if isinstance(message, Message):
            if answer.replies and answer.replies[0].edit:  # the outcome replaces the question itself
                await _replace(message, answer.replies[0].text)
                answer = replace(answer, replies=answer.replies[1:])
            else:
                await _mark_choice(message, query.data or "")
            await self._send(message, answer)

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos and the like: never silence, say what is understood."""
        if update.effective_message is not None:
            with speaking(_language(update)):
                said = texts.NOT_UNDERSTOOD + "\n" + texts.HELP
            await update.effective_message.reply_text(said)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log the failure (without message contents) and tell the person; the step was rolled back."""
        error = context.error
        log.error("update failed: %s", type(error).__name__, exc_info=error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                with speaking(_language(update)):  # the sender's app language: the chat's is not read here
                    said = texts.SOMETHING_WENT_WRONG
                await context.bot.send_message(update.effective_chat.id, said)
            except TelegramError as send_error:
                log.warning("could not report the failure: %s", type(send_error).__name__)

    async def _answer(self, incoming: Incoming) -> Answer:
        """The step's answer. For a redelivered update whose first delivery may still be sending the
        replies (its lease is running), wait for that lease: then they were sent, or are ours to send."""
        answer = await self._assistant.answer(incoming)
        while answer.sending_until is not None and answer.update_id is not None:
            await asyncio.sleep(REDELIVERY_POLL_SECONDS)
            answer = await self._assistant.kept(answer.update_id)
        return answer

    async def _send(self, message: Message, answer: Answer) -> None:
        """Send a committed step's replies, then say so (they were kept with the update until then).
        What Telegram does not take (502, 429 beyond the rate limiter's retries) goes to the chat outbox
        and follows when Telegram answers again: the step happened, so the person must never be told
        "nothing was changed"."""
        pending = merged(answer.replies)
        chat = chat_key(message.chat.id)
        for index, reply in enumerate(pending):
            try:
                await self._forget(message, reply.forget)
                sent = await _send_one(message, reply)
                if reply.secret:  # where the key was shown, so that it is deleted once it is in the app
                    await self._assistant.secret_shown(chat, str(sent.message_id))
            except TelegramError as error:
                log.warning(
                    "a reply could not be sent (%s); it is kept to be sent again", type(error).__name__
                )
                await self._assistant.queue_replies(chat, pending[index:], answer.update_id)
                return
        if answer.update_id is not None:
            await self._assistant.replies_sent(answer.update_id)

    async def _forget(self, message: Message, references: tuple[str, ...]) -> None:
        """Delete earlier messages that showed a secret (an app's key, now in the app)."""
        for reference in references:
            try:
                await message.get_bot().delete_message(message.chat.id, int(reference))
            except (TelegramError, ValueError) as error:  # gone already, or too old to delete (48 h)
                log.info("could not delete a message with a secret: %s", type(error).__name__)


async def _send_one(message: Message, reply: Reply) -> Message:
    """One reply: a text, or a QR code image with the text as its caption."""
    bot = message.get_bot()
    if reply.qr is None:
        return await bot.send_message(message.chat.id, reply.text, reply_markup=keyboard(reply))
    image = io.BytesIO()
    segno.make(reply.qr, error="m").save(image, kind="png", scale=8, border=2)
    return await bot.send_photo(
        message.chat.id, image.getvalue(), caption=reply.text, reply_markup=keyboard(reply)
    )


def _own_private_chat(update: Update) -> bool:
    """A private chat, spoken in by the person it is with (the chat's id is that person's user id)."""
    chat, sender = update.effective_chat, update.effective_user
    return (
        chat is not None
        and chat.type == chat.PRIVATE
        and sender is not None
        and not sender.is_bot
        and sender.id == chat.id
    )


def merged(replies: list[Reply]) -> list[Reply]:
    """The replies as few Telegram messages: a reply without buttons joins the one after it.

    ("Linked." then the status with its buttons reads as one message.) Fewer messages per step also
    means more steps within Telegram's 30 messages a second. A reply with buttons ends its message, so
    buttons always sit under the text they belong to; a message never exceeds Telegram's 4,096 characters.
    """
    out: list[Reply] = []
    for reply in replies:
        last = out[-1] if out else None
        if last is not None and not last.buttons and last.qr is None and reply.qr is None:
            joined = f"{last.text}\n\n{reply.text}"
            if len(joined) <= MAX_MESSAGE_LENGTH:
                secret, forget = last.secret or reply.secret, last.forget + reply.forget
                out[-1] = Reply(joined, reply.buttons, secret=secret, forget=forget)
                continue
        out.append(reply)
    return out


async def _mark_choice(message: Message, data: str) -> None:
    """Replace the pressed keyboard with the chosen label, so old buttons cannot be pressed twice."""
    label = next(
        (
            button.text
            for row in (message.reply_markup.inline_keyboard if message.reply_markup else ())
            for button in row
            if button.callback_data == data
        ),
        None,
    )
    if label is None or message.text is None:
        return
    try:
        await message.edit_text(f"{message.text}\n\n» {label}")
    except TelegramError as error:  # an old message may no longer be editable; the step still ran
        log.info("could not mark the chosen button: %s", type(error).__name__)


async def _replace(message: Message, text: str) -> None:
    """Show a question's outcome in its own message, buttons gone (so none can be pressed again)."""
    try:
        await message.edit_text(text)
    except TelegramError as error:  # an old message may no longer be editable; the step still ran
        log.info("could not replace the answered message: %s", type(error).__name__)


def telegram_delivery(application: Application[Any, Any, Any, Any, Any, Any]) -> Deliver:
    """The chat outbox's delivery for `tg:` chats: a message with its inline keyboard."""

    async def deliver(message: ChatMessage) -> str | None:
        reply = as_reply(message)
        chat = int(message.chat_id.removeprefix("tg:"))
        if message.edits is not None and message.ref is not None:  # an outcome replacing its question
            try:
                await application.bot.edit_message_text(reply.text, chat_id=chat, message_id=int(message.ref))
            except BadRequest as error:  # deleted, too old, or already showing it: nothing left to change
                log.info("could not replace a chat message: %s", type(error).__name__)
            return message.ref
        sent = await application.bot.send_message(chat, reply.text, reply_markup=keyboard(reply))
        return str(sent.message_id)

    return deliver


def _language(update: Update) -> str | None:
    """The sender's language as their Telegram app is set (the chat's first language)."""
    return update.effective_user.language_code if update.effective_user is not None else None


def menu(language: str) -> list[BotCommand]:
    """The command menu in `language`, from the one list `/help` is made of."""
    with speaking(language):
        return [BotCommand(c.name, c.menu_text(_(c.description))) for c in commands.COMMANDS]


async def set_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Set the command menu, in English for everyone and in each other language for its speakers;
    non-essential, so a failure is logged and start-up goes on."""
    try:
        await application.bot.set_my_commands(COMMANDS)
        for language in LANGUAGES:
            if language != DEFAULT:
                await application.bot.set_my_commands(menu(language), language_code=language)
    except TelegramError as error:
        log.warning("could not set the command menu: %s", error)


async def run_polling(application: Application[Any, Any, Any, Any, Any, Any], stop: asyncio.Event) -> None:
    """Poll Telegram until `stop` is set, then shut down cleanly."""
    async with application:
        await set_commands(application)
        await application.start()
        if application.updater is None:
            raise RuntimeError("polling needs an Application built with an updater")
        await application.updater.start_polling(allowed_updates=ALLOWED_UPDATES)
        try:
            await stop.wait()
        finally:
            await application.updater.stop()
            await application.stop()
