"""FAQ classifier figures: accuracy on held-out examples, rejection of `none`, latency and start time.

    .venv/bin/python bench/faq_eval.py

Reads the test part of tests/data/faq_examples.jsonl (never used in training or calibration) and
each tests/data/faq_holdout_fresh*.jsonl (written apart from the training examples, in other styles,
and never trained on).
Pinned to one core. Targets (issue 6): in-scope top-1 >= 0.95, `none` rejected >= 0.90, start < 2 s,
p99 < 20 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data"
ARTIFACTS = ("model.json", "encoder.npz", "encoder_vocab.txt")


def read(path: Path, split: str | None = None) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r["text"], r["intent"]) for r in rows if split is None or r.get("split") == split]


def report(name: str, rows: list[tuple[str, str]], predicted: list[str]) -> None:
    pairs = list(zip((gold for _, gold in rows), predicted, strict=True))
    in_scope = [g == p for g, p in pairs if g != "none"]
    rejected = [p == "none" for g, p in pairs if g == "none"]
    print(f"\n== {name}: {len(in_scope)} in-scope, {len(rejected)} none")
    print(f"in-scope top-1 accuracy  {sum(in_scope) / len(in_scope):.3f}   (target >= 0.95)")
    print(f"none rejection rate      {sum(rejected) / len(rejected):.3f}   (target >= 0.90)")
    print(f"{'intent':20s} {'n':>4s} {'accuracy':>9s}")
    for intent in sorted({g for g, _ in pairs}):
        hits = [g == p for g, p in pairs if g == intent]
        print(f"{intent:20s} {len(hits):4d} {sum(hits) / len(hits):9.3f}")
    confusions = Counter((g, p) for g, p in pairs if g != p)
    print("worst confusions (gold -> predicted: count):")
    for (gold, pred), count in confusions.most_common(8):
        print(f"  {gold} -> {pred}: {count}")


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    started = time.perf_counter()
    from threadpoolctl import threadpool_limits

    from faq.classifier import IntentClassifier

    threadpool_limits(limits=1, user_api="blas")  # as the product's wiring does (app/classifier.py)
    classifier = IntentClassifier.load()
    load_seconds = time.perf_counter() - started

    test = read(DATA / "faq_examples.jsonl", "test")
    report("test split of faq_examples.jsonl", test, [classifier.classify(t).intent for t, _ in test])
    for fresh_path in sorted(DATA.glob("faq_holdout_fresh*.jsonl")):
        fresh = read(fresh_path)
        report(fresh_path.name, fresh, [classifier.classify(t).intent for t, _ in fresh])

    texts = [t for t, _ in test]
    for text in texts[:50]:
        classifier.classify(text)
    latencies = []
    for _ in range(5):
        for text in texts:
            begun = time.perf_counter()
            classifier.classify(text)
            latencies.append(time.perf_counter() - begun)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    print(f"\nstart (import + load)    {load_seconds * 1000:.0f} ms   (target < 2000 ms)")
    print(f"latency per message      p50 {p50:.2f} ms, p99 {p99:.2f} ms, one core   (target p99 < 20 ms)")
    sizes = ", ".join(f"{name} {(ROOT / 'faq' / name).stat().st_size / 1e6:.1f} MB" for name in ARTIFACTS)
    print(f"artifacts                {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
