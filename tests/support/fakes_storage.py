"""`FakeUnitOfWork` and its factory: the in-memory stand-in for `storage.uow`, for tests without a database.

Units made by one factory share committed data; a unit's changes reach the others only on `commit()`,
and leaving the `async with` block without committing drops them, as with SQL.
"""

from __future__ import annotations

from types import TracebackType
from typing import Self

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
from tests.support.fake_repositories import (
    FakeAuditLog,
    FakeChallengeRepository,
    FakeChatLinkRepository,
    FakeContractRepository,
    FakeConversationRepository,
    FakeLinkTokenRepository,
    FakeLockoutRepository,
    FakeOutbox,
    FakeSendLog,
    FakeTwoFactorRepository,
    FakeUserRepository,
)
from tests.support.fake_repositories_api import FakeApiKeyRepository, FakeManagerActionRepository
from tests.support.fake_repositories_factors import FakeAppSecretRepository, FakeLoginApprovalRepository
from tests.support.fake_repositories_logins import (
    FakeChatOutbox,
    FakeDeviceRepository,
    FakeLoginRepository,
)
from tests.support.fake_repositories_recovery import FakeRecoveryCodeRepository
from tests.support.fake_repositories_requests import FakeRequestRepository
from tests.support.fake_repositories_support import FakeTicketRepository
from tests.support.fake_repositories_updates import FakeProcessedUpdates
from tests.support.fake_tables import SharedDatabase, Transaction


class FakeUnitOfWork:
    """An in-memory `UnitOfWork`; `commits` counts its successful `commit()` calls."""

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

    def __init__(self, factory: FakeUnitOfWorkFactory) -> None:
        self._factory = factory
        self._tx = tx = Transaction(factory.database)
        self._entered = False
        self.commits = 0
        self.contracts = FakeContractRepository(tx)
        self.users = FakeUserRepository(tx)
        self.two_factor = FakeTwoFactorRepository(tx)
        self.chat_links = FakeChatLinkRepository(tx)
        self.conversations = FakeConversationRepository(tx)
        self.challenges = FakeChallengeRepository(tx)
        self.send_log = FakeSendLog(tx)
        self.lockouts = FakeLockoutRepository(tx)
        self.link_tokens = FakeLinkTokenRepository(tx)
        self.audit = FakeAuditLog(tx)
        self.outbox = FakeOutbox(tx)
        self.devices = FakeDeviceRepository(tx)
        self.logins = FakeLoginRepository(tx)
        self.chat_outbox = FakeChatOutbox(tx)
        self.requests = FakeRequestRepository(tx)
        self.tickets = FakeTicketRepository(tx)
        self.updates = FakeProcessedUpdates(tx)
        self.api_keys = FakeApiKeyRepository(tx)
        self.manager_actions = FakeManagerActionRepository(tx)
        self.app_secrets = FakeAppSecretRepository(tx)
        self.approvals = FakeLoginApprovalRepository(tx)
        self.recovery_codes = FakeRecoveryCodeRepository(tx)

    async def __aenter__(self) -> Self:
        if self._entered:
            raise RuntimeError("a unit of work is entered once; ask the factory for a new one")
        self._entered = True
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        """Drop whatever was not committed."""
        self._tx.end()

    async def commit(self) -> None:
        """Publish this unit's changes to units made by the same factory (or die, when told to)."""
        if self._factory.fail_next_commit:
            self._factory.fail_next_commit = False
            raise ConnectionResetError("the worker died before its commit")
        self._tx.commit()
        self.commits += 1
        self._factory.commits += 1

    async def rollback(self) -> None:
        """Drop the changes made since the last commit."""
        self._tx.end()


class FakeUnitOfWorkFactory:
    """Makes `FakeUnitOfWork`s over one shared in-memory database; `commits` totals theirs."""

    def __init__(self) -> None:
        self.database = SharedDatabase()
        self.commits = 0
        self.units: list[FakeUnitOfWork] = []
        self.fail_next_commit = False  # the next commit raises, as a process dying at that moment

    def __call__(self) -> FakeUnitOfWork:
        unit = FakeUnitOfWork(self)
        self.units.append(unit)
        return unit
