"""SMS gateways. `ConsoleSmsSender` is the offline one: each SMS becomes a local text file and a box in
the terminal. A carrier gateway (`TwilioSmsSender`) will sit beside it behind the same `SmsSender` port.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from domain.core.model import OutgoingSms
from domain.core.ports import DeliveryError, DeliveryProblem
from gateways.display import boxed, save_private

log = logging.getLogger(__name__)


class ConsoleSmsSender:
    """Offline SMS gateway: writes each SMS to its own `.sms.txt` file in `folder` and, with a `stream`,
    prints it, code included, since the terminal stands in for the phone. Nothing goes to the log.
    """

    def __init__(self, folder: Path, stream: TextIO | None = None) -> None:
        self._folder = folder
        self._stream = stream

    async def send_sms(self, message: OutgoingSms) -> None:
        """Save one SMS in the folder (and print it) or raise `DeliveryError` when it cannot be written."""
        now = datetime.now(UTC)
        text = f"To: {message.to}\nDate: {now.isoformat()}\n\n{message.body}\n"
        try:
            path = await asyncio.to_thread(save_private, self._folder, now, ".sms.txt", text.encode())
        except OSError as exc:
            detail = f"cannot write to the SMS folder ({type(exc).__name__})"
            raise DeliveryError(DeliveryProblem.UNAVAILABLE, detail) from exc
        if self._stream is not None:
            lines = [*message.body.splitlines(), "", f"(saved as {path.name})"]
            self._stream.write(boxed(f"SMS to {message.to}", lines) + "\n")
            self._stream.flush()
        log.debug("SMS saved in the SMS folder as %s", path.name)
