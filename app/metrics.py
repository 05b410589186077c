"""Process-local counters rendered in Prometheus' text format (each worker is scraped on its own)."""

from __future__ import annotations

from collections import Counter

_HELP = {
    "codes_sent": "One-time codes handed to a gateway, by channel.",
    "code_delivery_failures": "One-time codes a gateway refused or could not take, by channel.",
    "verifications": "Typed codes checked, by outcome.",
}


def _labels(labels: tuple[tuple[str, str], ...]) -> str:
    if not labels:
        return ""
    inner = ",".join(
        f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"' for k, v in labels
    )
    return "{" + inner + "}"


class CounterMetrics:
    """The domain's `Metrics`: counts by name and labels, no I/O."""

    def __init__(self) -> None:
        self._counts: Counter[tuple[str, tuple[tuple[str, str], ...]]] = Counter()

    def increment(self, name: str, **labels: str) -> None:
        self._counts[(name, tuple(sorted(labels.items())))] += 1

    def value(self, name: str, **labels: str) -> int:
        return self._counts[(name, tuple(sorted(labels.items())))]

    def render(
        self, gauges: dict[str, tuple[str, dict[tuple[tuple[str, str], ...], float]]] | None = None
    ) -> str:
        """Every counter (`twofa_<name>_total`) and the given gauges, as Prometheus text exposition."""
        lines: list[str] = []
        for name in sorted({name for name, _ in self._counts} | set(_HELP)):
            metric = f"twofa_{name}_total"
            lines += [f"# HELP {metric} {_HELP.get(name, name)}", f"# TYPE {metric} counter"]
            series = sorted((labels, count) for (n, labels), count in self._counts.items() if n == name)
            lines += [f"{metric}{_labels(labels)} {count}" for labels, count in series]
        for name, (help_text, values) in sorted((gauges or {}).items()):
            metric = f"twofa_{name}"
            lines += [f"# HELP {metric} {help_text}", f"# TYPE {metric} gauge"]
            lines += [f"{metric}{_labels(labels)} {value:g}" for labels, value in sorted(values.items())]
        return "\n".join(lines) + "\n"
