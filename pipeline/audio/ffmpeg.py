"""Running ffmpeg and ffprobe, and feeding them many files as one stream."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pipeline.errors import AudioError


def run_ffmpeg(arguments: list[str]) -> str:
    """Run ffmpeg quietly; return its stderr (where filters report); AudioError on failure."""
    if shutil.which("ffmpeg") is None:
        raise AudioError("ffmpeg is not installed (run `make setup`)")
    done = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-y", *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        message = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise AudioError(f"ffmpeg failed: {message}")
    return done.stderr


@contextlib.contextmanager
def concat_input(files: list[Path]) -> Iterator[list[str]]:
    """Yield ffmpeg input options that play ``files`` end to end (the concat demuxer).

    The demuxer reads one file after another, so memory does not grow with their number.
    """
    fd, name = tempfile.mkstemp(prefix="pipeline-concat-", suffix=".txt")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as listing:
            for path in files:
                quoted = str(path.resolve()).replace("'", "'\\''")
                listing.write(f"file '{quoted}'\n")
        yield ["-f", "concat", "-safe", "0", "-i", name]
    finally:
        os.unlink(name)


def probe(path: Path, *show: str) -> dict:
    """What ffprobe reports of a media file as JSON (``show``: its options, e.g.
    ``-show_chapters``); AudioError, naming the file, if it cannot read it."""
    if shutil.which("ffprobe") is None:
        raise AudioError("ffprobe is not installed (run `make setup`)")
    done = subprocess.run(
        ["ffprobe", "-v", "error", *show, "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        found = json.loads(done.stdout)
    except ValueError:
        found = None
    if done.returncode != 0 or not isinstance(found, dict):
        message = (done.stderr.strip().splitlines() or ["not a media file"])[-1]
        raise AudioError(f"ffprobe cannot read {path}: {message}")
    return found


def probe_duration(path: Path) -> float:
    """The duration ffprobe reads from a media file, in seconds."""
    try:
        return float(probe(path, "-show_entries", "format=duration")["format"]["duration"])
    except (KeyError, ValueError):
        raise AudioError(f"ffprobe finds no duration in {path}") from None
