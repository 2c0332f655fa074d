#!/usr/bin/env python3
"""Writes the small binary artifacts of the examples/ repository (standard library only).

Run from the repository root: python3 scripts/examples/make_artifacts.py
"""
import json
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "examples" / "models"


def safetensors(path: Path) -> None:
    # Two float32 tensors: weight [2, 3] and bias [3], contiguous, little-endian.
    weight = struct.pack("<6f", 0.1, -0.2, 0.3, 0.4, -0.5, 0.6)
    bias = struct.pack("<3f", 0.01, 0.02, 0.03)
    header = {
        "__metadata__": {"format": "pt"},
        "weight": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, len(weight)]},
        "bias": {"dtype": "F32", "shape": [3], "data_offsets": [len(weight), len(weight) + len(bias)]},
    }
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    path.write_bytes(struct.pack("<Q", len(h)) + h + weight + bias)


class _Payload:
    """Pickling this object writes a call to os.system into the stream; nothing is executed here."""

    def __reduce__(self):
        import os

        return (os.system, ("echo pwned",))


def malicious_pickle(path: Path) -> None:
    # An ordinary-looking model dict with a payload hidden in it; written with pickle.dumps, never loaded.
    import pickle

    path.write_bytes(pickle.dumps({"coef": [0.4, -1.2, 0.7], "intercept": 0.1, "_meta": _Payload()}, protocol=4))


safetensors(ROOT / "churn-classifier" / "model.safetensors")
safetensors(ROOT / "support-bot" / "model.safetensors")
safetensors(ROOT / "sentiment-legacy" / "model.safetensors")
malicious_pickle(ROOT / "credit-scorer" / "model.pkl")
print("wrote examples/models/*/model.*")
