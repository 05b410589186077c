"""`twofa audit` on a real SQLite database: the trail as CSV and JSON, its filters, and clear errors."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from app.cli import main
from app.settings import Settings
from app.wiring import build_services
from domain.accounts.managers import NotAllowed, authorize, disable_for
from domain.core.model import AuditEvent, AuditKind, Method, TwoFactorSetting, User
from domain.core.ports import UnitOfWork
from tests.support.cli import run

pytestmark = pytest.mark.usefixtures("cli_database", "restore_logging")

HEADER = ["at", "kind", "user_email", "actor", "chat_id", "detail"]
LONG_AGO = datetime(2020, 1, 1, 12, 0, tzinfo=UTC)


def refused_by_argparse(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Arguments argparse refuses exit 2 before anything runs; returns what it printed."""
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def csv_rows(out: str) -> list[dict[str, str]]:
    lines = list(csv.reader(io.StringIO(out)))
    assert lines[0] == HEADER
    return [dict(zip(HEADER, line, strict=True)) for line in lines[1:]]


def json_rows(out: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(out)
    assert all(list(row) == HEADER for row in rows)
    return rows


def in_unit_of_work(work: Callable[[UnitOfWork], Awaitable[None]]) -> None:
    """Run `work` in one committed unit of work on the CLI's database (as another process would)."""

    async def go() -> None:
        services = await build_services(Settings(), stream=None)
        try:
            async with services.uow_factory() as uow:
                await work(uow)
                await uow.commit()
        finally:
            await services.aclose()

    asyncio.run(go())


def add_people(capsys: pytest.CaptureFixture[str]) -> None:
    """Acme: ann (member), max (manager); Globex: gus (manager). All by the CLI, each audited."""
    for contract in ("Acme", "Globex"):
        assert run(capsys, "contracts", "add", contract)[0] == 0
    for email, name, contract, *manager in (
        ("ann@example.com", "Ann", "Acme"),
        ("max@example.com", "Max", "Acme", "--manager"),
        ("gus@globex.example", "Gus", "Globex", "--manager"),
    ):
        args = ("users", "add", "--email", email, "--name", name, "--contract", contract, *manager)
        assert run(capsys, *args)[0] == 0


async def user(uow: UnitOfWork, email: str) -> User:
    found = await uow.users.get_by_email(email)
    assert found is not None
    return found


async def manager_actions(uow: UnitOfWork) -> None:
    """max turns ann's 2FA off; gus (of Globex) tries to act on Acme and is refused."""
    ann, max_ = await user(uow, "ann@example.com"), await user(uow, "max@example.com")
    gus = await user(uow, "gus@globex.example")
    now = datetime.now(UTC)
    await uow.two_factor.save(TwoFactorSetting(ann.key, Method.SMS, "+447400123456", now))
    await disable_for(uow, max_, ann.contract_id, ann.key, "Lost their phone", via="api", now=now)
    with pytest.raises(NotAllowed):
        await authorize(uow, gus, ann.contract_id, "disable", now)


def test_cli_actions_are_exported_as_csv_with_detail_as_compact_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_people(capsys)
    code, out, err = run(capsys, "audit")
    assert (code, err) == (0, "")
    rows = csv_rows(out)
    assert [(r["kind"], r["user_email"], r["actor"]) for r in rows] == [
        ("contract_added", "", "cli"),
        ("contract_added", "", "cli"),
        ("user_added", "ann@example.com", "cli"),
        ("user_added", "max@example.com", "cli"),
        ("user_added", "gus@globex.example", "cli"),
    ]
    assert rows[0]["detail"] == '{"name":"Acme"}' and rows[3]["detail"] == '{"role":"account_manager"}'
    at = datetime.fromisoformat(rows[0]["at"])
    assert rows[0]["at"].endswith("Z") and abs((datetime.now(UTC) - at).total_seconds()) < 60


def test_json_is_an_array_of_objects_with_the_same_keys_and_detail_as_an_object(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_people(capsys)
    in_unit_of_work(manager_actions)
    code, out, _ = run(capsys, "audit", "--format", "json")
    rows = json_rows(out)
    assert code == 0 and rows[0]["user_email"] is None and rows[0]["chat_id"] is None
    [disabled] = [r for r in rows if r["kind"] == "manager_disabled"]
    assert disabled["user_email"] == "max@example.com" and disabled["detail"]["reason"] == "Lost their phone"
    assert disabled["at"].endswith("Z")
    assert run(capsys, "audit", "--format", "json", "--since", "2999-01-01")[1] == "[]\n"


def test_a_contract_keeps_its_users_events_and_the_actions_aimed_at_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_people(capsys)
    in_unit_of_work(manager_actions)
    rows = csv_rows(run(capsys, "audit", "--contract", "Acme")[1])
    assert [(r["kind"], r["user_email"]) for r in rows] == [
        ("user_added", "ann@example.com"),
        ("user_added", "max@example.com"),
        ("twofa_disabled", "ann@example.com"),
        ("manager_disabled", "max@example.com"),
        ("manager_refused", "gus@globex.example"),  # Globex's manager, aimed at Acme
    ]
    globex = csv_rows(run(capsys, "audit", "--contract", "Globex")[1])
    assert [(r["kind"], r["user_email"]) for r in globex] == [
        ("user_added", "gus@globex.example"),
        ("manager_refused", "gus@globex.example"),
    ]


def test_user_and_since_narrow_the_trail(capsys: pytest.CaptureFixture[str]) -> None:
    add_people(capsys)

    async def old_events(uow: UnitOfWork) -> None:
        ann = await user(uow, "ann@example.com")
        await uow.audit.add(AuditEvent(LONG_AGO, AuditKind.CHAT_LINKED, ann.key, "tg:1001", "chat:tg:1001"))

    in_unit_of_work(old_events)
    in_unit_of_work(manager_actions)
    rows = csv_rows(run(capsys, "audit", "--user", "ANN@example.com")[1])
    assert [r["kind"] for r in rows] == ["chat_linked", "user_added", "twofa_disabled"]
    assert rows[0]["at"] == "2020-01-01T12:00:00Z" and rows[0]["chat_id"] == "tg:1001"
    for since, kept in (
        ("2020-01-01", 3),  # a date is midnight UTC
        ("2020-01-01T12:00:00", 3),  # naive is UTC, and since is inclusive
        ("2020-01-01T12:00:01Z", 2),
        ("2020-01-01T13:00:00+02:00", 3),  # 11:00 UTC
        ("2999-01-01", 0),
    ):
        out = run(capsys, "audit", "--user", "ann@example.com", "--since", since)[1]
        assert len(csv_rows(out)) == kept, since
    assert len(csv_rows(run(capsys, "audit", "--since", "2021-01-01")[1])) == 8  # all but the old one


def test_unknown_filters_and_bad_arguments_get_a_clear_error_and_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    add_people(capsys)
    code, out, err = run(capsys, "audit", "--contract", "Nope")
    assert (code, out) == (2, "") and "error: no contract named 'Nope'" in err
    code, out, err = run(capsys, "audit", "--user", "nobody@example.com")
    assert (code, out) == (2, "") and "error: no user with the email nobody@example.com" in err
    code, _, err = run(capsys, "audit", "--contract", "Globex", "--user", "ann@example.com")
    assert code == 2 and "ann@example.com is not a user of the contract 'Globex'" in err
    for bad in ("\ud800@example.com", "ann\x00@example.com"):  # what argv can carry: refused, not a crash
        code, out, err = run(capsys, "audit", "--user", bad)
        assert (code, out) == (2, "") and "error: user" in err
    code, out, err = run(capsys, "audit", "--contract", "Glo\x00bex")
    assert (code, out) == (2, "") and "error: contract" in err
    err = refused_by_argparse(capsys, "audit", "--since", "last tuesday")
    assert "argument --since: 'last tuesday' is not an ISO 8601 date or date-time" in err
    assert "2026-11-27T09:00:00Z" in err
    assert "argument --since" in refused_by_argparse(capsys, "audit", "--since", "2026-13-01")
    assert "invalid choice: 'xml'" in refused_by_argparse(capsys, "audit", "--format", "xml")


def test_the_export_holds_no_deep_link_token(capsys: pytest.CaptureFixture[str]) -> None:
    add_people(capsys)
    link = run(capsys, "users", "link", "ann@example.com")[1].splitlines()[0]
    token = link.split("start=")[1]
    for output_format in ("csv", "json"):
        code, out, _ = run(capsys, "audit", "--format", output_format)
        assert code == 0 and "link_token_created" in out and token not in out
