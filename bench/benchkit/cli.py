"""The command line every benchmark shares: `--quick` for smaller numbers, `--backend` to pick databases."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from benchkit.databases import BACKENDS, PostgresUnavailable


def parser(description: str) -> argparse.ArgumentParser:
    """An argument parser with `--quick` and `--backend`; scripts add their own sizes."""
    arguments = argparse.ArgumentParser(description=description)
    arguments.add_argument(
        "--quick", action="store_true", help="smaller numbers, under about a minute (make bench: full sizes)"
    )
    arguments.add_argument(
        "--backend",
        choices=[*BACKENDS, "both"],
        default="both",
        help="database(s) to measure on (default: both)",
    )
    return arguments


def backends(choice: str) -> tuple[str, ...]:
    return BACKENDS if choice == "both" else (choice,)


async def on_each_backend(choice: str, title: str, measure: Callable[[str], Awaitable[bool]]) -> int:
    """Run `measure` on each chosen database (PostgreSQL skipped, and said so, when it cannot be
    reached); the exit status: 0 when every measurement passed, else 1."""
    ok = True
    for backend in backends(choice):
        try:
            ok = await measure(backend) and ok
        except PostgresUnavailable as error:
            print(f"\n== {title} on PostgreSQL: skipped ({error})")
    return 0 if ok else 1


def sized(quick: bool, override: int | None, full: int, small: int) -> int:
    """An explicit size, else the full one, else (with --quick) the small one."""
    if override is not None:
        return override
    return small if quick else full


def run(main: Callable[[], Coroutine[Any, Any, int]]) -> int:
    """Run a benchmark's `main()`; SIGTERM, like Ctrl-C, cancels it so that its `finally` blocks still
    drop the databases and stop the child processes. Returns the exit status (130 when stopped)."""

    async def guarded() -> int:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
        try:
            return await main()
        except asyncio.CancelledError:
            print("\nstopped: databases dropped, child processes stopped", file=sys.stderr)
            return 130
        finally:
            loop.remove_signal_handler(signal.SIGTERM)

    try:
        return asyncio.run(guarded())
    except KeyboardInterrupt:
        return 130
