"""Shared pieces of the benchmarks in `bench/` (not a benchmark: `make bench` runs `bench/*.py` only).

Importing this package puts the repository root on `sys.path`, so that the scripts, run as
`.venv/bin/python bench/NAME.py`, can reuse `tests/support` (the loopback Bot API, the per-run
PostgreSQL database helpers). That is the one thing done at import time, on purpose: each script
imports `benchkit` before anything from `tests`.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
