"""`twofa db upgrade` from the release before the authenticator app and recovery codes (revision 0009)
keeps every user's 2FA, on SQLite and PostgreSQL: the same settings, and sign-ins still ask for them."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

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
    async with engine.begin() as connection:  # what that release wrote, in its own columns
        await connection.execute(text("INSERT INTO contracts (id, name) VALUES (1, 'Acme')"))
        for number, (email, method, destination) in enumerate(USERS, start=1):
            await connection.execute(
                text(
                    "INSERT INTO users (id, contract_id, name, email, role) "
                    "VALUES (:id, 1, :name, :email, :role)"
                ),
                {"id": number, "name": email.split("@")[0], "email": email, "role": Role.MEMBER.value},
            )
            if destination is not None:
                await connection.execute(
                    text(
                        "INSERT INTO two_factor_settings (user_id, method, destination, verified_at) "
                        "VALUES (:id, :method, :destination, :at)"
                    ),
                    {"id": number, "method": method.value, "destination": destination, "at": EPOCH},
                )
    await upgrade(engine)

    after = await settings(engine)
    assert {email: s.verified_at for email, s in after.items() if s.method is not Method.NONE} == {
        email: EPOCH for email, method, _ in USERS if method is not Method.NONE
    }
    assert {email: (s.method, s.destination) for email, s in after.items()} == {
        email: (method, destination) for email, method, destination in USERS
    }
    async with SqlUnitOfWorkFactory(engine)() as uow:
        for email, _, _ in USERS:
            found = await uow.users.get_by_email(email)
            assert found is not None
            assert await uow.app_secrets.get(found.key, active=True) is None
