"""The BERT "uncased" WordPiece tokenizer, in plain Python: text to the ids the sentence encoder reads.

It does what the reference tokenizer of all-MiniLM-L6-v2 does (BertNormalizer, BertPreTokenizer and
WordPiece of Hugging Face `tokenizers`, lower case with accents stripped): drop control characters,
put spaces around CJK ideographs, fold case and accents, split on white space and on every
punctuation character, then split each word into the longest pieces found in the vocabulary
(`##` marks a piece that continues a word). A unit test checks the ids against the reference
tokenizer's output on all the FAQ examples, which were written with typos, emoji and accents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

CLS, SEP, UNK = "[CLS]", "[SEP]", "[UNK]"
MAX_WORD_CHARS = 100  # a longer word is [UNK], as in the reference


def _is_control(char: str) -> bool:
    return char not in "\t\n\r" and unicodedata.category(char).startswith("C")


def _is_whitespace(char: str) -> bool:
    return char in " \t\n\r" or unicodedata.category(char) == "Zs"


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def normalise(text: str) -> str:
    """Clean, space out CJK, strip accents (NFD, drop marks) and lower-case, as BertNormalizer does."""
    chars = []
    for char in text:
        cp = ord(char)
        if cp == 0 or cp == 0xFFFD or _is_control(char):
            continue
        if _is_whitespace(char):
            chars.append(" ")
        elif _is_cjk(cp):
            chars.append(f" {char} ")
        else:
            chars.append(char)
    decomposed = unicodedata.normalize("NFD", "".join(chars))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").lower()


def words(text: str) -> list[str]:
    """White-space separated words, each punctuation character a word of its own."""
    out: list[str] = []
    for chunk in normalise(text).split():
        current = ""
        for char in chunk:
            if _is_punctuation(char):
                if current:
                    out.append(current)
                    current = ""
                out.append(char)
            else:
                current += char
        if current:
            out.append(current)
    return out


class WordPiece:
    """Greedy longest-match WordPiece over a BERT vocabulary (one token per line, id = line number)."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._ids = {token: i for i, token in enumerate(vocabulary)}
        self._cache: dict[str, tuple[int, ...]] = {}
        for special in (CLS, SEP, UNK):
            if special not in self._ids:
                raise ValueError(f"the vocabulary has no {special} token")

    def _pieces(self, word: str) -> tuple[int, ...]:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        pieces: list[int] = []
        start = 0
        while start < len(word) and len(word) <= MAX_WORD_CHARS:
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self._ids:
                    pieces.append(self._ids[piece])
                    break
                end -= 1
            else:
                pieces = []
                break
            start = end
        found = tuple(pieces) if pieces else (self._ids[UNK],)
        if len(self._cache) < 50_000:
            self._cache[word] = found
        return found

    def encode(self, text: str, max_length: int) -> list[int]:
        """[CLS], the pieces of the text (cut to fit), [SEP]: at most `max_length` ids."""
        ids = [self._ids[CLS]]
        for word in words(text):
            ids.extend(self._pieces(word))
            if len(ids) >= max_length - 1:
                break
        return [*ids[: max_length - 1], self._ids[SEP]]
