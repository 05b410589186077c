"""Text normalisation for the FAQ classifier: one spelling for each thing the domain names many ways.

Users write "2-step", "two factor auth", "MFA" and "2FA" for the same thing, "text", "SMS" and "message"
for the same channel, "turn off", "get rid of" and "deactivate" for the same act. Writing each such
group as one canonical token (``xtwofa``, ``xsms``, ``xdisable`` …, spelled so they cannot collide with
ordinary words) lets a small model learn from far fewer examples; it is what closed most of the gap
on paraphrases it had not seen (figures in faq/README.md).
"""

from __future__ import annotations

import re
import unicodedata

from faq.vocabulary import COUNTRIES, EARLY, GROUPS, REORDER

_NON_WORD = re.compile(r"[^a-z0-9+]+")
_APOSTROPHES = re.compile(r"[\u2019\u2018\u02bc`']")


def _compile(groups: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    compiled = []
    for token, phrases in groups:
        # Alternatives are tried in the order written (longer phrases first): a shorter one that also
        # ends on a word boundary would otherwise win.
        alternatives = "|".join(phrases)
        compiled.append((re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])"), f" {token} "))
    return tuple(compiled)


_EARLY = _compile(EARLY)
_REORDER = (re.compile(REORDER[0]), REORDER[1])
_RULES = _compile((*GROUPS, ("xcountry", COUNTRIES)))


def fold(text: str) -> str:
    """Lower-case, NFKC, accents removed, apostrophes dropped, every other non-word character a space."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def normalise(text: str) -> str:
    """Fold the text, then write each piece of domain vocabulary as its one canonical token."""
    text = fold(text)
    for pattern, replacement in _EARLY:
        text = " ".join(pattern.sub(replacement, text).split())
    text = _REORDER[0].sub(_REORDER[1], text)
    for pattern, replacement in _RULES:
        # Collapsed after every rule, so a later rule may look for "word word" with one space.
        text = " ".join(pattern.sub(replacement, text).split())
    return text
