"""The SQLite database (and its -wal and -shm files) and the development key file are readable by their
owner only (mode 0600), whatever the umask; files left wider by an older version are tightened at start,
with a warning. Checked on the real `twofa` program and on the services a process builds."""

from __future__ import annotations

import asyncio
import os
import stat
import sys
from pathlib import Path

import pytest

from app.settings import Settings
from app.wiring import build_services
from domain.accounts import admin

TWOFA = [sys.executable, "-m", "app.cli"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def env_for(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFA_")}
    return env | {
        "TWOFA_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'twofa.db'}",
        "TWOFA_OUTBOX_DIR": str(folder / "outbox"),
    }


async def twofa(folder: Path, *args: str) -> str:
    """`twofa ARGS` as a process with the usual umask 022 (files readable by all unless made private)."""
    process = await asyncio.create_subprocess_exec(
        *TWOFA,
        *args,
        env=env_for(folder),
        cwd=folder,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        preexec_fn=lambda: os.umask(0o022),
    )
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, output.decode()
    return output.decode()


async def test_twofa_db_upgrade_creates_the_database_readable_by_its_owner_only(tmp_path: Path) -> None:
    await twofa(tmp_path, "db", "upgrade")
    assert mode(tmp_path / "twofa.db") == 0o600
    assert mode(tmp_path / ".twofa-secret-key") == 0o600
    for extra in ("twofa.db-wal", "twofa.db-shm"):
        if (tmp_path / extra).exists():
            assert mode(tmp_path / extra) == 0o600, extra


async def test_wal_and_shm_files_of_a_running_process_are_private_too(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'live.db'}",
        outbox_dir=tmp_path / "outbox",
    )
    before = os.umask(0o022)
    try:
        services = await build_services(settings, stream=None)
        try:
            async with services.uow_factory() as uow:  # a write, so the WAL and its index exist
                await admin.add_contract(uow, "Acme", services.clock.now())
                await uow.commit()
            files = [tmp_path / name for name in ("live.db", "live.db-wal", "live.db-shm")]
            assert [(f.name, f.exists() and mode(f)) for f in files] == [(f.name, 0o600) for f in files]
        finally:
            await services.aclose()
    finally:
        os.umask(before)


async def test_files_left_readable_by_others_are_tightened_at_start_with_a_warning(tmp_path: Path) -> None:
    await twofa(tmp_path, "db", "upgrade")
    for name in ("twofa.db", ".twofa-secret-key"):
        (tmp_path / name).chmod(0o644)
    output = await twofa(tmp_path, "contracts", "list")
    assert mode(tmp_path / "twofa.db") == 0o600
    assert mode(tmp_path / ".twofa-secret-key") == 0o600
    assert "WARNING" in output
    assert "twofa.db" in output and ".twofa-secret-key" in output


@pytest.mark.parametrize("name", ["twofa.db", ".twofa-secret-key"])
async def test_a_private_file_is_left_as_it_is(tmp_path: Path, name: str) -> None:
    await twofa(tmp_path, "db", "upgrade")
    output = await twofa(tmp_path, "contracts", "list")
    assert mode(tmp_path / name) == 0o600
    assert "WARNING" not in output
