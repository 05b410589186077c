"""Write tests/data/encoder_reference.json: what the reference implementation of all-MiniLM-L6-v2 gives.

    python tests/data/encoder_reference.py MODEL_DIR

Run in a separate virtualenv with `sentence-transformers` and `tokenizers` (they pull in torch; the
project does not install them). MODEL_DIR is the published model folder (see faq/export_encoder.py).
tests/unit/test_faq_encoder.py compares faq/wordpiece.py and faq/encoder.py with this file: token ids
must be identical, embeddings close (the shipped weights are int8).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sentence_transformers import SentenceTransformer
from tokenizers import Tokenizer

HERE = Path(__file__).resolve().parent
TRICKY = [
    "",
    "   ",
    "Café naïve İstanbul ﬁne ２ＦＡ",
    "😀😀 can't log in!!! 🙏",
    "中文字 and 日本語 mixed",
    "zero\u200bwidth\u00a0nbsp\ttab\nnewline",
    "ALL CAPS 2FA OTP SMS?!",
    "a" * 150,
    "supercalifragilisticexpialidocious-authentification",
    "x " * 300,
    "email@example.com +44 7700 900123 https://example.com/a?b=c",
    "don’t “smart quotes” — dashes … ellipsis",
]


def main() -> int:
    model = Path(sys.argv[1])
    tokenizer = Tokenizer.from_file(str(model / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    rows = [json.loads(line) for line in (HERE / "faq_examples.jsonl").read_text("utf-8").splitlines()]
    sample = [r["text"] for r in rows[::8]]
    tokens = [{"text": t, "ids": tokenizer.encode(t).ids} for t in TRICKY + sample]
    texts = TRICKY + [r["text"] for r in rows[::100]]
    encoder = SentenceTransformer(str(model), device="cpu")
    vectors = encoder.encode(texts, normalize_embeddings=True)
    embeddings = [
        {"text": t, "vector": [round(float(x), 5) for x in v]} for t, v in zip(texts, vectors, strict=True)
    ]
    out = {"model": "sentence-transformers/all-MiniLM-L6-v2", "tokens": tokens, "embeddings": embeddings}
    (HERE / "encoder_reference.json").write_text(json.dumps(out, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(tokens)} token rows, {len(embeddings)} embeddings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
