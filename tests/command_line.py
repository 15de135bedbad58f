"""Running the command line as a user does: ``python -m pipeline`` in a folder of its own.

Imported by name (tests/ is on sys.path). Every run happens in a temporary folder with no
``pipeline.toml``, so the project's own settings (formats that need Java, say) never leak
into a test; a test that wants settings writes its own file.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def environment(env: dict[str, str] | None = None) -> dict[str, str]:
    # The subprocess imports the package from this checkout, whatever is installed.
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, **(env or {})}


def pipeline(
    *args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m pipeline ARGS`` in ``cwd`` to the end; return what it said and did."""
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)],
        cwd=cwd,
        env=environment(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def start(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start ``python -m pipeline ARGS`` in ``cwd``, as a shell starts a command in the
    foreground (Ctrl-C reaches it); the caller waits for it."""
    # Run from a background job (CI, nohup … &), the tests inherit SIGINT ignored, and so
    # would the build: Python keeps an ignored SIGINT, and a Ctrl-C test then waits for a
    # build that never hears it. A handled signal is reset to the default across exec.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler) if main else None
    try:
        return subprocess.Popen(
            [sys.executable, "-m", "pipeline", *map(str, args)],
            cwd=cwd,
            env=environment(env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)


def espeak_build(
    source: Path, out: Path, cache: Path, *extra: str | Path, quiet: bool = True
) -> list[str]:
    """The arguments of an espeak build of ``source`` into ``out`` with ``cache`` (quiet:
    errors only on stderr)."""
    return [
        *(["-q"] if quiet else []),
        "build",
        str(source),
        "--tts",
        "espeak",
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
        *map(str, extra),
    ]


def pcm_digest(path: Path) -> str:
    """The sha256 of an audio file's decoded samples (what a listener hears)."""
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return hashlib.sha256(pcm).hexdigest()


def decodes(path: Path) -> bool:
    """True if ffmpeg decodes the whole file without a complaint."""
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0 and not done.stderr.strip()


# What a build publishes that a listener or reader gets; audio compared by its samples.
PUBLISHED = (".mp3", ".md", ".vtt", ".srt")


def published(out: Path) -> dict[str, str]:
    """Each published file under ``out`` (relative path) → a digest of what it holds."""
    found = {}
    for path in sorted(out.rglob("*")):
        if path.suffix not in PUBLISHED or path.name.startswith("."):
            continue
        relative = str(path.relative_to(out))
        if path.suffix == ".mp3":
            found[relative] = pcm_digest(path)
        else:
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def memory_entries(po: Path) -> str:
    """A memory's text without the header lines that carry the time it was written."""
    lines = po.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if "-Date: " not in line)


def wait_for_line(path: Path, process: subprocess.Popen[str], timeout: float = 120) -> str:
    """The first line written to ``path`` (a crash point's log) while ``process`` runs.

    Polls the file, not the clock: the wait ends the moment the line is there; a process
    that ends first, or a point never reached within ``timeout``, fails the test."""
    deadline = time.monotonic() + timeout
    while True:
        if path.exists() and path.read_text(encoding="utf-8").endswith("\n"):
            return path.read_text(encoding="utf-8").splitlines()[0]
        assert process.poll() is None, f"ended ({process.returncode}) before the point"
        assert time.monotonic() < deadline, f"{path} was not written in {timeout} s"
        time.sleep(0.02)
