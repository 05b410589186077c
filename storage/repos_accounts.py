"""SQL repositories for accounts: contracts, users, their 2FA setting and the chats linked to them."""

from __future__ import annotations

import builtins

from sqlmodel import col, delete, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.core.errors import NotFound
from domain.core.model import ChatLink, Contract, Method, Role, TwoFactorSetting, User
from storage.repos_base import insert, upsert
from storage.tables import ChatLinkRow, ContractRow, TwoFactorRow, UserRow


def _contract(row: ContractRow) -> Contract:
    return Contract(id=row.id, name=row.name)


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        contract_id=row.contract_id,
        name=row.name,
        email=row.email,
        role=Role(row.role),
        language=row.language,
    )


class SqlContractRepository:
    """Contracts; names are unique."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, contract: Contract) -> Contract:
        """Insert the contract and return it with its new id; a taken name raises `Duplicate`."""
        row = ContractRow(name=contract.name)
        await insert(self._session, row, f"a contract named {contract.name!r} exists already")
        return _contract(row)

    async def get(self, contract_id: int) -> Contract | None:
        row = await self._session.get(ContractRow, contract_id)
        return None if row is None else _contract(row)

    async def get_by_name(self, name: str) -> Contract | None:
        row = (await self._session.exec(select(ContractRow).where(ContractRow.name == name))).first()
        return None if row is None else _contract(row)

    async def list(self) -> builtins.list[Contract]:
        """Every contract, oldest (lowest id) first."""
        rows = await self._session.exec(select(ContractRow).order_by(col(ContractRow.id)))
        return [_contract(row) for row in rows]


class SqlUserRepository:
    """Users; registered emails are unique and looked up without regard to case.

    Rows read are kept for the unit of work, so reading a user again (the chat's user, then the same
    user as a challenge's owner) is answered from the session's identity map, not by another SELECT.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._seen: builtins.list[UserRow] = []

    async def add(self, user: User) -> User:
        """Insert the user and return it with its new id; a taken email raises `Duplicate`."""
        if await self._session.get(ContractRow, user.contract_id) is None:
            raise NotFound(f"contract {user.contract_id} does not exist")
        row = UserRow(
            contract_id=user.contract_id,
            name=user.name,
            email=user.email,
            role=user.role.value,
            language=user.language,
        )
        await insert(self._session, row, f"a user with email {user.email!r} exists already")
        return _user(row)

    async def get(self, user_id: int) -> User | None:
        row = await self._session.get(UserRow, user_id)
        return None if row is None else self._kept(row)

    async def get_by_email(self, email: str) -> User | None:
        query = select(UserRow).where(func.lower(UserRow.email) == email.lower()).order_by(col(UserRow.id))
        row = (await self._session.exec(query)).first()
        return None if row is None else self._kept(row)

    async def set_language(self, user_id: int, language: str) -> None:
        row = await self._session.get(UserRow, user_id)
        if row is not None:
            row.language = language

    def _kept(self, row: UserRow) -> User:
        self._seen.append(row)
        return _user(row)

    async def list(self, contract_id: int | None = None) -> builtins.list[User]:
        """Users (of one contract, if given), oldest (lowest id) first."""
        query = select(UserRow).order_by(col(UserRow.id))
        if contract_id is not None:
            query = query.where(UserRow.contract_id == contract_id)
        return [_user(row) for row in await self._session.exec(query)]


class SqlTwoFactorRepository:
    """Each user's 2FA setting; a user without a row has method NONE."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> TwoFactorSetting:
        row = await self._session.get(TwoFactorRow, user_id, populate_existing=True)
        if row is None:
            return TwoFactorSetting(user_id)
        return TwoFactorSetting(
            user_id=row.user_id,
            method=Method(row.method),
            destination=row.destination,
            verified_at=row.verified_at,
        )

    async def save(self, setting: TwoFactorSetting) -> None:
        await upsert(
            self._session,
            TwoFactorRow,
            "user_id",
            {
                "user_id": setting.user_id,
                "method": setting.method.value,
                "destination": setting.destination,
                "verified_at": setting.verified_at,
            },
        )


def _link(row: ChatLinkRow) -> ChatLink:
    return ChatLink(chat_id=row.chat_id, user_id=row.user_id, linked_at=row.linked_at)


class SqlChatLinkRepository:
    """Which user each chat acts for; saving a chat's link again moves it."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, chat_id: str) -> ChatLink | None:
        row = await self._session.get(ChatLinkRow, chat_id, populate_existing=True)
        return None if row is None else _link(row)

    async def for_user(self, user_id: int) -> list[ChatLink]:
        """The user's chats, earliest linked first."""
        query = (
            select(ChatLinkRow)
            .where(ChatLinkRow.user_id == user_id)
            .order_by(col(ChatLinkRow.linked_at), col(ChatLinkRow.chat_id))
            .execution_options(populate_existing=True)
        )
        return [_link(row) for row in await self._session.exec(query)]

    async def save(self, link: ChatLink) -> None:
        values = {"chat_id": link.chat_id, "user_id": link.user_id, "linked_at": link.linked_at}
        await upsert(self._session, ChatLinkRow, "chat_id", values)

    async def delete(self, chat_id: str) -> None:
        """Unlink the chat; unlinking a chat that is not linked does nothing."""
        await self._session.exec(delete(ChatLinkRow).where(col(ChatLinkRow.chat_id) == chat_id))
