"""The audio gate: every published audio file measured against the output profile.

Each file is measured as soon as it is written, while the build writes the others, and once
per sound (the store keeps its figures); a section file as soon as its language's level is
decided, from the MP3 encoded then (``measure_ahead``), before it is published. The reports
go to ``audio-report.json``; a miss fails the build, or only warns with
``--audio-check warn``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from pipeline import atomic
from pipeline.audio import compliance, composition
from pipeline.audio.profiles import OutputProfile
from pipeline.errors import AudioError
from pipeline.publish.format import Artifact
from pipeline.store import Store

log = logging.getLogger(__name__)

# Each check is one ffmpeg, decoding once for the meters and for our windows: a core each.
CHECKS_AT_ONCE = 2


def failures(report: dict) -> list[str]:
    """The names of the figures a file's report failed."""
    return [f["name"] for f in report["figures"] if f["passed"] is False]


class AudioGate:
    """Measures each published audio file once it is in place, while the build writes the
    rest (an EPUB's Java and a sample's encoder leave a core idle at times); ``reports``
    waits for them all. Figures are kept in the store under the file's sound. A file joined
    from others frame for frame (a book from its sections) has its figures composed from
    theirs, each part measured as it is written."""

    def __init__(self, profile: OutputProfile, store: Store) -> None:
        self.profile, self.store = profile, store
        self._pool = ThreadPoolExecutor(max_workers=CHECKS_AT_ONCE)
        self._pending: dict[Path, Future[dict]] = {}
        self._parts: dict[Path, Future[compliance.Joinable]] = {}
        self._lock = threading.Lock()  # formats hand over their files from their own threads

    def __enter__(self) -> AudioGate:
        return self

    def __exit__(self, *_: object) -> None:
        # A build that failed before ``reports`` waits only for the measurements running.
        self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, artifact: Artifact) -> None:
        with self._lock:
            # A part is submitted before any file joined from it (its format lists it first),
            # so a file's task never waits on a part still queued behind it.
            if artifact.part and artifact.path not in self._parts:
                self._parts[artifact.path] = self._pool.submit(
                    composition.part, artifact.path, artifact.sound, self.store
                )
            if artifact.audio and artifact.path not in self._pending:
                self._pending[artifact.path] = self._pool.submit(self._report, artifact)

    def measure_ahead(self, parts: list[tuple[Path, str]]) -> None:
        """Start measuring files that will be published as parts (each the file and the
        sound it will be published as) before they are: the gate's own measurement of the
        published file then waits for it and reads its figures from the store."""
        for path, sound in parts:
            self._pool.submit(measure_part_ahead, path, sound, self.store)

    def reports(self, artifacts: list[Artifact]) -> list[dict]:
        """Each published audio file's report (with its path), in the artifacts' order."""
        for artifact in artifacts:
            self.submit(artifact)
        return [self._pending[a.path].result() for a in artifacts if a.audio]

    def _report(self, artifact: Artifact) -> dict:
        check_key = compliance.check_key(artifact.sound, self.profile)
        found = self.store.get_json("audio-checks", check_key)
        if found is None:
            found = self._check(artifact).to_dict()
            self.store.put_json("audio-checks", check_key, found)
        return {**found, "file": str(artifact.path)}

    def _check(self, artifact: Artifact) -> compliance.ComplianceReport:
        if artifact.path in self._parts:  # judged itself, and measured as a part already
            figures = self._parts[artifact.path].result().figures
            return compliance.judge(figures, self.profile, str(artifact.path))
        parts = [self._parts.get(path) for path in artifact.parts]
        if parts and None not in parts:
            joined = [future.result() for future in parts if future is not None]
            return composition.check_joined(joined, artifact.path, self.profile)
        return compliance.check(artifact.path, self.profile)


def measure_part_ahead(path: Path, sound: str, store: Store) -> None:
    """Measure a file that will be published as a part, and keep its figures under its
    sound; one moved into place meanwhile is measured there, as it is written."""
    with contextlib.suppress(AudioError, OSError):
        composition.part(path, sound, store)


def publish_audio_report(reports: list[dict], out: Path, profile: str, on_miss: str) -> None:
    """Write ``audio-report.json``; raise AudioError on a miss unless ``on_miss`` is "warn"."""
    passed = all(r["passed"] for r in reports)
    atomic.write_text(
        out / "audio-report.json",
        json.dumps({"passed": passed, "files": reports}, indent=2, ensure_ascii=False),
    )
    if passed:
        return
    missed = "; ".join(
        f"{Path(r['file']).name}: {', '.join(failures(r))}" for r in reports if not r["passed"]
    )
    message = f"output misses the {profile} profile ({missed}); see audio-report.json"
    if on_miss == "fail":
        raise AudioError(message)
    log.warning(message)
