"""The numpy MiniLM encoder and its tokenizer against the reference implementation's output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from faq.encoder import MAX_TOKENS, SentenceEncoder
from faq.wordpiece import WordPiece

REFERENCE_MAX_TOKENS = 256  # how the reference cuts; the encoder reads MAX_TOKENS (fewer)

REFERENCE = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "encoder_reference.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder.load()


def _tokenizer() -> WordPiece:
    vocabulary = (Path(__file__).resolve().parents[2] / "faq" / "encoder_vocab.txt").read_text("utf-8")
    return WordPiece(vocabulary.splitlines())


def test_token_ids_are_those_of_the_reference_tokenizer() -> None:
    tokenizer = _tokenizer()
    wrong = [
        row["text"]
        for row in REFERENCE["tokens"]
        if tokenizer.encode(row["text"], REFERENCE_MAX_TOKENS) != row["ids"]
    ]
    assert len(REFERENCE["tokens"]) > 500
    assert wrong == []


def test_embeddings_are_close_to_the_reference_model(encoder: SentenceEncoder) -> None:
    tokenizer = _tokenizer()
    cosines = [
        float(np.dot(encoder.encode(row["text"]), np.array(row["vector"], np.float32)))
        for row in REFERENCE["embeddings"]
        if len(tokenizer.encode(row["text"], REFERENCE_MAX_TOKENS)) <= MAX_TOKENS
    ]
    assert len(cosines) > 50
    # int8 weights: measured 0.9964 for the empty message (two tokens), 0.9985 or more for text, mean
    # 0.9997; a wrong layer, norm or pooling gives well under 0.9.
    assert min(cosines) > 0.995
    assert sum(cosines) / len(cosines) > 0.999


def test_an_embedding_has_unit_length_and_meaning(encoder: SentenceEncoder) -> None:
    lost = encoder.encode("I lost my phone and can't get the codes")
    drowned = encoder.encode("my mobile fell in the sea, no more texts arrive")
    invoice = encoder.encode("where can I download last month's invoice")
    assert lost.shape == (384,)
    assert abs(float(np.linalg.norm(lost)) - 1.0) < 1e-5
    assert float(lost @ drowned) > float(lost @ invoice) + 0.1


def test_a_long_message_is_read_up_to_max_tokens(encoder: SentenceEncoder) -> None:
    ids = _tokenizer().encode("please help " * 200, MAX_TOKENS)
    assert len(ids) == MAX_TOKENS
    assert ids[0] == 101 and ids[-1] == 102  # [CLS] ... [SEP]
    assert encoder.encode("please help " * 200).shape == (384,)


def test_a_vocabulary_without_the_special_tokens_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[CLS\]"):
        WordPiece(["a", "b"])
