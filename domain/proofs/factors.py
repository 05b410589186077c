"""The kinds of second factor, as plug-ins: a new kind implements `Factor` and joins `factors()`.

Each says how it is named and masked, whether its code is delivered (SMS, email: sent, resent, counted
by the send limits) or shown by the person's own device (the authenticator app: nothing is sent), and
how a typed code is checked. The challenge lifecycle, lockouts and audit around them are shared
(`domain.codes.CodeService`), as in privacyIDEA's token classes or django-otp's devices.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from domain.core.challenge import Challenge, Purpose
from domain.core.destinations import mask
from domain.core.model import Channel
from domain.core.otp import code_for
from domain.core.ports import UnitOfWork
from domain.proofs.app_codes import AppCodes

ENROLLING = frozenset({Purpose.ENABLE, Purpose.CHANGE_NEW})  # a code that confirms a new method


class Factor(Protocol):
    """One kind of second factor."""

    @property
    def channel(self) -> Channel: ...

    @property
    def label(self) -> str:
        """Its name in a sentence: "SMS", "email", "authenticator app"."""
        ...

    @property
    def delivers(self) -> bool:
        """A code is sent to a destination (and may be sent again); False: the person's device shows it."""
        ...

    @property
    def counts_sends(self) -> bool:
        """Each challenge counts against the send limits (it reaches the person: a code or a question)."""
        ...

    def masked(self, destination: str) -> str: ...

    async def matches(self, uow: UnitOfWork, challenge: Challenge, digits: str, now: datetime) -> bool:
        """Whether `digits` (normalised, of the policy's length) is the challenge's code."""
        ...


@dataclass(frozen=True)
class DeliveredCode:
    """SMS or email: the code is HMAC(server key, challenge id), computed again to check (never stored)."""

    channel: Channel
    label: str
    server_key: bytes
    digits: int
    delivers: bool = True
    counts_sends: bool = True

    def masked(self, destination: str) -> str:
        return mask(self.channel, destination)

    async def matches(self, uow: UnitOfWork, challenge: Challenge, digits: str, now: datetime) -> bool:
        expected = code_for(self.server_key, challenge.id, self.digits)
        return hmac.compare_digest(expected.encode(), digits.encode())


@dataclass(frozen=True)
class AppCode:
    """The authenticator app: TOTP from the user's sealed secret, each time step accepted once
    (`domain.app_codes`). A code confirming a new app is checked against the app being enrolled."""

    codes: AppCodes
    channel: Channel = Channel.APP
    label: str = "authenticator app"
    delivers: bool = False
    counts_sends: bool = False

    def masked(self, destination: str) -> str:
        return mask(Channel.APP, destination)

    async def matches(self, uow: UnitOfWork, challenge: Challenge, digits: str, now: datetime) -> bool:
        enrolling = challenge.purpose in ENROLLING
        return await self.codes.accept(uow, challenge.user_id, digits, now, enrolling=enrolling)


@dataclass(frozen=True)
class ChatApproval:
    """The linked Telegram chat: a tap there approves (a button of the chat's own prompt, or the number
    a login page shows, `domain.signin.approvals`); nothing is sent by a gateway. The challenge's code,
    HMAC(server key, challenge id) as for SMS, is shown in the chat only when the person asks for a code
    to type instead, and checked like a delivered one; a tap on Confirm stands for it."""

    server_key: bytes
    digits: int
    channel: Channel = Channel.TELEGRAM
    label: str = "Telegram approval"
    delivers: bool = False
    counts_sends: bool = True  # a question in the chat is a send: a stranger cannot flood the person

    def masked(self, destination: str) -> str:
        return mask(Channel.TELEGRAM, destination)

    def code(self, challenge: Challenge) -> str:
        return code_for(self.server_key, challenge.id, self.digits)

    async def matches(self, uow: UnitOfWork, challenge: Challenge, digits: str, now: datetime) -> bool:
        return hmac.compare_digest(self.code(challenge).encode(), digits.encode())


def factors(server_key: bytes, digits: int, app: AppCodes | None) -> dict[Channel, Factor]:
    """Every factor this deployment offers, by channel (the app only with an `AppCodes`)."""
    offered: dict[Channel, Factor] = {
        Channel.SMS: DeliveredCode(Channel.SMS, "SMS", server_key, digits),
        Channel.EMAIL: DeliveredCode(Channel.EMAIL, "email", server_key, digits),
        Channel.TELEGRAM: ChatApproval(server_key, digits),
    }
    if app is not None:
        offered[Channel.APP] = AppCode(app)
    return offered
