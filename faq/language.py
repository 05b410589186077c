"""Which of the five languages a message is written in: a word-unigram naive Bayes model.

faq/train.py counts the folded words of each language's training examples (and a few letters that
folding removes: ñ, ã, ß, ç …) and stores their smoothed log-probabilities in the artifact; a message
is put in the language whose words explain it best. A message with no word the model knows ("2FA?",
"👍") is English. The intent model does not depend on it: the language is only reported, so that an
answer may later be given in the chat's language.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from faq.normalise import fold

LANGUAGES = ("en", "es", "de", "pt", "fr")
DEFAULT = "en"
MIN_COUNT = 2  # a word seen once in all the training data is not stored
# Additive smoothing. Add-one made a word unseen in a language's few hundred examples likelier there than
# a word seen a few times in English's 3,577 ("thx", "cool" read as German): 2,168 of 2,188 English
# held-out messages read as English with 1, 2,177 with 0.1 (0.03 and 0.01 the same); the others alike.
SMOOTHING = 0.1
_MARKS = "ñ¿¡ãõçßäöüèêàùâîôœëï"


def words(text: str) -> list[str]:
    """The folded words of the text, then one pseudo-word per letter that folding would remove."""
    marks = [f"#{c}" for c in text.lower() if c in _MARKS]
    return [*fold(text).split(), *marks]


class LanguageModel:
    """Log P(word | language) of the words seen at least MIN_COUNT times in the training examples."""

    def __init__(self, languages: Sequence[str], table: Mapping[str, Sequence[float]]) -> None:
        self._languages = tuple(languages)
        self._table = table

    @classmethod
    def fit(cls, examples: Iterable[tuple[str, str]]) -> LanguageModel:
        """Count words per language over (text, language) pairs, with additive smoothing."""
        counts: dict[str, Counter[str]] = {language: Counter() for language in LANGUAGES}
        for text, language in examples:
            counts[language].update(words(text))
        total: Counter[str] = Counter()
        for counter in counts.values():
            total.update(counter)
        vocabulary = sorted(w for w, n in total.items() if n >= MIN_COUNT)
        sizes = {
            language: sum(counts[language].values()) + SMOOTHING * len(vocabulary) for language in LANGUAGES
        }
        table = {
            w: [
                round(math.log((counts[language][w] + SMOOTHING) / sizes[language]), 3)
                for language in LANGUAGES
            ]
            for w in vocabulary
        }
        return cls(LANGUAGES, table)

    @classmethod
    def from_artifact(cls, artifact: Mapping[str, Any]) -> LanguageModel:
        """The model as faq/train.py stored it (`to_artifact`)."""
        return cls(list(artifact["languages"]), dict(artifact["words"]))

    def to_artifact(self) -> dict[str, Any]:
        return {"languages": list(self._languages), "words": dict(self._table)}

    def guess(self, text: str) -> str:
        """The most likely language of the text; English when no word of it is known."""
        known = [self._table[w] for w in words(text) if w in self._table]
        if not known:
            return DEFAULT
        scores = [sum(row[i] for row in known) for i in range(len(self._languages))]
        return self._languages[max(range(len(scores)), key=scores.__getitem__)]
