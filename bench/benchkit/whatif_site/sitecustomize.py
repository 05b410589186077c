"""Loaded at start-up by every Python process that `benchkit/whatif.py` starts (through PYTHONPATH), so
that the what-if changes reach the benchmarks' child processes too."""

from benchkit import whatif

whatif.apply_from_environment()
