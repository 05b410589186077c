"""`twofa`: the command line of every process (chat, bot, schema and administration)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from app import audit_export, commands_keys, demo_site_command, faq_cli, logs
from app.settings import ConfigurationError, Settings
from domain.core.errors import DomainError
from domain.wording.i18n import LANGUAGES


def _notice_id(text: str) -> int:
    """An outbox id: ASCII digits within 63 bits, as the database numbers them."""
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) < 2**63:
        raise argparse.ArgumentTypeError(f"{text!r} is not a notice id (a positive whole number)")
    return int(text)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="twofa", description="twofa-assistant: 2FA enrolment assistant")
    sub = top.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="the Telegram bot when TWOFA_TELEGRAM_TOKEN is set, else the terminal chat")
    sub.add_parser(
        "serve",
        help="a worker on TWOFA_HTTP_HOST:TWOFA_HTTP_PORT: the HTTP API (keys from `twofa keys add`) and, "
        "with TWOFA_WEBHOOK_URL, the Telegram webhook",
    )
    chat = sub.add_parser("chat", help="the terminal chat (offline)")
    chat.add_argument("--as", dest="chat_id", default="local", help="terminal chat name (default: local)")
    chat.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="the language the chat speaks (default: as chosen before)",
    )

    db = sub.add_parser("db", help="database schema").add_subparsers(dest="action", required=True)
    db.add_parser("upgrade", help="create or upgrade the schema")

    contracts = sub.add_parser("contracts", help="contracts").add_subparsers(dest="action", required=True)
    contracts.add_parser("add", help="add a contract").add_argument("name")
    contracts.add_parser("list", help="list contracts")

    users = sub.add_parser("users", help="users").add_subparsers(dest="action", required=True)
    add = users.add_parser("add", help="add a user")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--contract", required=True)
    add.add_argument("--manager", action="store_true", help="an account manager of the contract")
    listing = users.add_parser("list", help="list users")
    listing.add_argument("--contract")
    users.add_parser("import", help="import users from a CSV (email,name,contract[,role])").add_argument(
        "file"
    )
    users.add_parser("link", help="print a one-time deep link that links a chat").add_argument("email")

    faq_cli.add_parser(sub)

    outbox = sub.add_parser("outbox", help="notices waiting to be emailed").add_subparsers(
        dest="action", required=True
    )
    outbox.add_parser("status", help="pending, sent and failed notices")
    retry = outbox.add_parser("retry", help="send failed notices again (they become pending, audited)")
    which = retry.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", dest="ids", type=_notice_id, action="append", help="a failed notice's id")
    which.add_argument("--all-failed", action="store_true", help="every failed notice")
    audit_export.add_parser(sub)
    commands_keys.add_parser(sub)
    demo_site_command.add_parser(sub)
    return top


def one_line(error: BaseException) -> str:
    """The first line of an error's text (never a statement or its values), or its type when empty."""
    first = next((line.strip() for line in str(error).splitlines() if line.strip()), "")
    return first.split("[SQL:")[0].strip()[:200] or type(error).__name__


def storage_problem(error: SQLAlchemyError) -> str:
    """One line for a storage failure, from the driver's own error when SQLAlchemy wraps one."""
    return f"the database could not be used: {one_line(getattr(error, 'orig', None) or error)}"


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, load the settings once, run the command; domain refusals print a clear error."""
    args = parser().parse_args(argv)
    if args.command == "faq":  # needs no settings, database or key: it must start fast, anywhere
        return faq_cli.run(args)
    if args.command == "demo-site" and (args.api_url or args.api_key):  # a client of another API only
        return demo_site_command.run_client(args)
    try:
        settings = Settings()
    except ValidationError as error:
        print(f"error: invalid settings:\n{error}", file=sys.stderr)
        return 2
    logs.configure(settings.log_level)
    try:
        from app import commands  # the bot, the database and the API: imported only when needed

        return asyncio.run(commands.dispatch(settings, args))
    except (ConfigurationError, DomainError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:  # the database refused, dropped or stayed locked
        print(f"error: {storage_problem(error)}", file=sys.stderr)
        return 1
    except OSError as error:  # e.g. PostgreSQL's port refused, a host not found, a port already taken
        print(f"error: {one_line(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
