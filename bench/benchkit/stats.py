"""Latency samples and the figures every benchmark prints (rate, p50, p99), in one format."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of already sorted values (`fraction` 0.99 for p99); 0 when empty."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


@dataclass
class Latencies:
    """Durations in seconds of one kind of operation, and how many of them failed."""

    name: str
    values: list[float] = field(default_factory=list)
    failures: int = 0

    def add(self, seconds: float) -> None:
        self.values.append(seconds)

    @contextmanager
    def timed(self) -> Iterator[None]:
        """Time the block and record it (also when it raises: a slow failure is still slow)."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(time.perf_counter() - started)

    def extend(self, other: Latencies) -> None:
        self.values.extend(other.values)
        self.failures += other.failures


@dataclass(frozen=True)
class Summary:
    """The figures of one run: count, wall time, rate per second and latency percentiles in ms."""

    name: str
    count: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    failures: int = 0
    cpu_seconds: float | None = None  # CPU time of the measured process(es) over the run

    @property
    def cpu_ms_each(self) -> float | None:
        """CPU milliseconds per operation: steadier than wall time when other processes compete."""
        return None if self.cpu_seconds is None or not self.count else 1000 * self.cpu_seconds / self.count

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else 0.0

    def line(self, unit: str = "msg") -> str:
        failed = f", {self.failures} FAILED" if self.failures else ""
        cpu = f"   CPU {self.cpu_ms_each:5.2f} ms/{unit}" if self.cpu_ms_each is not None else ""
        return (
            f"{self.name:<34} {self.count:>7} {unit} in {self.seconds:6.2f} s  "
            f"{self.rate:8.1f} {unit}/s   p50 {self.p50_ms:7.2f} ms   p99 {self.p99_ms:7.2f} ms   "
            f"max {self.max_ms:7.1f} ms{cpu}{failed}"
        )

    def latency_line(self) -> str:
        """Latencies only (for one kind among several measured together, where a rate means little)."""
        failed = f", {self.failures} FAILED" if self.failures else ""
        return (
            f"  {self.name:<32} {self.count:>7}{'':37}p50 {self.p50_ms:7.2f} ms   "
            f"p99 {self.p99_ms:7.2f} ms   max {self.max_ms:7.1f} ms{failed}"
        )


def summarise(latencies: Latencies, seconds: float, cpu_seconds: float | None = None) -> Summary:
    """Figures of `latencies` measured over `seconds` of wall time."""
    ordered = sorted(latencies.values)
    return Summary(
        latencies.name,
        len(ordered),
        seconds,
        percentile(ordered, 0.50) * 1000,
        percentile(ordered, 0.99) * 1000,
        (ordered[-1] if ordered else 0.0) * 1000,
        latencies.failures,
        cpu_seconds,
    )


def merged(name: str, parts: Iterable[Latencies]) -> Latencies:
    """One sample made of several (e.g. every kind of request of a run)."""
    total = Latencies(name)
    for part in parts:
        total.extend(part)
    return total


def heading(title: str) -> None:
    print(f"\n== {title}", flush=True)
