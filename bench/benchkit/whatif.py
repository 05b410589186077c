"""What-if runs: a benchmark with candidate fixes patched in at start-up, to size them before anyone
changes the product. Nothing here is the product; the patches live only in the processes it starts.

    .venv/bin/python bench/benchkit/whatif.py CHANGES -- bench/engine.py --quick

CHANGES, comma-separated:
  pg-pool=N      PostgreSQL pool of N connections, no overflow (the product: 5 + 10 overflow)
  sqlite-serial  SQLite: one connection, units of work queued in order (no busy-wait on the file lock)
  fifo           units of work wait for a connection in arrival order (an asyncio.Semaphore per engine)
  no-pre-ping    no liveness round trip at each connection checkout
  single-lock    the conversation's advisory lock taken once per step, not again in `save`
  cached-upsert  INSERT ... ON CONFLICT statements built once per table, not at every call
  email-index    an index on lower(users.email), which `get_by_email` filters on
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

ENVIRONMENT = "TWOFA_BENCH_WHATIF"
SITE = Path(__file__).resolve().parent / "whatif_site"


def _engine_options(pg_pool: int | None, sqlite_serial: bool, pre_ping: bool) -> None:
    import storage.engine

    original = getattr(storage.engine, "create_async_engine")  # noqa: B009  (the name it calls)

    def create(url: Any, **options: Any) -> Any:
        if "postgresql" in str(url):
            options["pool_pre_ping"] = pre_ping
            if pg_pool:
                options |= {"pool_size": pg_pool, "max_overflow": 0}
        elif sqlite_serial:
            options |= {"pool_size": 1, "max_overflow": 0}
        return original(url, **options)

    setattr(storage.engine, "create_async_engine", create)  # noqa: B010


def _fifo(sqlite_serial: bool) -> None:
    import storage.uow

    gates: dict[int, asyncio.Semaphore] = {}
    base = storage.uow.SqlUnitOfWork

    class Gated(base):  # type: ignore[valid-type,misc]
        async def __aenter__(self) -> Any:
            engine = self._sessions.kw["bind"]
            size = 1 if engine.dialect.name == "sqlite" and sqlite_serial else engine.pool.size()
            self._gate = gates.setdefault(id(engine), asyncio.Semaphore(size))
            await self._gate.acquire()
            try:
                return await super().__aenter__()
            except BaseException:
                self._gate.release()
                raise

        async def __aexit__(
            self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
        ) -> None:
            try:
                await super().__aexit__(kind, error, trace)
            finally:
                self._gate.release()

    setattr(storage.uow, "SqlUnitOfWork", Gated)  # noqa: B010


def _single_lock() -> None:
    from storage.repos_codes import SqlConversationRepository

    original = SqlConversationRepository._lock

    async def lock_once(self: Any, chat_id: str) -> None:
        held: set[str] = self.__dict__.setdefault("_held", set())
        if chat_id not in held:  # an advisory xact lock lasts until the transaction ends
            await original(self, chat_id)
            held.add(chat_id)

    setattr(SqlConversationRepository, "_lock", lock_once)  # noqa: B010


def _cached_upsert() -> None:
    from sqlalchemy.dialects.postgresql import insert as pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    import storage.repos_base

    statements: dict[tuple[Any, ...], Any] = {}

    async def upsert(session: Any, model: Any, key: str, values: dict[str, Any]) -> None:
        dialect = session.get_bind().dialect.name
        shape = (dialect, model, key, tuple(values))
        statement = statements.get(shape)
        if statement is None:
            insert = (pg_insert if dialect == "postgresql" else sqlite_insert)(model)
            changes = {c: insert.excluded[c] for c in values if c != key}
            statement = statements[shape] = insert.on_conflict_do_update(index_elements=[key], set_=changes)
        await session.exec(statement, params=values)

    for name, module in list(sys.modules.items()):
        if name.startswith("storage.") and getattr(module, "upsert", None) is storage.repos_base.upsert:
            setattr(module, "upsert", upsert)  # noqa: B010
    setattr(storage.repos_base, "upsert", upsert)  # noqa: B010


def _email_index() -> None:
    import app.wiring

    original = getattr(app.wiring, "upgrade")  # noqa: B009  (the name the wiring function calls)

    async def upgrade(engine: Any) -> None:
        await original(engine)
        async with engine.begin() as connection:
            await connection.exec_driver_sql(
                "CREATE INDEX IF NOT EXISTS ix_users_email_lower ON users (lower(email))"
            )

    setattr(app.wiring, "upgrade", upgrade)  # noqa: B010


def apply(changes: list[str]) -> None:
    """Patch the named changes into this process."""
    names = {change.split("=")[0] for change in changes}
    unknown = names - set(CHANGES)
    if unknown:
        raise SystemExit(
            f"unknown what-if change(s): {', '.join(sorted(unknown))}; known: {', '.join(CHANGES)}"
        )
    pool = next((int(c.split("=")[1]) for c in changes if c.startswith("pg-pool=")), None)
    if {"pg-pool", "sqlite-serial", "no-pre-ping"} & names:
        _engine_options(pool, "sqlite-serial" in names, "no-pre-ping" not in names)
    if "fifo" in names or "sqlite-serial" in names:
        _fifo("sqlite-serial" in names)
    if "single-lock" in names:
        _single_lock()
    if "cached-upsert" in names:
        import storage.repositories  # noqa: F401  (every repository module, so each one's `upsert` is patched)

        _cached_upsert()
    if "email-index" in names:
        _email_index()


CHANGES = ("pg-pool", "sqlite-serial", "fifo", "no-pre-ping", "single-lock", "cached-upsert", "email-index")


def apply_from_environment() -> None:
    changes = [c for c in os.environ.get(ENVIRONMENT, "").split(",") if c]
    if changes:
        apply(changes)
        print(f"what-if: {', '.join(changes)} patched in (pid {os.getpid()})", file=sys.stderr)


def main() -> int:
    if "--" not in sys.argv[1:] or sys.argv.index("--") != 2:
        print(__doc__)
        return 2
    changes, command = sys.argv[1], sys.argv[3:]
    apply([c for c in changes.split(",") if c])  # fail early on a typo
    bench = str(SITE.parent.parent)
    path = os.pathsep.join([str(SITE), bench, os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    environment = os.environ | {ENVIRONMENT: changes, "PYTHONPATH": path}
    print(f"what-if run with {changes}: {' '.join(command)}", flush=True)
    os.execve(sys.executable, [sys.executable, *command], environment)  # noqa: S606  (our own interpreter)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
