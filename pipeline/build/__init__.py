"""A whole build: parse, translate, publish the text, narrate, stitch, publish the audio
formats, measure, report; for one report (``build``) or a catalogue of them built together
(``catalogue.build_catalogue``).

Each stage's work is keyed by content, so a rerun after an edit redoes only what the edit
touched, and a rerun with no edit does no translation, no synthesis and no encoding.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.build.catalogue import CatalogueStatus, DocumentOutcome, build_catalogue
from pipeline.build.document import BuildResult, Stopwatch, UnreviewedContent
from pipeline.config import BuildOptions

__all__ = ["BuildResult", "Progress", "Stopwatch", "UnreviewedContent", "build"]

Progress = Callable[[str, int, int], None]  # (what, done, total)


class _ClipProgress:
    """A catalogue's progress as one report's: clips done of total."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress

    def update(self, status: CatalogueStatus) -> None:
        if status.clips:
            self._progress("narrating", status.clips_done, status.clips)

    def finished(self, outcome: DocumentOutcome) -> None:
        pass


def build(source: Path, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build one report: editions, section MP3s and chaptered books, and build-report.json.

    Raises the error that stopped it (a PipelineError)."""
    result = build_catalogue([source], options, _ClipProgress(progress) if progress else None)
    [outcome] = result.outcomes
    if outcome.error is not None:
        raise outcome.error
    assert outcome.result is not None
    return outcome.result
