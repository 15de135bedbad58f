"""The audio gate: every published audio file measured against the output profile.

Measured once per content (the store keeps each file's figures under its key), written to
``audio-report.json``; a miss fails the build, or only warns with ``--audio-check warn``.
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline import atomic
from pipeline.audio import compliance
from pipeline.audio.profiles import OutputProfile
from pipeline.errors import AudioError
from pipeline.publish.format import Artifact
from pipeline.store import Store, content_key

log = logging.getLogger(__name__)

# Each check is a decoder and a loudness meter (two processes); two checks fill two cores.
CHECKS_AT_ONCE = 2


def failures(report: dict) -> list[str]:
    """The names of the figures a file's report failed."""
    return [f["name"] for f in report["figures"] if f["passed"] is False]


def measured(artifacts: list[Artifact], profile: OutputProfile, store: Store) -> list[dict]:
    """Each published audio file's report (with its path), measured once per content; the
    files not measured before are measured side by side."""

    def report(artifact: Artifact) -> dict:
        check_key = content_key("audio-check", artifact.key, profile.identity())
        found = store.get_json("audio-checks", check_key)
        if found is None:
            found = compliance.check(artifact.path, profile).to_dict()
            store.put_json("audio-checks", check_key, found)
        return {**found, "file": str(artifact.path)}

    audio = [artifact for artifact in artifacts if artifact.audio]
    with ThreadPoolExecutor(max_workers=CHECKS_AT_ONCE) as pool:
        return list(pool.map(report, audio))


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
