"""Sparse TF-IDF features of a normalised message: word 1-2-grams and character 2-5-grams.

Word n-grams carry the meaning ("xdisable xtwofa"); character n-grams, taken inside each word, forgive
typos ("dissable", "authentification") and unknown inflections. Each block is weighted with sublinear
term frequency times IDF and scaled to unit length on its own, so neither block drowns the other.
Training (faq/train.py) and classification use this one module, so they can never disagree.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Mapping

CHAR_SIZES = (2, 3, 4, 5)
WORD = "w:"
CHAR = "c:"


def word_terms(tokens: list[str]) -> Counter[str]:
    """Word unigrams (two letters or more) and bigrams (of all tokens), with their counts."""
    terms: Counter[str] = Counter(WORD + t for t in tokens if len(t) > 1)
    terms.update(f"{WORD}{a} {b}" for a, b in itertools.pairwise(tokens))
    return terms


def char_terms(tokens: list[str]) -> Counter[str]:
    """Character n-grams of each space-padded word; a word shorter than n gives itself once."""
    terms: Counter[str] = Counter()
    for token in tokens:
        padded = f" {token} "
        for size in CHAR_SIZES:
            if len(padded) <= size:
                terms[CHAR + padded] += 1
                continue
            terms.update(CHAR + padded[i : i + size] for i in range(len(padded) - size + 1))
    return terms


def terms(normalised: str) -> tuple[Counter[str], Counter[str]]:
    """The two blocks of raw term counts of an already normalised message."""
    tokens = normalised.split()
    return word_terms(tokens), char_terms(tokens)


def weigh(counts: Counter[str], idf: Mapping[str, float]) -> dict[str, float]:
    """Sublinear TF x IDF over the known terms, scaled to unit length (empty when nothing is known)."""
    weights = {t: (1.0 + math.log(n)) * idf[t] for t, n in counts.items() if t in idf}
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {t: w / norm for t, w in weights.items()} if norm else {}


def vector(normalised: str, idf: Mapping[str, float]) -> dict[str, float]:
    """The full sparse feature vector: both blocks, each of unit length."""
    words, chars = terms(normalised)
    return {**weigh(words, idf), **weigh(chars, idf)}
