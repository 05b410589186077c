"""The command line every benchmark shares: `--quick` for smaller numbers, `--backend` to pick databases."""

from __future__ import annotations

import argparse

from benchkit.databases import BACKENDS


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


def sized(quick: bool, override: int | None, full: int, small: int) -> int:
    """An explicit size, else the full one, else (with --quick) the small one."""
    if override is not None:
        return override
    return small if quick else full
