"""The SQL unit of work: one `AsyncSession`, one transaction, every repository on it."""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

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
from storage.engine import connection_limit
from storage.repos_api import SqlApiKeyRepository, SqlManagerActionRepository
from storage.repos_approvals import SqlLoginApprovalRepository
from storage.repos_factors import SqlAppSecretRepository
from storage.repos_recovery import SqlRecoveryCodeRepository
from storage.repositories import (
    SqlAuditLog,
    SqlChallengeRepository,
    SqlChatLinkRepository,
    SqlChatOutbox,
    SqlContractRepository,
    SqlConversationRepository,
    SqlDeviceRepository,
    SqlLinkTokenRepository,
    SqlLockoutRepository,
    SqlLoginRepository,
    SqlOutbox,
    SqlProcessedUpdates,
    SqlRequestRepository,
    SqlSendLog,
    SqlTicketRepository,
    SqlTwoFactorRepository,
    SqlUserRepository,
)

GATE_TIMEOUT_SECONDS = 30.0  # as SQLAlchemy's pool timeout: fail a step rather than wait for ever


class SqlUnitOfWork:
    """`domain.ports.UnitOfWork` on SQLModel: `async with` it, `commit()` once; the rest rolls back."""

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
    app_secrets: AppSecretRepository
    approvals: LoginApprovalRepository
    recovery_codes: RecoveryCodeRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession], gate: asyncio.Semaphore) -> None:
        self._sessions = sessions
        self._gate = gate
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._session is not None:
            raise RuntimeError("a unit of work is entered once; ask the factory for a new one")
        try:
            async with asyncio.timeout(GATE_TIMEOUT_SECONDS):
                await self._gate.acquire()
        except TimeoutError:
            raise TimeoutError(
                f"no database connection within {GATE_TIMEOUT_SECONDS:.0f} s (all are in use; a unit of work "
                "opened inside another would wait for ever)"
            ) from None
        session = self._session = self._sessions()
        self.contracts = SqlContractRepository(session)
        self.users = SqlUserRepository(session)
        self.two_factor = SqlTwoFactorRepository(session)
        self.chat_links = SqlChatLinkRepository(session)
        self.conversations = SqlConversationRepository(session)
        self.challenges = SqlChallengeRepository(session)
        self.send_log = SqlSendLog(session)
        self.lockouts = SqlLockoutRepository(session)
        self.link_tokens = SqlLinkTokenRepository(session)
        self.audit = SqlAuditLog(session)
        self.outbox = SqlOutbox(session)
        self.devices = SqlDeviceRepository(session)
        self.logins = SqlLoginRepository(session)
        self.chat_outbox = SqlChatOutbox(session)
        self.requests = SqlRequestRepository(session)
        self.tickets = SqlTicketRepository(session)
        self.updates = SqlProcessedUpdates(session)
        self.api_keys = SqlApiKeyRepository(session)
        self.manager_actions = SqlManagerActionRepository(session)
        self.app_secrets = SqlAppSecretRepository(session)
        self.approvals = SqlLoginApprovalRepository(session)
        self.recovery_codes = SqlRecoveryCodeRepository(session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Roll back whatever was not committed and give the connection back to the pool."""
        session = self._entered()
        try:
            await session.rollback()
        finally:
            try:
                await session.close()
            finally:
                self._gate.release()

    async def commit(self) -> None:
        """Make everything done so far durable; later work in this unit starts a new transaction."""
        await self._entered().commit()

    async def rollback(self) -> None:
        """Discard everything done since the last commit."""
        await self._entered().rollback()

    def _entered(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `async with`")
        return self._session


class SqlUnitOfWorkFactory:
    """`domain.ports.UnitOfWorkFactory` over one engine: each call is a new, unentered `SqlUnitOfWork`.

    Units of work wait for a connection at a gate as wide as the pool, in the order they asked:
    SQLAlchemy's pool lets a newcomer take a returned connection before those already waiting, so under
    load some waited until the pool timeout and failed. A unit must not open another inside itself.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._sessions = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        self._gate = asyncio.Semaphore(connection_limit(engine))

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions, self._gate)
