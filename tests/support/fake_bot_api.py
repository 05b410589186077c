"""A loopback fake of the Telegram Bot API, enough for python-telegram-bot's polling `Application`.

End-to-end tests point `ApplicationBuilder().base_url(...)` at it, push user updates (or build them to
post to a webhook), and read back what the bot sent. It keeps Telegram's observable behaviour where
products tend to trip: long polling with confirmation by `offset`, 400/401/404/409/429 error answers,
"message is not modified", removal of the inline keyboard when `editMessageText` omits `reply_markup`,
and HTML entity parsing errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self, TypeVar

from aiohttp import web

JSON = dict[str, Any]
Button = tuple[str, str | None]
Handler = Callable[[JSON], Any]
_T = TypeVar("_T")

DEFAULT_TOKEN = "123456789:TEST-fake-bot-api-token"
DEFAULT_BOT_USERNAME = "twofa_test_bot"

# PTB posts form fields JSON-encoded, except `str` values which go raw: these are the Bot API's
# String parameters, kept raw so that a text like "123" or "true" is not decoded into a number/bool.
_STRING_PARAMS = frozenset(
    {"text", "parse_mode", "callback_query_id", "inline_message_id", "url", "language_code", "caption"}
    | {"business_connection_id", "message_effect_id", "secret_token", "ip_address", "data"}
)
_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code"}
    | {"pre", "blockquote", "tg-emoji"}
)
_HTML_TAG = re.compile(r"<(/?)([\w-]*)[^<>]*(>?)")
_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


@dataclass(frozen=True)
class ApiError:
    """An error answer given instead of running a method, so tests can drive failure paths."""

    error_code: int
    description: str
    retry_after: float | None = None

    def body(self) -> JSON:
        """The Bot API error object, with `parameters.retry_after` for flood control."""
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


FORCED_FAILURE = ApiError(400, "Bad Request: forced failure")


def flood_control(retry_after: float = 1) -> ApiError:
    """A 429 answer as Telegram gives it; PTB turns it into `RetryAfter` (a float keeps tests fast)."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


class _Refused(Exception):
    """Raised inside a method handler to answer with an `ApiError`."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.description)
        self.error = error


def _bad_request(description: str) -> _Refused:
    return _Refused(ApiError(400, f"Bad Request: {description}"))


@dataclass
class SentMessage:
    """A message the bot sent, kept up to date by later edits, as a test sees it."""

    chat_id: int
    message_id: int
    text: str
    date: int
    parse_mode: str | None = None
    reply_markup: JSON | None = None
    edits: int = 0
    photo: bytes | None = None  # sendPhoto's image (the text is its caption)
    deleted: bool = False  # deleteMessage took it out of the chat

    @property
    def buttons(self) -> list[list[Button]]:
        """Inline keyboard rows as `(label, callback_data)`; `callback_data` is None for URL buttons."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [[(b["text"], b.get("callback_data")) for b in row] for row in rows]

    def callback_data(self, label: str) -> str:
        """The callback data of the button labelled `label`, failing loudly if there is none."""
        for row in self.buttons:
            for text, data in row:
                if text == label and data is not None:
                    return data
        raise LookupError(f"no callback button {label!r} on message {self.message_id}: {self.buttons}")


@dataclass
class _Failure:
    error: ApiError
    remaining: int | None  # None: fail every call


def _chat_of(params: JSON) -> int:
    try:
        return int(params.get("chat_id") or 0)
    except (TypeError, ValueError):
        return 0


def _decode(name: str, value: Any) -> Any:
    if not isinstance(value, str) or name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channel"


def _check_html(text: str) -> None:
    """Refuse what Telegram's HTML parser refuses: unknown, unclosed or unbalanced tags (a bare `<`).

    Like Telegram, a bare `&` or `>` passes; the messages follow Telegram's wording.
    """
    open_tags: list[str] = []
    for match in _HTML_TAG.finditer(text):
        closing, name, complete = match.group(1), match.group(2).lower(), match.group(3)
        at = f"at byte offset {len(text[: match.start()].encode())}"
        if not closing and name not in _HTML_TAGS:
            raise _bad_request(f'can\'t parse entities: Unsupported start tag "{name}" {at}')
        if not complete:
            raise _bad_request(f"can't parse entities: Unclosed {'end' if closing else 'start'} tag {at}")
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags[-1] != name:
            expected = f'"</{open_tags[-1]}>"' if open_tags else "nothing"
            raise _bad_request(
                f'can\'t parse entities: Unmatched end tag {at}, expected {expected}, found "</{name}>"'
            )
        else:
            open_tags.pop()
    if open_tags:
        raise _bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{open_tags[-1]}\""
        )


class FakeBotApi:
    """An aiohttp server on 127.0.0.1 answering `/bot{token}/{method}` like the Telegram Bot API."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = DEFAULT_BOT_USERNAME,
        set_my_commands_error: ApiError | None = FORCED_FAILURE,
    ) -> None:
        self.token = token
        self.bot_user: JSON = {
            "id": int(token.split(":")[0]) if token.split(":")[0].isdigit() else 1,
            "is_bot": True,
            "first_name": "TwoFA Test Bot",
            "username": bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.sent: list[SentMessage] = []
        self.calls: list[tuple[str, JSON]] = []
        self.commands: list[JSON] = []
        self.webhook: JSON | None = None  # the last setWebhook call's parameters; None: no webhook
        self._updates: list[JSON] = []
        self._callback_ids: set[str] = set()
        self._failures: dict[str, _Failure] = {}
        self._holds: dict[tuple[str, int], asyncio.Event] = {}
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)
        self._callback_counter = itertools.count(1)
        self._changed = asyncio.Event()
        self._poll_generation = 0
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._handlers: dict[str, Handler] = {
            "getme": lambda _: self.bot_user,
            "getupdates": self._get_updates,
            "sendmessage": self._send_message,
            "sendphoto": self._send_photo,
            "deletemessage": self._delete_message,
            "editmessagetext": self._edit_message_text,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "answercallbackquery": self._answer_callback_query,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": lambda _: {
                "url": (self.webhook or {}).get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": len(self._updates),
            },
            "setmycommands": self._set_my_commands,
            "getmycommands": lambda _: self.commands,
            "deletemycommands": self._delete_my_commands,
            "close": lambda _: True,
            "logout": lambda _: True,
        }
        if set_my_commands_error is not None:
            self.fail("setMyCommands", set_my_commands_error, times=None)

    # -- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        """Serve on a free loopback port; handler cancellation drops long polls whose client left."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._closing = False
        self._runner = web.AppRunner(app, handler_cancellation=True, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Release pending long polls at once, then close the server."""
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on (only once started)."""
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """Value for `ApplicationBuilder().base_url()`: PTB appends the token, then `/{method}`."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for `ApplicationBuilder().base_file_url()`; file downloads are not served."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- test-side API: updates in ------------------------------------------------------------------

    def push_message(
        self, chat_id: int, text: str, user_id: int | None = None, *, language_code: str | None = "en"
    ) -> int:
        """Queue a private-chat text message from the user; returns its message_id."""
        update = self.message_update(chat_id, text, user_id, language_code=language_code)
        self._queue(update)
        return int(update["message"]["message_id"])

    def message_update(
        self, chat_id: int, text: str, user_id: int | None = None, *, language_code: str | None = "en"
    ) -> JSON:
        """The update `push_message` queues, with its `update_id`, for a test to deliver by webhook."""
        user = self._user(chat_id if user_id is None else user_id, language_code)
        message: JSON = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            length = len(command.encode("utf-16-le")) // 2  # entity lengths count UTF-16 code units
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._update_ids), "message": message}

    def push_as(self, kind: str, chat_id: int, text: str, user_id: int | None = None) -> None:
        """Queue a message update of another `kind`: `edited_message` or `channel_post` (no `from`)."""
        message = self.message_update(chat_id, text, user_id)["message"]
        if kind == "channel_post":
            message.pop("from")
            message["chat"] = {"id": chat_id, "type": "channel", "title": "A channel"}
        else:
            message["edit_date"] = int(time.time())
        self._queue({"update_id": next(self._update_ids), kind: message})

    def push_callback(self, chat_id: int, message_id: int, data: str, user_id: int | None = None) -> str:
        """Queue a button press on a message the bot sent to `chat_id` (by `user_id`, the chat's own user
        unless given); returns the callback query id."""
        update = self.callback_update(chat_id, message_id, data, user_id)
        self._queue(update)
        return str(update["callback_query"]["id"])

    def callback_update(self, chat_id: int, message_id: int, data: str, user_id: int | None = None) -> JSON:
        """The update `push_callback` queues, with its `update_id`, for a test to deliver by webhook."""
        sent = self._find_sent(chat_id, message_id)
        if sent is None:
            raise LookupError(f"the bot sent no message {message_id} to chat {chat_id}")
        query_id = str(10**15 + next(self._callback_counter))
        self._callback_ids.add(query_id)
        query = {
            "id": query_id,
            "from": self._user(chat_id if user_id is None else user_id, "en"),
            "chat_instance": f"instance-{chat_id}",
            "message": self._bot_message(sent),
            "data": data,
        }
        return {"update_id": next(self._update_ids), "callback_query": query}

    def press_button(self, chat_id: int, label: str) -> str:
        """Press the button labelled `label` on the last message with buttons in `chat_id`."""
        message = self.last_with_buttons(chat_id)
        return self.push_callback(chat_id, message.message_id, message.callback_data(label))

    @property
    def pending_updates(self) -> int:
        """Updates queued and not yet confirmed by a later `getUpdates` offset."""
        return len(self._updates)

    # -- test-side API: what the bot did ------------------------------------------------------------

    def messages_for(self, chat_id: int) -> list[SentMessage]:
        """Messages the bot sent to `chat_id`, oldest first, with edits applied."""
        return [m for m in self.sent if m.chat_id == chat_id]

    def last_with_buttons(self, chat_id: int | None = None) -> SentMessage:
        """The latest message (in `chat_id`, if given) that currently shows an inline keyboard."""
        for message in reversed(self.sent):
            if message.buttons and chat_id in (None, message.chat_id):
                return message
        raise LookupError(f"no message with buttons (chat {chat_id})")

    def callback_data_for(self, label: str, chat_id: int | None = None) -> str:
        """The callback data of button `label` on the latest message with buttons."""
        return self.last_with_buttons(chat_id).callback_data(label)

    def calls_to(self, method: str) -> list[JSON]:
        """Parameters of every call to `method` (case-insensitive, like Telegram)."""
        return [params for name, params in self.calls if name.lower() == method.lower()]

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109  # a deadline argument reads better in tests than a wrapper
        after: int = 0,
    ) -> SentMessage:
        """First message in `sent[after:]` to `chat_id` matching `predicate` now or after an edit."""

        def find() -> SentMessage | None:
            return next(
                (
                    m
                    for m in self.sent[after:]
                    if m.chat_id == chat_id and (predicate is None or predicate(m))
                ),
                None,
            )

        try:
            return await self._wait_until(find, timeout)
        except TimeoutError:
            texts = [m.text for m in self.messages_for(chat_id)]
            raise AssertionError(
                f"no matching message to chat {chat_id} in {timeout}s; sent: {texts}"
            ) from None

    async def wait_for_call(self, method: str, timeout: float = 5.0, after: int = 0) -> JSON:  # noqa: ASYNC109
        """Parameters of the first call to `method` in `calls[after:]`, waiting for it if needed."""

        def find() -> JSON | None:
            return next((p for name, p in self.calls[after:] if name.lower() == method.lower()), None)

        try:
            return await self._wait_until(find, timeout)
        except TimeoutError:
            raise AssertionError(f"no {method} call in {timeout}s") from None

    # -- test-side API: failures --------------------------------------------------------------------

    def fail(self, method: str, error: ApiError, times: int | None = 1) -> None:
        """Answer the next `times` calls to `method` with `error` (None: every call, until cleared)."""
        self._failures[method.lower()] = _Failure(error, times)

    def clear_failure(self, method: str) -> None:
        """Let `method` succeed again."""
        self._failures.pop(method.lower(), None)

    def hold(self, method: str, chat_id: int) -> None:
        """Calls to `method` for `chat_id` hang (recorded in `calls`, not answered) until `release`; one
        whose caller went away meanwhile (a killed process) is dropped, as if it never reached Telegram."""
        self._holds[(method.lower(), chat_id)] = asyncio.Event()

    def release(self, method: str, chat_id: int) -> None:
        """Let held calls to `method` for `chat_id` go on, and later ones go through at once."""
        held = self._holds.pop((method.lower(), chat_id), None)
        if held is not None:
            held.set()

    # -- HTTP ---------------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        method = request.match_info["method"]
        params = {k: _decode(k, v) for k, v in request.query.items()}
        if request.content_type == "application/json" and request.can_read_body:
            params.update(await request.json())
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            params.update({k: _decode(k, v) for k, v in (await request.post()).items()})
        self.calls.append((method, params))
        self._notify()
        held = self._holds.get((method.lower(), _chat_of(params)))
        if held is not None:
            await held.wait()
            if request.transport is None or request.transport.is_closing():
                return web.Response(status=499)  # its caller went away while it hung: nothing was done
        try:
            result = self._answer(method, params)
            if asyncio.iscoroutine(result):
                result = await result
        except _Refused as refused:
            return web.json_response(refused.error.body(), status=refused.error.error_code)
        finally:
            self._notify()  # waiters see the method's effect (e.g. an edit), not just the call
        return web.json_response({"ok": True, "result": result})

    def _answer(self, method: str, params: JSON) -> Any:
        failure = self._failures.get(method.lower())
        if failure is not None:
            if failure.remaining is not None:
                failure.remaining -= 1
                if failure.remaining <= 0:
                    del self._failures[method.lower()]
            raise _Refused(failure.error)
        handler = self._handlers.get(method.lower())
        if handler is None:
            raise _Refused(ApiError(404, f"Not Found: method {method}"))
        return handler(params)

    # -- Bot API methods ----------------------------------------------------------------------------

    async def _get_updates(self, params: JSON) -> list[JSON]:
        """Long poll: confirm below `offset`, answer at once if updates wait, else within `timeout`."""
        if self.webhook is not None:
            raise _Refused(ApiError(409, "Conflict: can't use getUpdates method while webhook is active"))
        offset, limit = int(params.get("offset") or 0), min(max(int(params.get("limit") or 100), 1), 100)
        if offset < 0:
            self._updates = self._updates[offset:]
        elif offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # an older long poll still waiting is terminated, as Telegram does

        def ready() -> bool | None:
            if generation != self._poll_generation:
                raise _Refused(
                    ApiError(409, "Conflict: terminated by other getUpdates request; make sure that "
                             "only one bot instance is running")
                )  # fmt: skip
            return True if self._updates or self._closing else None

        with contextlib.suppress(TimeoutError):
            await self._wait_until(ready, max(float(params.get("timeout") or 0), 0.0))
        return self._updates[:limit]

    def _send_message(self, params: JSON) -> JSON:
        text = str(params.get("text") or "")
        if not text.strip():
            raise _bad_request("message text is empty")
        if str(params.get("parse_mode") or "").upper() == "HTML":
            _check_html(text)
        sent = SentMessage(
            chat_id=int(params["chat_id"]),
            message_id=next(self._message_ids),
            text=text,
            parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
            date=int(time.time()),
        )
        self.sent.append(sent)
        return self._bot_message(sent)

    def _send_photo(self, params: JSON) -> JSON:
        upload = getattr(params.get("photo"), "file", None)  # a multipart file field
        data = upload.read() if upload is not None else None
        if not data:
            raise _bad_request("there is no photo in the request")
        sent = SentMessage(
            chat_id=int(params["chat_id"]),
            message_id=next(self._message_ids),
            text=str(params.get("caption") or ""),
            parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
            date=int(time.time()),
            photo=data,
        )
        self.sent.append(sent)
        return self._bot_message(sent)

    def _delete_message(self, params: JSON) -> bool:
        sent = self._find_sent(int(params["chat_id"]), int(params["message_id"]))
        if sent is None or sent.deleted:
            raise _bad_request("message to delete not found")
        sent.deleted = True
        return True

    def _edit_message_text(self, params: JSON) -> JSON:
        sent = self._message_to_edit(params)
        text, parse_mode = str(params.get("text") or ""), params.get("parse_mode")
        if str(parse_mode or "").upper() == "HTML":
            _check_html(text)
        # Telegram drops the inline keyboard when editMessageText comes without reply_markup.
        markup = params.get("reply_markup")
        if (text, parse_mode, markup) == (sent.text, sent.parse_mode, sent.reply_markup):
            raise _Refused(ApiError(400, _NOT_MODIFIED))
        sent.text, sent.parse_mode, sent.reply_markup = text, parse_mode, markup
        return self._edited(sent)

    def _edit_message_reply_markup(self, params: JSON) -> JSON:
        sent = self._message_to_edit(params)
        if params.get("reply_markup") == sent.reply_markup:
            raise _Refused(ApiError(400, _NOT_MODIFIED))
        sent.reply_markup = params.get("reply_markup")
        return self._edited(sent)

    def _answer_callback_query(self, params: JSON) -> bool:
        if str(params.get("callback_query_id")) not in self._callback_ids:
            raise _bad_request("query is too old and response timeout expired or query ID is invalid")
        return True

    def _set_webhook(self, params: JSON) -> bool:
        if not str(params.get("url") or "").startswith("https://"):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = params
        return True

    def _delete_webhook(self, params: JSON) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _set_my_commands(self, params: JSON) -> bool:
        self.commands = list(params.get("commands") or [])
        return True

    def _delete_my_commands(self, _: JSON) -> bool:
        self.commands = []
        return True

    # -- helpers ------------------------------------------------------------------------------------

    def _queue(self, update: JSON) -> None:
        self._updates.append(update)
        self._notify()

    def _notify(self) -> None:
        """Wake every waiter; each re-checks its own condition and waits on a fresh event."""
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_until(self, find: Callable[[], _T | None], seconds: float) -> _T:
        async with asyncio.timeout(seconds):
            while True:
                changed = self._changed  # taken before checking, so no wake-up is lost
                found = find()
                if found is not None:
                    return found
                await changed.wait()

    def _find_sent(self, chat_id: int, message_id: int) -> SentMessage | None:
        return next((m for m in self.sent if (m.chat_id, m.message_id) == (chat_id, message_id)), None)

    def _message_to_edit(self, params: JSON) -> SentMessage:
        sent = None
        if "chat_id" in params and "message_id" in params:
            sent = self._find_sent(int(params["chat_id"]), int(params["message_id"]))
        if sent is None:
            raise _bad_request("message to edit not found")
        return sent

    def _edited(self, sent: SentMessage) -> JSON:
        sent.edits += 1
        return {**self._bot_message(sent), "edit_date": int(time.time())}

    def _bot_message(self, sent: SentMessage) -> JSON:
        message: JSON = {
            "message_id": sent.message_id,
            "date": sent.date,
            "chat": self._chat(sent.chat_id),
            "from": self.bot_user,
            "text": sent.text,
        }
        if sent.photo is not None:
            del message["text"]
            message["caption"] = sent.text
            unique = f"photo{sent.message_id}"
            message["photo"] = [{"file_id": unique, "file_unique_id": unique, "width": 256, "height": 256}]
        if sent.reply_markup is not None:
            message["reply_markup"] = sent.reply_markup
        return message

    @staticmethod
    def _chat(chat_id: int) -> JSON:
        """A private chat with the user of the same id; a negative id is a group, as in Telegram."""
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": f"Group {-chat_id}"}
        return {"id": chat_id, "type": "private", "first_name": "Test", "username": f"user{chat_id}"}

    @staticmethod
    def _user(user_id: int, language_code: str | None) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": "Test", "username": f"user{user_id}"}
        if language_code is not None:
            user["language_code"] = language_code
        return user
