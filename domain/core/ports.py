"""The small interfaces through which time, randomness, storage and delivery reach the domain (the
repositories themselves are declared in `repositories.py`).

Named by role; implementations are named by technology (`SqlUnitOfWork`, `SmtpEmailSender`) and test
doubles `Fake...`. Repositories never commit: the unit of work does, once per use case.
"""

from __future__ import annotations

import enum
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from domain.core.model import (
    OutgoingEmail,
    OutgoingSms,
)
from domain.core.repositories import (
    ApiKeyRepository,
    AppSecretRepository,
    AuditLog,
    ChallengeRepository,
    ChatLinkRepository,
    ChatOutbox,
    ContractRepository,
    ConversationRepository,
    DeviceRepository,
    LinkTokenRepository,
    LockoutRepository,
    LoginApprovalRepository,
    LoginRepository,
    ManagerActionRepository,
    Outbox,
    ProcessedUpdates,
    RecoveryCodeRepository,
    RequestRepository,
    SendLog,
    TicketRepository,
    TwoFactorRepository,
    UserRepository,
)


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        ...


class TokenSource(Protocol):
    def token(self, nbytes: int = 16) -> str:
        """A URL-safe random token (`A-Za-z0-9_-`) from a CSPRNG."""
        ...


class SecretBox(Protocol):
    """Authenticated encryption of secrets the server must read back (authenticator-app secrets).

    `context` is bound to the ciphertext (e.g. the user's id): a sealed value copied to another row
    does not open there.
    """

    def seal(self, plaintext: str, context: str) -> str: ...
    def open(self, sealed: str, context: str) -> str:
        """The plaintext; raises `ValueError` when the value was altered, moved or sealed with another key."""
        ...


class SlowHasher(Protocol):
    """A salted, deliberately slow hash (scrypt) for short secrets people type, such as recovery codes.

    Async because each call costs tens of milliseconds of CPU: implementations run it off the event loop.
    """

    async def hash(self, secret: str) -> str:
        """A new salt and the hash, as one string that also names the parameters used."""
        ...

    async def verify(self, secret: str, stored: str) -> bool:
        """Whether `secret` hashes to `stored` (with the salt and parameters `stored` names)."""
        ...


class DeliveryProblem(enum.StrEnum):
    INVALID_DESTINATION = "invalid_destination"
    UNREACHABLE = "unreachable"
    REGION_NOT_PERMITTED = "region_not_permitted"
    UNAVAILABLE = "unavailable"  # the gateway is down or refused for its own reasons


class DeliveryError(Exception):
    """A message could not be handed to its gateway. Carries a reason for the user, never the content."""

    def __init__(self, problem: DeliveryProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


class EmailSender(Protocol):
    async def send_email(self, message: OutgoingEmail) -> None:
        """Deliver one email or raise `DeliveryError`."""
        ...


class DeliveryRoute(enum.StrEnum):
    """How an SMS-method code reached the phone, when a sender has more than one way."""

    SMS = "sms"
    TELEGRAM = "telegram"  # Telegram's Gateway API: a message in the person's Telegram app


class SmsSender(Protocol):
    async def send_sms(self, message: OutgoingSms) -> DeliveryRoute | None:
        """Deliver one SMS or raise `DeliveryError`; the route it took (None: by SMS, the only one)."""
        ...


class UnitOfWork(Protocol):
    """One transaction: every repository below reads and writes in it; `commit` makes it all durable."""

    contracts: ContractRepository
    users: UserRepository
    two_factor: TwoFactorRepository
    chat_links: ChatLinkRepository
    conversations: ConversationRepository
    challenges: ChallengeRepository
    send_log: SendLog
    lockouts: LockoutRepository
    link_tokens: LinkTokenRepository
    audit: AuditLog
    outbox: Outbox
    devices: DeviceRepository
    logins: LoginRepository
    chat_outbox: ChatOutbox
    requests: RequestRepository
    tickets: TicketRepository
    updates: ProcessedUpdates
    api_keys: ApiKeyRepository
    manager_actions: ManagerActionRepository
    recovery_codes: RecoveryCodeRepository
    app_secrets: AppSecretRepository
    approvals: LoginApprovalRepository

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed."""
        ...

    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Metrics(Protocol):
    """Counters for operations (codes sent, verifications, delivery failures); no I/O, no labels with PII."""

    def increment(self, name: str, **labels: str) -> None: ...


class NoMetrics:
    """Counts nothing: the default where nobody scrapes."""

    def increment(self, name: str, **labels: str) -> None:
        """Ignore the count."""
