"""Every SQL repository in one place; each takes the unit of work's `AsyncSession` and never commits."""

from storage.repos_accounts import (
    SqlChatLinkRepository,
    SqlContractRepository,
    SqlTwoFactorRepository,
    SqlUserRepository,
)
from storage.repos_codes import (
    SqlChallengeRepository,
    SqlConversationRepository,
    SqlLinkTokenRepository,
    SqlLockoutRepository,
    SqlSendLog,
)
from storage.repos_logins import SqlChatOutbox, SqlDeviceRepository, SqlLoginRepository
from storage.repos_records import SqlAuditLog, SqlOutbox
from storage.repos_requests import SqlRequestRepository
from storage.repos_support import SqlTicketRepository
from storage.repos_updates import SqlProcessedUpdates

__all__ = [
    "SqlAuditLog",
    "SqlChallengeRepository",
    "SqlChatLinkRepository",
    "SqlChatOutbox",
    "SqlContractRepository",
    "SqlConversationRepository",
    "SqlDeviceRepository",
    "SqlLinkTokenRepository",
    "SqlLockoutRepository",
    "SqlLoginRepository",
    "SqlOutbox",
    "SqlProcessedUpdates",
    "SqlRequestRepository",
    "SqlSendLog",
    "SqlTicketRepository",
    "SqlTwoFactorRepository",
    "SqlUserRepository",
]
