"""What a chat front-end hands the assistant, and what it gets back to show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

# How long the worker that ran a step has to send its replies before a redelivery of the update sends
# them itself (longer than a send takes; a worker that died meanwhile leaves them to the redelivery).
SENDING_LEASE = timedelta(seconds=10)


@dataclass(frozen=True)
class Button:
    label: str
    data: str  # opaque to front-ends; at most 64 bytes (Telegram's callback_data limit)


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    qr: str | None = None  # a URI for the front-end to show as a QR code with the text (an app's setup)
    # The text holds a secret (an authenticator app's key, recovery codes): never stored to be sent again,
    # and the front-end tells the assistant where it showed it (`Assistant.secret_shown`) so an app's key
    # can be deleted once it is in the app.
    secret: bool = False
    forget: tuple[str, ...] = ()  # front-end references of earlier secret messages to delete now
    kept_as: str | None = None  # a secret: what is stored in its place (else the app key's note)
    # Replaces the message whose button was pressed (its text; its buttons go), instead of a new message:
    # a question's outcome. A front-end that cannot edit sends it as a new message.
    edit: bool = False


@dataclass(frozen=True)
class Incoming:
    """One thing a person did in a chat: typed `text` (commands included) or pressed `button`."""

    chat_id: str
    text: str | None = None
    button: str | None = None
    update_id: int | None = None  # the front-end's delivery id (Telegram's): a redelivery is not run again
    # The chat was opened again (the terminal chat starting): carry on where it was, or start afresh
    opened: bool = False
    language: str | None = None  # the person's language as the front-end knows it (Telegram's language_code)

    def command(self) -> tuple[str, str] | None:
        """(`name`, `argument`) for `/name@bot argument`, or None when the text is not a command."""
        if self.text is None or not self.text.startswith("/"):
            return None
        head, _, rest = self.text.strip().partition(" ")
        name = head[1:].split("@", 1)[0].lower()
        return (name, rest.strip()) if name else None


@dataclass(frozen=True)
class Answer:
    """A step's replies for a front-end whose updates may come again (Telegram redelivers an update it
    got no answer for): they are kept with `update_id` until the front-end says they were sent."""

    replies: list[Reply] = field(default_factory=list)
    update_id: int | None = None  # None: nothing is kept (no id, or nothing left to send)
    sending_until: datetime | None = None  # another delivery of the update is sending them until then
