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


def onnx_like(path: Path) -> None:
    # A minimal ONNX ModelProto: ir_version (field 1, varint 8), producer_name (field 2) "examples".
    producer = b"examples"
    path.write_bytes(bytes([0x08, 0x08, 0x12, len(producer)]) + producer)


safetensors(ROOT / "churn-classifier" / "model.safetensors")
safetensors(ROOT / "support-bot" / "model.safetensors")
onnx_like(ROOT / "sentiment-legacy" / "model.onnx")
print("wrote examples/models/*/model.*")
