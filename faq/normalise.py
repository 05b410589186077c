"""Text normalisation for the FAQ classifier: one spelling for each thing the domain names many ways.

Users write "2-step", "two factor auth", "MFA" and "2FA" for the same thing, "text", "SMS" and "message"
for the same channel, "turn off", "get rid of" and "deactivate" for the same act. Writing each such
group as one canonical token (``xtwofa``, ``xsms``, ``xdisable`` …, spelled so they cannot collide with
ordinary words) lets a small model learn from far fewer examples; it is what closed most of the gap
on paraphrases it had not seen (figures in faq/README.md).

The same tokens stand for the Spanish, Portuguese, French and German words (faq/vocabulary_intl.py),
read before the English ones, so a question shares its tokens with the same question in another
language. Folding removes accents (é, ñ, ç → e, n, c; umlauts ä ö ü → a o u), writes ß as ss and œ as
oe, and splits French elisions (l'appli → l appli); German typed without umlauts (fuer, aendern) is
read as folded.
"""

from __future__ import annotations

import re
import unicodedata

from faq.vocabulary import COUNTRIES, EARLY, GROUPS, REORDER
from faq.vocabulary_intl import FOREIGN, FOREIGN_COUNTRIES, UMLAUT_SPELLINGS

_NON_WORD = re.compile(r"[^a-z0-9+]+")
_APOSTROPHES = re.compile(r"[\u2019\u2018\u02bc`']")
# French elided articles and pronouns: "l'appli", "j'ai", "qu'il", "n'arrive" (English has none of them).
_ELISIONS = re.compile(r"(?<![a-z])(l|d|j|m|t|s|n|c|qu|jusqu|lorsqu|puisqu)[\u2019\u2018\u02bc`'](?=[a-z])")
_LETTERS = str.maketrans({"ß": "ss", "œ": "oe", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
_UMLAUTS = re.compile(rf"(?<![a-z])({'|'.join(UMLAUT_SPELLINGS.split())})")


def _compile(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for token, phrases in groups:
        # Alternatives are tried in the order written (longer phrases first): a shorter one that also
        # ends on a word boundary would otherwise win.
        alternatives = "|".join(phrases)
        compiled.append((re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"), f" {token} "))
    return tuple(compiled)


_FOREIGN = _compile((*FOREIGN, ("xcountry", FOREIGN_COUNTRIES)))
_EARLY = _compile(EARLY)
_REORDER = (re.compile(REORDER[0]), REORDER[1])
_RULES = _compile((*GROUPS, ("xcountry", COUNTRIES)))


def fold(text: str) -> str:
    """Lower-case, NFKC, accents removed, elisions split, other apostrophes dropped, the rest spaces."""
    text = unicodedata.normalize("NFKC", text).lower().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _ELISIONS.sub(r"\1 ", text)
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def _apply(rules: tuple[tuple[re.Pattern[str], str], ...], text: str) -> str:
    for pattern, replacement in rules:
        # Collapsed after every rule, so a later rule may look for "word word" with one space.
        text = " ".join(pattern.sub(replacement, text).split())
    return text


def normalise_english(text: str) -> str:
    """Fold the text, then write the English domain vocabulary as canonical tokens (no other language)."""
    text = _apply(_EARLY, fold(text))
    return _apply(_RULES, _REORDER[0].sub(_REORDER[1], text))


def normalise(text: str) -> str:
    """Fold the text, then write each piece of domain vocabulary, in any of the five languages, as its
    one canonical token."""
    folded = _UMLAUTS.sub(
        lambda m: m.group(1).replace("ae", "a").replace("oe", "o").replace("ue", "u"), fold(text)
    )
    text = _apply(_EARLY, _apply(_FOREIGN, folded))
    return _apply(_RULES, _REORDER[0].sub(_REORDER[1], text))
