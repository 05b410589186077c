"""Summarise a py-spy profile (`py-spy record --format raw --full-filenames`) by where our code spends.

    .venv/bin/python bench/benchkit/profile_report.py PROFILE.txt [--within FUNCTION] [--top N]

Three tables, as shares of the samples taken while `--within` (e.g. `Assistant.handle`) was on the stack:
the library the innermost frame is in (self time), our functions inclusive of what they call, and our
*call sites*: the innermost line of our code on each stack, i.e. the line that caused the work (a query,
an HMAC, a parse), which is where a change would go.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OURS = ("api", "app", "bot", "domain", "faq", "gateways", "storage")
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>.*):(?P<line>\d+)\)$")
_LIBRARIES = (
    ("sqlalchemy", "sqlalchemy"),
    ("sqlmodel", "sqlmodel"),
    ("aiosqlite", "aiosqlite"),
    ("asyncpg", "asyncpg"),
    ("telegram", "python-telegram-bot"),
    ("httpx", "httpx"),
    ("httpcore", "httpx"),
    ("aiohttp", "aiohttp"),
    ("phonenumbers", "phonenumbers"),
    ("email_validator", "email-validator"),
    ("pydantic", "pydantic"),
    ("asyncio", "asyncio (event loop)"),
    ("json", "json"),
    ("hmac", "hmac/hashlib"),
    ("hashlib", "hmac/hashlib"),
    ("logging", "logging"),
)


def frame_parts(frame: str) -> tuple[str, str, int]:
    match = _FRAME.match(frame)
    if match is None:
        return frame, "", 0
    return match["function"], match["file"], int(match["line"])


def ours(path: str) -> str | None:
    """`domain/codes.py` for a file of our packages, None for anything else."""
    try:
        relative = Path(path).resolve().relative_to(ROOT)
    except ValueError:
        return None
    return str(relative) if relative.parts and relative.parts[0] in OURS else None


def library(path: str) -> str:
    if ours(path):
        return "our code (self)"
    if "/bench/" in path:
        return "benchmark driver"
    parts = Path(path).parts
    for key, name in _LIBRARIES:
        if key in parts or Path(path).stem == key:
            return name
    if "site-packages" in parts:
        index = parts.index("site-packages")
        return parts[index + 1] if index + 1 < len(parts) else "site-packages"
    return "python stdlib/other" if path else "native/idle"


def read(path: Path, within: str | None) -> list[tuple[list[str], int]]:
    stacks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        if within and not any(frame_parts(f)[0] == within for f in frames):
            continue
        stacks.append((frames, int(count)))
    return stacks


def report(stacks: list[tuple[list[str], int]], top: int) -> None:
    total = sum(count for _, count in stacks)
    if not total:
        print("no samples")
        return
    libraries: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    sites: Counter[str] = Counter()
    for frames, count in stacks:
        libraries[library(frame_parts(frames[-1])[1])] += count
        seen: set[str] = set()
        innermost = None
        for frame in frames:
            function, file, line = frame_parts(frame)
            relative = ours(file)
            if relative is None:
                continue
            seen.add(f"{relative}:{function}")
            innermost = f"{relative}:{line} ({function})"
        for name in seen:
            inclusive[name] += count
        sites[innermost or "(outside our code)"] += count
    print(f"{total} samples")
    for title, counter in (
        ("self time by library (innermost frame)", libraries),
        ("our functions, inclusive", inclusive),
        ("our call sites (innermost line of our code on the stack)", sites),
    ):
        print(f"\n-- {title}")
        for name, count in counter.most_common(top):
            print(f"{100 * count / total:6.1f}%  {name}")


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    arguments.add_argument("profile", type=Path)
    arguments.add_argument("--within", help="only samples with this function on the stack")
    arguments.add_argument("--top", type=int, default=25)
    options = arguments.parse_args()
    report(read(options.profile, options.within), options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
