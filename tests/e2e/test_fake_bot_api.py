"""Proves FakeBotApi against the real python-telegram-bot, so e2e tests can trust what it reports."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, EndPointNotFound, InvalidToken
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.fake_bot_api import DEFAULT_TOKEN, FakeBotApi, flood_control

CHAT = 4242
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Repeat the user's text, the smallest possible round trip."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the deep-link argument and a keyboard, like the product's /start."""
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Yes", callback_data="yes"), InlineKeyboardButton("No", callback_data="no")]]
    )
    await update.effective_message.reply_text(
        f"<b>start</b> args={context.args}", parse_mode="HTML", reply_markup=keyboard
    )


async def choose(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the button press and replace the keyboard message with the choice."""
    query = update.callback_query
    assert query is not None
    await query.answer("noted")
    await query.edit_message_text(f"you chose {query.data}")


def bot_for(api: FakeBotApi, token: str = DEFAULT_TOKEN) -> Bot:
    """A bare PTB Bot aimed at the fake, for checks that need no Application."""
    return Bot(token, base_url=api.base_url, base_file_url=api.base_file_url)


@asynccontextmanager
async def running_app(
    api: FakeBotApi, *, rate_limiter: AIORateLimiter | None = None
) -> AsyncIterator[AnyApplication]:
    """Start a polling Application wired to the fake, and stop it the way the product should."""
    builder = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .connect_timeout(1.0)
        .read_timeout(2.0)
        .write_timeout(1.0)
        .pool_timeout(1.0)
        .get_updates_connect_timeout(1.0)
        .get_updates_read_timeout(2.0)
        .get_updates_write_timeout(1.0)
        .get_updates_pool_timeout(1.0)
    )
    app: AnyApplication = (
        builder.build() if rate_limiter is None else builder.rate_limiter(rate_limiter).build()
    )
    errors: list[object] = []

    async def record_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(choose))
    app.add_error_handler(record_error)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    assert errors == []


@pytest.fixture
async def api(caplog: pytest.LogCaptureFixture) -> AsyncIterator[FakeBotApi]:
    """A started fake; the test fails if PTB logged any warning or error, or left tasks behind."""
    async with FakeBotApi() as fake:
        yield fake
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems == []
    assert asyncio.all_tasks() == {asyncio.current_task()}


async def test_echo_round_trip_records_the_reply(api: FakeBotApi) -> None:
    async with running_app(api):
        api.push_message(CHAT, "hello")
        reply = await api.wait_for_message(CHAT)
    assert reply.text == "echo: hello"
    assert api.calls_to("getMe")
    assert api.calls_to("deleteWebhook")


async def test_start_command_hands_deep_link_argument_to_handler(api: FakeBotApi) -> None:
    async with running_app(api):
        api.push_message(CHAT, "/start abc")
        reply = await api.wait_for_message(CHAT)
        assert reply.text == "<b>start</b> args=['abc']"
        assert reply.parse_mode == "HTML"
        assert reply.buttons == [[("Yes", "yes"), ("No", "no")]]
        api.press_button(CHAT, "Yes")
        await api.wait_for_message(CHAT, lambda m: m.text == "you chose yes")


async def test_button_press_is_answered_and_message_edited(api: FakeBotApi) -> None:
    async with running_app(api):
        api.push_message(CHAT, "/start")
        menu = await api.wait_for_message(CHAT)
        query_id = api.push_callback(CHAT, menu.message_id, api.callback_data_for("No"))
        await api.wait_for_message(CHAT, lambda m: m.text == "you chose no")
        answer = await api.wait_for_call("answerCallbackQuery")
    assert answer["callback_query_id"] == query_id
    assert answer["text"] == "noted"
    assert len(api.messages_for(CHAT)) == 1
    assert menu.edits == 1
    assert menu.buttons == []  # editMessageText without reply_markup drops the keyboard


async def test_each_reply_is_found_after_the_previous_ones(api: FakeBotApi) -> None:
    async with running_app(api):
        for word in ("one", "two", "three"):
            mark = len(api.sent)
            api.push_message(CHAT, word)
            assert (await api.wait_for_message(CHAT, after=mark)).text == f"echo: {word}"
    assert [m.text for m in api.messages_for(CHAT)] == ["echo: one", "echo: two", "echo: three"]
    assert api.pending_updates == 0  # the updater's last getUpdates confirmed everything


async def test_failing_set_my_commands_raises_bad_request(api: FakeBotApi) -> None:
    async with bot_for(api) as bot:
        with pytest.raises(BadRequest, match="Forced failure"):
            await bot.set_my_commands([("start", "Start")])
    api.clear_failure("setMyCommands")
    async with bot_for(api) as bot:
        assert await bot.set_my_commands([("start", "Start")])
    assert api.commands == [{"command": "start", "description": "Start"}]


async def test_rate_limiter_retries_after_flood_control(
    api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the opt-in, PTB's RetryAfter warns about its int retry_after, an error under filterwarnings.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api.fail("sendMessage", flood_control(retry_after=0.2))
    async with running_app(api, rate_limiter=AIORateLimiter(max_retries=2)):
        api.push_message(CHAT, "hello")
        reply = await api.wait_for_message(CHAT)
    assert reply.text == "echo: hello"
    assert len(api.calls_to("sendMessage")) == 2


async def test_long_poll_returns_as_soon_as_an_update_is_queued(api: FakeBotApi) -> None:
    async with bot_for(api) as bot:
        poll = asyncio.create_task(bot.get_updates(timeout=5))
        await asyncio.sleep(0.1)
        started = time.monotonic()
        api.push_message(CHAT, "first")
        api.push_message(CHAT, "second")
        updates = await poll
        assert time.monotonic() - started < 1.0
        assert [u.message.text for u in updates if u.message] == ["first", "second"]
        limited = await bot.get_updates(limit=1, timeout=0)
        assert [u.update_id for u in limited] == [updates[0].update_id]
        assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()
    assert api.pending_updates == 0


async def test_second_poller_terminates_the_first_with_conflict(api: FakeBotApi) -> None:
    async with bot_for(api) as first_instance, bot_for(api) as second_instance:
        first = asyncio.create_task(first_instance.get_updates(timeout=5))
        await asyncio.sleep(0.1)
        assert await second_instance.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first


async def test_wrong_token_and_unknown_method_fail_like_telegram(api: FakeBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with bot_for(api, token="1:wrong"):
            pass
    async with bot_for(api) as bot:
        with pytest.raises(EndPointNotFound):
            await bot.do_api_request("sendTelepathy")
    assert api.calls_to("sendTelepathy") == [{}]
    assert api.calls[-1] == ("sendTelepathy", {})


async def test_malformed_html_and_unchanged_edits_are_bad_requests(api: FakeBotApi) -> None:
    async with bot_for(api) as bot:
        with pytest.raises(BadRequest, match=r'(?i)unsupported start tag "" at byte offset 5'):
            await bot.send_message(CHAT, "code < 5", parse_mode="HTML")
        message = await bot.send_message(CHAT, "code &lt; 5 & more", parse_mode="HTML")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text(message.text or "", CHAT, message.message_id, parse_mode="HTML")
