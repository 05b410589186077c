"""Compare the ways of classifying FAQ messages that were tried, on the same data.

    .venv/bin/python bench/faq_methods.py

Each method learns from the training part of tests/data/faq_examples.jsonl, sets its `none` threshold
by cross-validation (or leave-one-out) on that part alone, and is scored on the held-out test part and
on each tests/data/faq_holdout_fresh*.jsonl. One core. The shipped method is the first; see
faq/README.md. Methods that need packages the project does not install (scikit-learn, torch,
onnxruntime) were measured in a separate virtualenv; their figures are in faq/README.md.
"""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faq.classifier import NONE, IntentClassifier, decide  # noqa: E402
from faq.features import terms, vector  # noqa: E402
from faq.normalise import fold  # noqa: E402
from faq.normalise import normalise_english as normalise  # noqa: E402  (these methods compare on English)
from faq.train import EXAMPLES, Example, Fitted, calibrate, fit, load_examples  # noqa: E402

Predict = Callable[[str], str]
MIN_REJECTION = 0.93


def scores(rows: Sequence[tuple[str, str]], predict: Predict) -> tuple[float, float]:
    decided = [(gold, predict(text)) for text, gold in rows]
    in_scope = [g == p for g, p in decided if g != NONE]
    rejected = [p == NONE for g, p in decided if g == NONE]
    return sum(in_scope) / len(in_scope), sum(rejected) / len(rejected)


def latency_ms(predict: Predict, texts: Sequence[str]) -> tuple[float, float]:
    for text in texts[:30]:
        predict(text)
    times = []
    for text in texts:
        begun = time.perf_counter()
        predict(text)
        times.append((time.perf_counter() - begun) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99)]


def pick_threshold(pairs: Sequence[tuple[str, str, float]]) -> float:
    """Lowest similarity to answer: best in-scope accuracy with rejection >= MIN_REJECTION."""
    best = (-1.0, 0.0)
    for threshold in sorted({round(s, 3) for _, _, s in pairs}):
        decided = [(g, p if s >= threshold else NONE) for g, p, s in pairs]
        acc = sum(g == p for g, p in decided if g != NONE) / sum(g != NONE for g, _ in decided)
        rej = sum(p == NONE for g, p in decided if g == NONE) / sum(g == NONE for g, _ in decided)
        if rej >= MIN_REJECTION and acc > best[1]:
            best = (threshold, acc)
    return best[0]


def shipped() -> Predict:
    """The shipped artifact: TF-IDF and sentence embedding, one logistic regression, calibrated margin."""
    classifier = IntentClassifier.load()
    return lambda text: classifier.classify(text).intent


def logistic(train: Sequence[Example], prepare: Callable[[str], str], margin: float) -> Predict:
    """TF-IDF word+char n-grams alone, logistic regression (the shipped method until 2026-11-28)."""
    model: Fitted = fit([e.text for e in train], [e.intent for e in train], prepare)

    def predict(text: str) -> str:
        z = list(model.bias)
        for term, value in vector(prepare(text), model.idf).items():
            for j, w in enumerate(model.weights[term]):
                z[j] += value * w
        top = max(z)
        exps = [math.exp(v - top) for v in z]
        probs = {c: e / sum(exps) for c, e in zip(model.classes, exps, strict=True)}
        return decide(probs, margin).intent

    return predict


def nearest_neighbour(train: Sequence[Example]) -> Predict:
    """The label of the most similar training example (cosine of TF-IDF vectors), above a threshold."""
    texts = [normalise(e.text) for e in train]
    df: Counter[str] = Counter(t for text in texts for block in terms(text) for t in block)
    idf = {t: math.log((1 + len(texts)) / (1 + d)) + 1 for t, d in df.items()}
    index = {t: i for i, t in enumerate(idf)}
    matrix = np.zeros((len(texts), len(index)), dtype=np.float32)
    for i, text in enumerate(texts):
        for t, v in vector(text, idf).items():
            matrix[i, index[t]] = v
    labels = [e.intent for e in train]
    similar = matrix @ matrix.T
    np.fill_diagonal(similar, -1.0)
    threshold = pick_threshold(
        [(labels[i], labels[int(j)], float(similar[i, j])) for i, j in enumerate(similar.argmax(axis=1))]
    )

    def predict(text: str) -> str:
        query = np.zeros(len(index), dtype=np.float32)
        for t, v in vector(normalise(text), idf).items():
            query[index[t]] = v
        sims = matrix @ query
        best = int(sims.argmax())
        return labels[best] if sims[best] >= threshold else NONE

    return predict


def bm25(train: Sequence[Example], k1: float = 1.2, b: float = 0.75) -> Predict:
    """Best BM25 match among the training examples (normalised tokens), scaled by the query's own score."""
    docs = [Counter(normalise(e.text).split()) for e in train]
    labels = [e.intent for e in train]
    average = sum(sum(d.values()) for d in docs) / len(docs)
    df: Counter[str] = Counter(t for d in docs for t in d)
    idf = {t: math.log(1 + (len(docs) - n + 0.5) / (n + 0.5)) for t, n in df.items()}
    postings: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        for t in d:
            postings.setdefault(t, []).append(i)

    def best(tokens: list[str], skip: int = -1) -> tuple[str, float]:
        totals: dict[int, float] = {}
        for t in set(tokens):
            for i in postings.get(t, []):
                if i != skip:
                    f, length = docs[i][t], sum(docs[i].values())
                    score = idf[t] * f * (k1 + 1) / (f + k1 * (1 - b + b * length / average))
                    totals[i] = totals.get(i, 0.0) + score
        if not totals:
            return NONE, 0.0
        i = max(totals, key=totals.__getitem__)
        own = sum(idf.get(t, 0.0) for t in set(tokens)) * (k1 + 1) or 1.0
        return labels[i], totals[i] / own

    threshold = pick_threshold([(labels[i], *best(list(d.elements()), skip=i)) for i, d in enumerate(docs)])

    def predict(text: str) -> str:
        label, score = best(normalise(text).split())
        return label if score >= threshold else NONE

    return predict


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    threadpool_limits(limits=1, user_api="blas")
    examples = load_examples(EXAMPLES)
    train = [e for e in examples if e.split == "train"]
    sets = {"test": [(e.text, e.intent) for e in examples if e.split == "test"]}
    for path in sorted(EXAMPLES.parent.glob("faq_holdout_fresh*.jsonl")):
        sets[path.stem.removeprefix("faq_holdout_")] = [(e.text, e.intent) for e in load_examples(path)]
    margin, _, _ = calibrate(train, None, normalise)  # the TF-IDF-alone model's own margin, by CV
    methods: list[tuple[str, Callable[[], Predict]]] = [
        ("TF-IDF + MiniLM embedding, logistic regression (shipped)", shipped),
        ("TF-IDF word+char, logistic regression, normalised", lambda: logistic(train, normalise, margin)),
        ("TF-IDF word+char, logistic regression, no vocabulary", lambda: logistic(train, fold, margin)),
        ("nearest neighbour, TF-IDF cosine, normalised", lambda: nearest_neighbour(train)),
        ("BM25 best match, normalised tokens", lambda: bm25(train)),
    ]
    header = " ".join(f"{name + ' acc':>12s} {'rej':>5s}" for name in sets)
    print(f"{'method':58s} {header} {'p50 ms':>7s} {'p99 ms':>7s}")
    for name, build in methods:
        predict = build()
        measured = [scores(rows, predict) for rows in sets.values()]
        figures = " ".join(f"{acc:12.3f} {rej:5.3f}" for acc, rej in measured)
        p50, p99 = latency_ms(predict, [t for t, _ in sets["test"]])
        print(f"{name:58s} {figures} {p50:7.2f} {p99:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
