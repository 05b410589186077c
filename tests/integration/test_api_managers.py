"""Account managers over the HTTP API (aiohttp's test client, real SQLite): turning 2FA off for their
contract's users with a manager key and the manager's own code, refusals audited, every answer checked
against the OpenAPI document. The security regressions are in tests/e2e/test_manager_api_confirmation.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pytest

from domain.accounts import admin
from domain.core.model import AuditEvent, AuditKind, Method, Role, TwoFactorSetting
from domain.core.repositories import OutboxItem
from tests.support.api import MANAGER_TOKEN, Answer, ApiClient, ApiWorld
from tests.support.fakes import EPOCH

DISABLE = "/v1/contracts/{}/two-factor/disable"
CONFIRM = "/v1/manager-actions/{}/confirm"
REASON = "Lost their phone"


@dataclass(frozen=True)
class Contracts:
    acme: int  # alice (SMS), bob (no 2FA), carol (manager, email 2FA)
    globex: int  # dave (manager), erin (email 2FA)


@pytest.fixture
async def contracts(world: ApiWorld) -> Contracts:
    async with world.services.uow_factory() as uow:
        globex = await admin.add_contract(uow, "Globex", EPOCH)
        await admin.add_user(uow, "dave@globex.example", "Dave", "Globex", Role.ACCOUNT_MANAGER, EPOCH)
        erin = await admin.add_user(uow, "erin@globex.example", "Erin", "Globex", Role.MEMBER, EPOCH)
        await uow.two_factor.save(TwoFactorSetting(erin.key, Method.EMAIL, "erin.2fa@example.net", EPOCH))
        acme = await uow.contracts.get_by_name("Acme")
        await uow.commit()
    assert acme is not None and acme.id is not None and globex.id is not None
    return Contracts(acme.id, globex.id)


async def methods(world: ApiWorld) -> dict[str, Method]:
    async with world.services.uow_factory() as uow:
        return {user.email: (await uow.two_factor.get(user.key)).method for user in await uow.users.list()}


async def events(world: ApiWorld, kind: AuditKind) -> list[AuditEvent]:
    async with world.services.uow_factory() as uow:
        return await uow.audit.list(kind=kind)


async def notices(world: ApiWorld) -> list[OutboxItem]:
    async with world.services.uow_factory() as uow:
        return await uow.outbox.due(world.clock.now(), 100)


async def ask(api: ApiClient, contract: int | str, body: Mapping[str, object]) -> Answer:
    return await api.post(DISABLE.format(contract), body, token=MANAGER_TOKEN)


async def disable(api: ApiClient, world: ApiWorld, contract: int, body: Mapping[str, object]) -> Answer:
    """Ask, then confirm with the code emailed to carol's 2FA address."""
    asked = await ask(api, contract, body)
    assert asked.status == 202, asked.body
    world.clock.advance(minutes=2)  # a later ask in the same test waits out the resend cooldown
    code = world.email.last_code()
    return await api.post(CONFIRM.format(asked.body["action_id"]), {"code": code}, token=MANAGER_TOKEN)


async def user_id(world: ApiWorld, email: str) -> int:
    async with world.services.uow_factory() as uow:
        user = await uow.users.get_by_email(email)
    assert user is not None
    return user.key


async def test_a_manager_turns_2fa_off_for_one_user_who_is_emailed_and_audited(
    api: ApiClient, world: ApiWorld, contracts: Contracts
) -> None:
    body = {"user_email": "Alice@Example.com", "reason": REASON, "manager_email": "carol@example.com"}
    answer = await disable(api, world, contracts.acme, body)
    assert (answer.status, answer.body) == (200, {"disabled": ["alice@example.com"], "count": 1})
    assert (await methods(world))["alice@example.com"] is Method.NONE
    assert (await methods(world))["carol@example.com"] is Method.EMAIL  # nobody else was touched
    [notice] = await notices(world)
    assert notice.email.to == "alice@example.com"  # the registered address, not a 2FA destination
    assert notice.email.subject == "Two-factor authentication was turned off"
    assert "by your account manager Carol" in notice.email.body
    alice, carol = await user_id(world, "alice@example.com"), await user_id(world, "carol@example.com")
    [turned_off] = await events(world, AuditKind.TWOFA_DISABLED)
    assert (turned_off.user_id, turned_off.actor) == (alice, f"manager:{carol}")
    [action] = await events(world, AuditKind.MANAGER_DISABLED)
    assert action.user_id == carol
    assert action.detail == {
        "contract": contracts.acme,
        "target": alice,
        "reason": REASON,
        "via": "api-key:acme-admin",
        "affected": [alice],
    }
    await world.services.dispatcher.run_once()
    assert [sent.to for sent in world.email.sent] == ["carol.2fa@example.net", "alice@example.com"]


async def test_the_notice_quotes_the_reason_and_invites_the_user_to_set_2fa_up_again(
    api: ApiClient, world: ApiWorld, contracts: Contracts
) -> None:
    body = {"user_email": "alice@example.com", "reason": REASON, "manager_email": "carol@example.com"}
    assert (await disable(api, world, contracts.acme, body)).status == 200
    [notice] = await notices(world)
    assert f"Reason given: {REASON}." in notice.email.body and "/enable" in notice.email.body


@pytest.mark.parametrize("everyone", [{}, {"user_email": None}, {"user_email": ""}])
async def test_without_user_email_every_user_with_2fa_has_it_turned_off(
    api: ApiClient, world: ApiWorld, contracts: Contracts, everyone: dict[str, None]
) -> None:
    body = {"reason": "Security review", "manager_email": "carol@example.com", **everyone}
    answer = await disable(api, world, contracts.acme, body)
    assert (answer.status, answer.body) == (
        200,
        {"disabled": ["alice@example.com"], "count": 1},  # bob had no 2FA; carol, acting, keeps hers
    )
    assert [n.email.to for n in await notices(world)] == ["alice@example.com"]
    assert len(await events(world, AuditKind.TWOFA_DISABLED)) == 1
    assert (await methods(world))["erin@globex.example"] is Method.EMAIL  # another contract: untouched
    assert (await methods(world))["carol@example.com"] is Method.EMAIL  # the acting manager's own: kept
    assert len(await events(world, AuditKind.MANAGER_DISABLED)) == 1


@pytest.mark.parametrize(
    ("manager", "who"),
    [
        ("bob@example.com", "a member"),
        ("dave@globex.example", "the manager of another contract"),
        ("nobody@example.com", "no user at all"),
    ],
)
async def test_anyone_but_a_manager_of_the_contract_is_refused_and_the_refusal_is_audited(
    api: ApiClient, world: ApiWorld, contracts: Contracts, manager: str, who: str
) -> None:
    for target in ({"user_email": "alice@example.com"}, {"user_email": "nobody@example.com"}, {}):
        body = {"reason": REASON, "manager_email": manager, **target}
        answer = await ask(api, contracts.acme, body)
        assert (answer.status, answer.body["error"]) == (403, "not_allowed"), who
    refusals = await events(world, AuditKind.MANAGER_REFUSED)
    assert len(refusals) == 3 and all(e.detail["contract"] == contracts.acme for e in refusals)
    assert {e.actor for e in refusals} == {"api-key:acme-admin"}
    expected = None if manager == "nobody@example.com" else await user_id(world, manager)
    assert {e.user_id for e in refusals} == {expected}
    assert (await methods(world))["alice@example.com"] is Method.SMS
    assert await notices(world) == [] and await events(world, AuditKind.MANAGER_DISABLED) == []
    assert world.email.sent == []  # no code went out


async def test_a_contract_the_key_does_not_name_is_403_and_an_id_that_is_no_number_is_400(
    api: ApiClient, contracts: Contracts
) -> None:
    body = {"reason": REASON, "manager_email": "carol@example.com"}
    for contract in ("9999", "0", "99999999999999999999999", str(contracts.globex)):
        answer = await ask(api, contract, body)
        assert (answer.status, answer.body["error"]) == (403, "not_allowed"), contract
    for contract in ("acme", "-1", "1.5"):
        answer = await ask(api, contract, body)
        assert (answer.status, answer.body["error"], answer.body["field"]) == (
            400,
            "invalid_request",
            "contract_id",
        )


async def test_a_user_outside_the_contract_is_404_and_nothing_changes(
    api: ApiClient, world: ApiWorld, contracts: Contracts
) -> None:
    for user in ("nobody@example.com", "erin@globex.example"):
        body = {"user_email": user, "reason": REASON, "manager_email": "carol@example.com"}
        answer = await ask(api, contracts.acme, body)
        assert (answer.status, answer.body["error"]) == (404, "unknown_user"), user
    assert (await methods(world))["erin@globex.example"] is Method.EMAIL
    assert await notices(world) == [] and await events(world, AuditKind.MANAGER_DISABLED) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"manager_email": "carol@example.com"}, "reason"),
        ({"reason": "   ", "manager_email": "carol@example.com"}, "reason"),
        ({"reason": "x" * 201, "manager_email": "carol@example.com"}, "reason"),
        ({"reason": REASON}, "manager_email"),
        ({"reason": REASON, "manager_email": "carol@example.com", "user_email": 7}, "user_email"),
    ],
)
async def test_a_missing_or_wrong_field_is_400_naming_it(
    api: ApiClient, world: ApiWorld, contracts: Contracts, body: dict[str, object], field: str
) -> None:
    answer = await ask(api, contracts.acme, body)
    assert (answer.status, answer.body["error"], answer.body["field"]) == (400, "invalid_request", field)
    assert (await methods(world))["alice@example.com"] is Method.SMS


async def test_a_reason_of_200_characters_is_accepted(
    api: ApiClient, world: ApiWorld, contracts: Contracts
) -> None:
    body = {"user_email": "alice@example.com", "reason": "x" * 200, "manager_email": "carol@example.com"}
    assert (await disable(api, world, contracts.acme, body)).status == 200


async def test_without_a_valid_api_key_it_is_401_and_nothing_changes(
    api: ApiClient, world: ApiWorld, contracts: Contracts
) -> None:
    body = {"user_email": "alice@example.com", "reason": REASON, "manager_email": "carol@example.com"}
    for token in ("not-the-token", None):
        answer = await api.post(DISABLE.format(contracts.acme), body, token=token)
        assert (answer.status, answer.body["error"]) == (401, "unauthorized")
    assert len(await events(world, AuditKind.API_UNAUTHORIZED)) == 2
    assert (await methods(world))["alice@example.com"] is Method.SMS
    assert await events(world, AuditKind.MANAGER_REFUSED) == []
