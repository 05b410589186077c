"""One line saying where the figures were measured, printed at the top of every benchmark."""

from __future__ import annotations

import os
import platform
import sys


def describe() -> str:
    """Cores, Python, OS and the load average at the start (other processes may be running)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    python = f"{platform.python_implementation()} {sys.version.split()[0]}"
    return (
        f"machine: {cores} cores, {python}, {platform.system()} {platform.release()}; load average "
        f"at start {load} (other processes may have been running)"
    )


def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU time of a process so far, every thread included (from /proc/PID/stat)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rpartition(")")[2].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of the whole line
    return ticks / os.sysconf("SC_CLK_TCK")


def rss_mb() -> tuple[float, float]:
    """This process's resident memory now and at its peak (VmRSS, VmHWM from /proc), in MiB."""
    values: dict[str, float] = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024  # kB
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)
