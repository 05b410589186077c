"""`twofa audit`: the audit trail on standard output as CSV or JSON, filtered by contract, user and time.

It exports what the audit log stores, which never holds a code, a token or a full phone number.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the CLI parser imports this module; keep start-up light
    from app.wiring import Services
from domain.core.destinations import email_key
from domain.core.errors import NotFound
from domain.core.inputs import checked_text
from domain.core.model import AuditEvent
from domain.core.ports import UnitOfWork

NAME_LIMIT, EMAIL_LIMIT = 200, 320  # as `twofa users add` takes them
COLUMNS = ("at", "kind", "user_email", "actor", "chat_id", "detail")
FORMATS = ("csv", "json")


def since_argument(text: str) -> datetime:
    """`--since`: an ISO 8601 date or date-time, naive read as UTC (argparse turns a refusal into exit 2)."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 date or date-time (e.g. 2026-11-27 or 2026-11-27T09:00:00Z)"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`twofa audit [--contract C] [--user E] [--since WHEN] [--format csv|json]`."""
    audit = sub.add_parser("audit", help="export the audit trail (CSV or JSON on standard output)")
    audit.add_argument("--contract", help="events of this contract's users, and actions aimed at it")
    audit.add_argument("--user", help="events of the user with this registered email")
    audit.add_argument(
        "--since", type=since_argument, help="events at or after this ISO date or date-time (naive: UTC)"
    )
    audit.add_argument("--format", choices=FORMATS, default="csv", help="output format (default: csv)")


async def select_events(
    uow: UnitOfWork, contract_name: str | None, user_email: str | None, since: datetime | None
) -> list[AuditEvent]:
    """The events the filters keep, oldest first; an unknown contract or user raises `NotFound`."""
    contract_id = None
    if contract_name is not None:
        checked_text(contract_name, "contract", NAME_LIMIT)  # argv may carry a NUL or a lone surrogate
        contract = await uow.contracts.get_by_name(" ".join(contract_name.split()))
        if contract is None or contract.id is None:
            raise NotFound(f"no contract named {contract_name!r} (see: twofa contracts list)")
        contract_id = contract.id
    if user_email is not None:
        checked_text(user_email, "user", EMAIL_LIMIT)
        user = await uow.users.get_by_email(email_key(user_email))
        if user is None:
            raise NotFound(f"no user with the email {user_email}")
        if contract_id is not None and user.contract_id != contract_id:
            raise NotFound(f"{user.email} is not a user of the contract {contract_name!r}")
        return await uow.audit.list(user_id=user.key, since=since)
    events = await uow.audit.list(since=since)
    if contract_id is None:
        return events
    members = {user.key for user in await uow.users.list(contract_id)}
    # a manager action aimed at the contract (a refused one included) names it in its detail
    return [e for e in events if e.user_id in members or e.detail.get("contract") == contract_id]


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with a `Z` (sub-second digits only when the event has them)."""
    if moment.tzinfo is None:  # the domain stores aware UTC; be safe with a naive value read back
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def records(events: Sequence[AuditEvent], emails: dict[int, str]) -> list[dict[str, Any]]:
    """One JSON-ready object per event, with the keys of `COLUMNS` (missing user or chat: null)."""
    return [
        {
            "at": iso_utc(event.at),
            "kind": event.kind.value,
            "user_email": None if event.user_id is None else emails.get(event.user_id),
            "actor": event.actor,
            "chat_id": event.chat_id,
            "detail": event.detail,
        }
        for event in events
    ]


def render(rows: list[dict[str, Any]], output_format: str) -> str:
    """`json`: an array of objects; `csv`: a header, then one line per event, `detail` as compact JSON."""
    if output_format == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        detail = json.dumps(row["detail"], separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        writer.writerow(
            [row["at"], row["kind"], row["user_email"] or "", row["actor"], row["chat_id"] or "", detail]
        )
    return buffer.getvalue()


async def export(services: Services, args: argparse.Namespace) -> int:
    """`twofa audit`: read in one unit of work (nothing is written), print once it all was read."""
    async with services.uow_factory() as uow:
        events = await select_events(uow, args.contract, args.user, args.since)
        emails = {user.key: user.email for user in await uow.users.list()}
    print(render(records(events, emails), args.format), end="")
    return 0
