"""One build at a time per output folder: an flock'd lock file naming its holder."""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import BuildLocked

log = logging.getLogger(__name__)


@contextlib.contextmanager
def build_lock(folder: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold ``folder/.lock`` for the duration; wait up to ``wait_seconds`` for another build.

    The kernel drops an flock when its process dies, so a lock left by a killed build is
    never stale: the file may remain, but nobody holds it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".lock"
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held for the whole build)
    deadline = time.monotonic() + wait_seconds
    told = False
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLocked(
                        f"{folder}: another build is running ({_holder(path)})"
                    ) from None
                if not told:
                    log.warning(
                        "%s: another build is running (%s); waiting up to %g s",
                        folder,
                        _holder(path),
                        wait_seconds,
                    )
                    told = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        started = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(json.dumps({"pid": os.getpid(), "started": started}))
        handle.flush()
        yield
    finally:
        handle.close()


def _holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return f"pid {info['pid']}, started {info['started']}"
    except (OSError, ValueError, KeyError):
        return "holder unknown"
