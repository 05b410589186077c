"""The terminal chat: the same conversations as Telegram, buttons shown as numbered choices.

Outgoing email and SMS are printed by the offline gateways as boxed messages, so a person can read the
code they would have received and type it back here.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable

import segno

from bot.chat_outbox import as_reply
from domain.chat.assistant import Assistant
from domain.core.inputs import parse_id
from domain.core.model import ChatMessage
from domain.core.replies import Button, Incoming, Reply
from domain.wording import texts
from domain.wording.i18n import speaking

log = logging.getLogger(__name__)

ReadLine = Callable[[], Awaitable[str | None]]
Write = Callable[[str], None]
QUIT = {"/quit", "/exit", "quit", "exit"}


async def read_stdin() -> str | None:
    """One line from standard input without blocking the event loop; None at end of input."""
    line = await asyncio.to_thread(sys.stdin.readline)
    return line.rstrip("\n") if line else None


def write_stdout(text: str) -> None:
    print(text, flush=True)


def render(reply: Reply, first_number: int = 1) -> tuple[str, list[Button]]:
    """A reply as terminal text, with its buttons numbered from `first_number`."""
    buttons = [button for row in reply.buttons for button in row]
    lines = ["bot> " + reply.text.replace("\n", "\n     ")]
    if reply.qr is not None:  # an authenticator app's setup: the QR code in text, and its URI
        lines.append(_text_qr(reply.qr))
        lines.append("     " + reply.qr)
    if buttons:
        choices = "   ".join(f"[{first_number + n}] {b.label}" for n, b in enumerate(buttons))
        lines.append("     " + choices)
    return "\n".join(lines), buttons


def _text_qr(uri: str) -> str:
    """The QR code drawn with block characters (two modules per character, rows in pairs)."""
    matrix = [[0, 0, *row, 0, 0] for row in segno.make(uri, error="m").matrix]  # a quiet zone around it
    quiet = [0] * len(matrix[0])
    padded = [quiet, quiet, *matrix, quiet, quiet] + ([quiet] if len(matrix) % 2 else [])
    shade = {(0, 0): "█", (1, 0): "▄", (0, 1): "▀", (1, 1): " "}  # light modules print as blocks
    pairs = zip(padded[::2], padded[1::2], strict=True)
    return "\n".join(
        "     " + "".join(shade[(t, b)] for t, b in zip(top, bottom, strict=True)) for top, bottom in pairs
    )


class TerminalChat:
    """A chat loop: read a line, hand it to the assistant, print the replies; numbers press buttons."""

    def __init__(
        self,
        assistant: Assistant,
        chat_id: str = "term:local",
        read_line: ReadLine = read_stdin,
        write: Write = write_stdout,
        after_step: Callable[[], Awaitable[object]] | None = None,
        language: str | None = None,
    ) -> None:
        self._assistant = assistant
        self._chat_id = chat_id
        self._read_line = read_line
        self._write = write
        self._after_step = after_step
        self._language = language  # `twofa chat --lang`: the chat speaks it from its opening
        self._buttons: list[Button] = []

    @property
    def chat_id(self) -> str:
        return self._chat_id

    def _incoming(self, line: str) -> Incoming:
        choice = line.strip().strip("[]")
        number = parse_id(choice) if len(choice) <= 2 else None  # ASCII digits only: "²" is text
        if number is not None and 1 <= number <= len(self._buttons):
            button = self._buttons[number - 1]
            self._write(f"     » {button.label}")
            return Incoming(self._chat_id, button=button.data)
        return Incoming(self._chat_id, text=line)

    def show(self, reply: Reply) -> None:
        """Print a message the assistant started; its buttons get the next free numbers."""
        text, buttons = render(reply, len(self._buttons) + 1)
        self._buttons.extend(buttons)
        self._write(text)

    async def deliver(self, message: ChatMessage) -> str | None:
        """The chat outbox's delivery for this terminal chat (a message that replaces an earlier one is
        printed as a new one: a terminal cannot change what it printed)."""
        self.show(as_reply(message))
        return None

    async def step(self, line: str) -> list[Reply]:
        """One exchange: the line typed (or the button it names) and the replies printed."""
        return await self._exchange(self._incoming(line))

    async def open(self) -> list[Reply]:
        """The chat opened: where it was left (a prompt still waiting), else the greeting of /start."""
        return await self._exchange(Incoming(self._chat_id, opened=True, language=self._language))

    async def _exchange(self, incoming: Incoming) -> list[Reply]:
        """A step that fails (the database went away or stayed locked) rolled its transaction back, so
        nothing it would have changed was: the person is told to try again, and the chat goes on.
        Only the error's type is logged, since a storage error's text may quote what was typed.
        """
        try:
            replies = await self._assistant.handle(incoming)
            await self._assistant.drain()  # a link code's email box shows before the reply
        except Exception as exc:
            log.error("chat step failed with %s; nothing was changed", type(exc).__name__)
            self._write(render(Reply(texts.STEP_FAILED))[0])
            return []
        self._buttons = []
        for reply in replies:
            text, buttons = render(reply, len(self._buttons) + 1)
            self._buttons.extend(buttons)
            self._write(text)
        if self._after_step is not None:
            try:
                await self._after_step()
            except Exception as exc:  # the step committed; what it queued is kept and delivered later
                log.error("delivering after a chat step failed with %s", type(exc).__name__)
        return replies

    async def run(self, greeting: str = "") -> None:
        """Chat until end of input or /quit."""
        if greeting:
            self._write(greeting)
        await self.open()
        while True:
            line = await self._read_line()
            if line is None or line.strip().lower() in QUIT:
                with speaking(self._language):
                    self._write(f"bot> {texts.GOODBYE}")
                return
            if line.strip():
                await self.step(line)
