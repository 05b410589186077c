"""What each `twofa` command does, on services built by the one wiring function."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import csv
import logging
import signal
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path

from telegram import Bot
from telegram.error import TelegramError

from api.app import has_active_keys
from app import audit_export, commands_keys, demo_site_command
from app.http_api import refuse_api_tokens, start_http_api
from app.settings import DEFAULT_TELEGRAM_API, ConfigurationError, Settings
from app.wiring import Services, build_services
from app.worker import run_worker
from bot.chat_outbox import ChatOutboxDispatcher
from bot.telegram import TelegramFrontEnd, run_polling, telegram_delivery
from bot.terminal import TerminalChat
from bot.update_log import PRUNE_INTERVAL_SECONDS, UpdateLogPruner
from domain.accounts import admin
from domain.accounts.linking import create_link_token
from domain.core.destinations import normalise_email
from domain.core.errors import NotFound
from domain.core.inputs import InvalidInput, checked_text
from domain.core.model import AuditEvent, AuditKind, Role

log = logging.getLogger(__name__)
NAME_LIMIT = 200  # a contract's or a person's name
EMAIL_LIMIT = 320  # RFC 5321: 64 + @ + 255


# Long-running processes keep the storage default; a command that no one else waits on waits longer for
# an SQLite file another process is writing (`TWOFA_CLI_BUSY_TIMEOUT_SECONDS`).
_PROCESSES = frozenset({"run", "serve", "chat", "demo-site"})


async def dispatch(settings: Settings, args: argparse.Namespace) -> int:
    waits = None if args.command in _PROCESSES else settings.cli_busy_timeout_seconds
    services = await build_services(settings, busy_timeout=waits)
    try:
        if args.command == "db":
            print("database schema is up to date")
            return 0
        handler = _HANDLERS[(args.command, getattr(args, "action", None))]
        return await handler(services, args)
    finally:
        await services.aclose()


@contextlib.asynccontextmanager
async def _api_beside(services: Services) -> AsyncIterator[None]:
    """The HTTP API in the background of `twofa run`, when an unrevoked API key exists at start."""
    refuse_api_tokens(services.settings)
    if not await has_active_keys(services):
        yield
        return
    runner = await start_http_api(services)
    try:
        yield
    finally:
        await runner.cleanup()


async def _run(services: Services, args: argparse.Namespace) -> int:
    async with _api_beside(services):
        return await _run_front_end(services)


async def _serve(services: Services, args: argparse.Namespace) -> int:
    await run_worker(services, _stop_on_signals())
    return 0


async def _run_front_end(services: Services) -> int:
    token = services.settings.telegram_token
    if token is None:
        return await _chat(services, argparse.Namespace(chat_id="local", lang=None))
    if services.settings.webhook_url:
        # starting to poll deletes the webhook: the workers would silently stop hearing anything
        raise ConfigurationError(
            "TWOFA_WEBHOOK_URL is set, so the bot runs as webhook workers (`twofa serve`); unset it to poll"
        )
    stop = _stop_on_signals()
    front_end = TelegramFrontEnd(services.assistant)
    application = front_end.build(token.get_secret_value(), services.settings.telegram_api_url)
    interval = services.settings.outbox_interval_seconds
    alerts = ChatOutboxDispatcher(services.uow_factory, services.clock, "tg:", telegram_delivery(application))
    background = [
        asyncio.create_task(services.dispatcher.run_forever(interval, stop)),
        asyncio.create_task(alerts.run_forever(1.0, stop)),
        asyncio.create_task(
            UpdateLogPruner(services.uow_factory, services.clock).run_forever(PRUNE_INTERVAL_SECONDS, stop)
        ),
    ]
    log.info("Telegram bot polling; notices go out every %.1f s", interval)
    try:
        await run_polling(application, stop)
    finally:
        stop.set()
        await asyncio.gather(*background)
    return 0


async def _chat(services: Services, args: argparse.Namespace) -> int:
    async with services.uow_factory() as uow:
        demo = await admin.seed_demo(uow, services.clock.now())
        await uow.commit()
    lines = ["twofa-assistant terminal chat. Type /help for commands, /quit to leave."]
    if demo is not None:
        lines.append(f"Seeded a demo contract '{admin.DEMO_CONTRACT}' on this new database:")
        lines += [f"  {user.email:<22} {user.name} ({user.role.value.replace('_', ' ')})" for user in demo]
    lines.append(
        f"Email and SMS are not sent: they are shown here and saved in {services.settings.outbox_dir}/."
    )
    logging.getLogger("gateways").setLevel(logging.WARNING)  # the chat shows each message itself
    chat_id = f"term:{args.chat_id}"

    async def after_step() -> None:  # show notices and alerts as soon as the step that made them commits
        await services.dispatcher.run_once()
        await alerts.run_once()

    chat = TerminalChat(
        services.assistant,
        chat_id=chat_id,
        read_line=StdinLines(),
        after_step=after_step,
        language=getattr(args, "lang", None),
    )
    alerts = ChatOutboxDispatcher(services.uow_factory, services.clock, chat_id, chat.deliver)
    stop = asyncio.Event()
    watcher = asyncio.create_task(alerts.run_forever(1.0, stop))  # login alerts arrive while you type
    try:
        await chat.run("\n".join(lines))
    finally:
        stop.set()
        await watcher
    return 0


class StdinLines:
    """Reads standard input on a daemon thread, so Ctrl-C or the end of the chat never waits for Enter."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[str | None] | None = None

    async def __call__(self) -> str | None:
        if self._queue is None:
            self._queue = asyncio.Queue()
            loop, queue = asyncio.get_running_loop(), self._queue
            threading.Thread(target=self._pump, args=(loop, queue), daemon=True).start()
        if sys.stdin.isatty():
            print("you> ", end="", flush=True)
        return await self._queue.get()

    @staticmethod
    def _pump(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None]) -> None:
        def put(line: str | None) -> None:
            with contextlib.suppress(RuntimeError):  # the loop may have closed first
                loop.call_soon_threadsafe(queue.put_nowait, line)

        for line in sys.stdin:
            put(line.rstrip("\n"))
        put(None)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def _contracts_add(services: Services, args: argparse.Namespace) -> int:
    name = checked_text(args.name, "name", NAME_LIMIT)  # a bad value exits 2 with the reason
    async with services.uow_factory() as uow:
        contract = await admin.add_contract(uow, name, services.clock.now())
        await uow.commit()
    print(f"added contract {contract.id}: {contract.name}")
    return 0


async def _contracts_list(services: Services, args: argparse.Namespace) -> int:
    async with services.uow_factory() as uow:
        for contract in await uow.contracts.list():
            print(f"{contract.id}\t{contract.name}")
    return 0


async def _users_add(services: Services, args: argparse.Namespace) -> int:
    role = Role.ACCOUNT_MANAGER if args.manager else Role.MEMBER
    email = checked_text(args.email, "email", EMAIL_LIMIT)
    name = checked_text(args.name, "name", NAME_LIMIT)
    contract = checked_text(args.contract, "contract", NAME_LIMIT)
    async with services.uow_factory() as uow:
        user = await admin.add_user(uow, email, name, contract, role, services.clock.now())
        await uow.commit()
    print(f"added user {user.id}: {user.name} <{user.email}> ({role.value})")
    return 0


async def _users_list(services: Services, args: argparse.Namespace) -> int:
    async with services.uow_factory() as uow:
        contract_id = None
        if args.contract:
            contract = await uow.contracts.get_by_name(checked_text(args.contract, "contract", NAME_LIMIT))
            if contract is None:
                raise NotFound(f"no contract named {args.contract!r}")
            contract_id = contract.id
        contracts = {c.id: c.name for c in await uow.contracts.list()}
        print("id\temail\tname\trole\tcontract\t2fa")
        for user in await uow.users.list(contract_id):
            setting = await uow.two_factor.get(user.key)
            print(
                f"{user.id}\t{user.email}\t{user.name}\t{user.role.value}\t"
                f"{contracts.get(user.contract_id, '?')}\t{setting.method.value}"
            )
    return 0


def _read_user_rows(path: Path) -> list[admin.UserRow]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = {"email", "name", "contract"} - set(reader.fieldnames or [])
        if missing:
            raise admin.ImportRefused(1, f"the header lacks {', '.join(sorted(missing))}")
        return [_user_row(number, r) for number, r in enumerate(reader, start=2)]


def _user_row(number: int, row: dict[str, str | None]) -> admin.UserRow:
    """One CSV row as a `UserRow`; a value that cannot be stored refuses the import, naming the row."""
    limits = {"email": EMAIL_LIMIT, "name": NAME_LIMIT, "contract": NAME_LIMIT, "role": NAME_LIMIT}
    try:
        values = {field: checked_text(row.get(field) or "", field, limit) for field, limit in limits.items()}
    except InvalidInput as error:
        raise admin.ImportRefused(number, str(error)) from None
    return admin.UserRow(values["email"], values["name"], values["contract"], values["role"] or "member")


async def _users_import(services: Services, args: argparse.Namespace) -> int:
    path = Path(args.file)
    try:
        rows = await asyncio.to_thread(_read_user_rows, path)
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        print(f"error: cannot read {path}: {error}", file=sys.stderr)
        return 2
    async with services.uow_factory() as uow:
        added = await admin.import_users(uow, rows, services.clock.now())
        await uow.commit()
    print(f"imported {len(added)} users from {path}")
    return 0


async def _users_link(services: Services, args: argparse.Namespace) -> int:
    settings = services.settings
    async with services.uow_factory() as uow:
        user = await uow.users.get_by_email(normalise_email(checked_text(args.email, "email", EMAIL_LIMIT)))
        if user is None:
            raise NotFound(f"no user with the email {args.email}")
        now = services.clock.now()
        lifetime = settings.otp_policy().link_token_lifetime
        token = await create_link_token(uow, user, services.tokens, services.server_key, now, lifetime)
        await uow.commit()
    username = await _bot_username(settings)
    minutes = int(lifetime.total_seconds() // 60)
    print(f"https://t.me/{username}?start={token}")
    print(f"Single use, valid for {minutes} minutes. In the terminal chat, type: /start {token}")
    return 0


async def _bot_username(settings: Settings) -> str:
    """The bot's username from Telegram when a token is set, else TWOFA_BOT_USERNAME."""
    if settings.telegram_token is None:
        return settings.bot_username
    try:
        bot = Bot(
            settings.telegram_token.get_secret_value(),
            base_url=settings.telegram_api_url or DEFAULT_TELEGRAM_API,
        )
        async with bot:
            return bot.username
    except TelegramError as error:
        log.warning("could not ask Telegram for the bot's name: %s", error)
        return settings.bot_username


async def _outbox_status(services: Services, args: argparse.Namespace) -> int:
    async with services.uow_factory() as uow:
        counts = await uow.outbox.counts()
    for status, count in sorted(counts.items()):
        print(f"{status.value}\t{count}")
    return 0


async def _outbox_retry(services: Services, args: argparse.Namespace) -> int:
    """Failed notices back to pending (all, or the ids given), audited; an id not failed exits 2."""
    wanted: list[int] | None = None if args.all_failed else sorted(set(args.ids))
    async with services.uow_factory() as uow:
        now = services.clock.now()
        retried = await uow.outbox.retry_failed(now, wanted)
        if wanted is not None and len(retried) < len(wanted):
            missing = ", ".join(str(n) for n in wanted if n not in retried)
            print(
                f"error: no failed notice with id {missing} (unknown, pending or already sent); "
                "nothing was changed",
                file=sys.stderr,
            )
            return 2  # leaving without commit: the others stay failed too
        if retried:
            detail: dict[str, object] = {"ids": retried, "count": len(retried)}
            await uow.audit.add(AuditEvent(at=now, kind=AuditKind.OUTBOX_RETRIED, actor="cli", detail=detail))
        await uow.commit()
    if not retried:
        print("no failed notices")
        return 0
    ids = ", ".join(str(n) for n in retried)
    print(f"{len(retried)} failed notice(s) queued again: {ids}")
    return 0


_HANDLERS = {
    ("run", None): _run,
    ("serve", None): _serve,
    ("chat", None): _chat,
    ("contracts", "add"): _contracts_add,
    ("contracts", "list"): _contracts_list,
    ("users", "add"): _users_add,
    ("users", "list"): _users_list,
    ("users", "import"): _users_import,
    ("users", "link"): _users_link,
    ("outbox", "status"): _outbox_status,
    ("outbox", "retry"): _outbox_retry,
    ("audit", None): audit_export.export,
    ("keys", "add"): commands_keys.add,
    ("keys", "list"): commands_keys.list_keys,
    ("keys", "revoke"): commands_keys.revoke,
    ("demo-site", None): demo_site_command.with_api,
}
