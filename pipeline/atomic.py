"""Atomic file writes: a temp file in the same folder, fsync, then rename over the target.

A build killed at any moment leaves either the old file or the new one, never half of one;
a full disk leaves the old file too, and says so in one line (DiskFull names the target).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pipeline import crashpoints
from pipeline.errors import DiskFull, disk_full


@contextlib.contextmanager
def atomic_path(target: Path, checkpoint: str | None = None) -> Iterator[Path]:
    """Yield a temp path beside ``target``; on success it replaces ``target`` atomically.

    ``checkpoint`` names the moment between writing and renaming for ``pipeline.crashpoints``
    (tests kill the process there, or fill the disk).
    """
    temp: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        os.close(fd)
        temp = Path(name)
        yield temp
        if checkpoint is not None:
            crashpoints.reached(checkpoint, target)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        # mkstemp makes owner-only files; what we publish is readable like any other file.
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except DiskFull as full:
        # A writer that wrote our temp file atomically itself names the temp: name ours.
        if temp is not None and full.path == temp:
            raise DiskFull(target) from full.__cause__
        raise
    except Exception as error:
        full = disk_full(error, target)
        if full is None:
            raise
        raise full from error
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def write_bytes(target: Path, data: bytes, checkpoint: str | None = None) -> None:
    with atomic_path(target, checkpoint) as temp:
        temp.write_bytes(data)


def write_text(target: Path, text: str, checkpoint: str | None = None) -> None:
    write_bytes(target, text.encode("utf-8"), checkpoint)
