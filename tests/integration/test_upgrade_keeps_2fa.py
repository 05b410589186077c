"""`twofa db upgrade` from the release before the authenticator app and recovery codes (revision 0009)
keeps every user's 2FA, on SQLite and PostgreSQL: the same settings, and sign-ins still ask for them."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.accounts import admin
from domain.core.model import Method, Role, TwoFactorSetting
from storage.migrate import alembic_config, upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.support.fakes import EPOCH

RELEASED = "0009"  # the schema of the release before issue 15
USERS = [
    ("sms@example.com", Method.SMS, "+447400123456"),
    ("mail@example.com", Method.EMAIL, "mail.2fa@example.net"),
    ("none@example.com", Method.NONE, None),
]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> AsyncEngine:
    engine: AsyncEngine = request.getfixturevalue(f"{request.param}_engine")
    return engine


async def settings(engine: AsyncEngine) -> dict[str, TwoFactorSetting]:
    async with SqlUnitOfWorkFactory(engine)() as uow:
        found = {}
        for email, _, _ in USERS:
            user = await uow.users.get_by_email(email)
            assert user is not None
            found[email] = await uow.two_factor.get(user.key)
        return found


async def test_upgrading_from_the_last_release_keeps_every_users_2fa(engine: AsyncEngine) -> None:
    def to_release(connection: Connection) -> None:
        command.downgrade(alembic_config(connection), RELEASED)

    async with engine.begin() as connection:
        await connection.run_sync(to_release)
    async with SqlUnitOfWorkFactory(engine)() as uow:  # what that release wrote (its tables only)
        await admin.add_contract(uow, "Acme", EPOCH)
        for email, method, destination in USERS:
            user = await admin.add_user(uow, email, email.split("@")[0], "Acme", Role.MEMBER, EPOCH)
            if destination is not None:
                await uow.two_factor.save(TwoFactorSetting(user.key, method, destination, EPOCH))
        await uow.commit()
    before = await settings(engine)

    await upgrade(engine)

    after = await settings(engine)
    assert after == before
    assert {email: (s.method, s.destination) for email, s in after.items()} == {
        email: (method, destination) for email, method, destination in USERS
    }
    async with SqlUnitOfWorkFactory(engine)() as uow:
        for email, _, _ in USERS:
            found = await uow.users.get_by_email(email)
            assert found is not None
            assert await uow.app_secrets.get(found.key, active=True) is None
