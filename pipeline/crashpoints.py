"""Named crash points, for tests: kill the process, or fill the disk, at an exact place.

A test of a build that is killed or runs out of space must not depend on when a signal
happens to land. Code that writes something worth protecting calls ``reached(name, path)``
at the moment that matters (a clip written but not yet renamed into the store, an MP3
encoded but not yet renamed, a published file tagged but not yet renamed, the translation
memory written but not yet renamed). Unless the environment asks for that point, this does
nothing. The environment is read here and nowhere else:

``PIPELINE_CRASH_AT=NAME[@FILE][:COUNT][:MODE]``
    The point ``NAME``, only where the file being written is named ``FILE``, the
    ``COUNT``-th time it is reached in this process (default 1). ``MODE`` is what happens:

    - ``kill`` (the default): SIGKILL, as a power cut or the OOM killer would;
    - ``enospc``: ``OSError(ENOSPC)``, as a full disk would;
    - ``note``: nothing, the build goes on (a test waits for the note, then acts);
    - ``pause``: the thread waits until the release file appears (or 300 s pass).

``PIPELINE_CRASH_LOG=FILE``
    Each point reached as asked is appended to FILE as ``NAME COUNT PID PATH`` *before*
    the action, so a test can prove the point was reached. ``FILE.release`` ends a pause.

Clips are written by worker processes, so with a log the arrivals are counted across the
build's processes (in ``FILE.arrivals``, under a file lock), and ``kill`` kills the build
itself, not only the worker that got there: that is what a power cut does.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CRASH_AT = "PIPELINE_CRASH_AT"
CRASH_LOG = "PIPELINE_CRASH_LOG"
MODES = ("kill", "enospc", "note", "pause")
PAUSE_LIMIT_S = 300.0
_POLL_S = 0.02


@dataclass(frozen=True)
class CrashPoint:
    """Where to act (a point's name, and a file name if given), on which arrival, how."""

    name: str
    file: str | None = None
    count: int = 1
    mode: str = "kill"


def parse(spec: str) -> CrashPoint:
    """The crash point a ``PIPELINE_CRASH_AT`` value names; ValueError if malformed."""
    where, *rest = spec.strip().split(":")
    name, _, file = where.partition("@")
    count, mode = 1, "kill"
    for part in rest:
        if part.isdigit() and int(part) >= 1:
            count = int(part)
        elif part in MODES:
            mode = part
        else:
            raise ValueError(f"{CRASH_AT}={spec!r}: {part!r} is neither a count nor a mode")
    if not name:
        raise ValueError(f"{CRASH_AT}={spec!r}: no point named")
    return CrashPoint(name, file or None, count, mode)


def _asked() -> CrashPoint | None:
    spec = os.environ.get(CRASH_AT)
    return parse(spec) if spec else None


_BUILD_PID = "PIPELINE_CRASH_BUILD_PID"
_arrivals: dict[str, int] = {}
_lock = threading.Lock()

if os.environ.get(CRASH_AT):
    # Imported first by the build; the worker processes it starts inherit this.
    os.environ.setdefault(_BUILD_PID, str(os.getpid()))


@contextlib.contextmanager
def _arrival(name: str, log: str | None) -> Iterator[int]:
    """This arrival's number at point ``name``, held until the block ends: no other arrival
    (in any of the build's processes, when there is a log) gets past until then."""
    with _lock:
        if not log:
            arrival = _arrivals[name] = _arrivals.get(name, 0) + 1
            yield arrival
            return
        with open(f"{log}.arrivals", "a+", encoding="utf-8") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes (or we die)
            handle.seek(0)
            arrival = handle.read().split().count(name) + 1
            handle.write(f"{name}\n")
            handle.flush()
            yield arrival


def reached(name: str, path: Path | None = None) -> None:
    """Mark point ``name`` (writing ``path``); act if the environment asked for it."""
    asked = _asked()
    if asked is None or asked.name != name:
        return
    if asked.file is not None and (path is None or path.name != asked.file):
        return
    log = os.environ.get(CRASH_LOG)
    with _arrival(name, log) as arrival:
        if asked.mode == "kill" and log and arrival > asked.count:
            # The build was killed at its point. A worker can take the arrivals lock as the
            # killer dies, before its own death signal lands: nothing after the point happens.
            os.kill(os.getpid(), signal.SIGKILL)
        if arrival != asked.count:
            return
        if log:
            with open(log, "a", encoding="utf-8") as handle:
                handle.write(f"{name} {arrival} {os.getpid()} {path or ''}\n")
                handle.flush()
                os.fsync(handle.fileno())
        if asked.mode == "kill":
            # Still holding the arrivals: no other worker's write gets past before we die.
            build = int(os.environ.get(_BUILD_PID, os.getpid()))
            if build != os.getpid():
                os.kill(build, signal.SIGKILL)
            os.kill(os.getpid(), signal.SIGKILL)
    if asked.mode == "enospc":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path or name))
    elif asked.mode == "pause" and log:
        release = Path(log + ".release")
        deadline = time.monotonic() + PAUSE_LIMIT_S
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(_POLL_S)
