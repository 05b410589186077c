"""The aiohttp session an HTTP gateway (Twilio, Telegram's Gateway API) calls through: created on first
use, inside the running loop (nothing is opened at construction), closed by the gateway that made it; an
injected session (tests, a shared pool) stays its owner's."""

from __future__ import annotations

from typing import Self

import aiohttp


class SessionOwner:
    def __init__(self, session: aiohttp.ClientSession | None) -> None:
        self._session = session
        self._owns_session = session is None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the session this gateway opened (an injected one stays its owner's); safe to repeat."""
        if self._owns_session and self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def _client(self) -> aiohttp.ClientSession:
        """The session, created on first use so that it belongs to the running loop."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session
