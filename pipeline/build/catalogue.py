"""A catalogue of reports built together: every report's clips scheduled at once on one
executor (a sentence two reports share is synthesized once), each report finished the moment
its own clips are in, while the others' are still being synthesized (and each of its languages
stitched the moment that language's clips are in).

One report failing (bad input, an engine failing on its sentence) is reported and the others
finish; the caller decides the exit code. Nothing is written before the executor has started,
so an unreachable scheduler leaves everything as it was.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from pipeline.build.document import (
    BuildResult,
    OpenDocument,
    finish_document,
    open_document,
    stitch_language,
)
from pipeline.build.narration import Narration, Narrator, needed_engines
from pipeline.config import BuildOptions
from pipeline.errors import BuildInterrupted, PipelineError
from pipeline.executors import FORK_GATE, EngineSpec, Executor, make_executor
from pipeline.formats.epub_check import close_checker
from pipeline.speech import make_synthesizer
from pipeline.store import Store

# Reports stitched and published at once while others are narrated: finishing one keeps about
# two cores busy (two ffmpeg encodes or meters side by side).
FINISHING_AT_ONCE = max(1, (os.cpu_count() or 2) // 2)


def catalogue_sources(paths: Sequence[Path]) -> list[Path]:
    """The reports named: a folder stands for the Markdown files in it (sorted); a file named
    twice is built once."""
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.md")) if path.is_dir() else [path]
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


@dataclass
class DocumentOutcome:
    """One report of a catalogue: built, or the error that stopped it."""

    source: Path
    result: BuildResult | None = None
    error: PipelineError | None = None


@dataclass(frozen=True)
class CatalogueStatus:
    """Where a catalogue build stands, for a progress display."""

    documents_done: int
    documents: int
    clips_done: int
    clips: int
    elapsed: float

    @property
    def eta_seconds(self) -> float | None:
        """Time left at the pace of the clips so far (None before the first)."""
        if not self.clips_done:
            return None
        return self.elapsed / self.clips_done * (self.clips - self.clips_done)


class CatalogueProgress(Protocol):
    def update(self, status: CatalogueStatus) -> None: ...

    def finished(self, outcome: DocumentOutcome) -> None: ...


@dataclass
class CatalogueResult:
    outcomes: list[DocumentOutcome]
    clips_needed: int  # the clips the reports needed, counted once per report
    clips_synthesized: int  # distinct clips actually synthesized
    seconds: float
    executor: str

    @property
    def dedup_saved(self) -> int:
        """Clips not synthesized because another report of the catalogue needed the same."""
        return self.clips_needed - self.clips_synthesized

    @property
    def failed(self) -> list[DocumentOutcome]:
        return [o for o in self.outcomes if o.error is not None]


def _finish_apart(document: OpenDocument, counts: dict) -> BuildResult:
    # Finishing runs ffmpeg while clips arrive: no worker may be forked meanwhile.
    with FORK_GATE.work():
        return finish_document(document, counts)


def _stitch_apart(document: OpenDocument, language: str) -> None:
    with FORK_GATE.work():
        stitch_language(document, language)


def expects_clips(sources: Sequence[Path], options: BuildOptions) -> bool:
    """Whether some report has changed since it was last built: its source is newer than its
    build-report.json, or it has none. A hint for speed only (local workers then load the
    model while the reports are read): a no-op rebuild loads nothing, and a change it cannot
    see (a translation reviewed since) loads the model with the first clip, as always."""
    if "narrate" not in options.stages:
        return False
    for source in sources:
        try:
            built = (options.out_dir / source.stem / "build-report.json").stat().st_mtime_ns
            if source.stat().st_mtime_ns >= built:
                return True
        except OSError:
            return True
    return False


def executor_for(options: BuildOptions, preload: bool = False) -> Executor:
    """The executor the options ask for (a scheduler address means dask), with a worker
    process per core here, or as many as the engine may run at once if fewer (an online
    engine's rate limit); ``preload``: its workers load their engines at once."""
    engines = {name: EngineSpec(name, settings) for name, settings in needed_engines(options)}
    name = "dask" if options.scheduler else options.executor
    workers = options.workers
    if workers is None:
        engine = make_synthesizer(options.tts, **options.tts_options)
        workers = max(1, min(os.cpu_count() or 1, engine.workers))
    return make_executor(
        name,
        engines,
        scheduler=options.scheduler,
        workers=workers,
        connect_timeout=options.connect_timeout,
        preload=preload,
    )


def build_catalogue(
    sources: Sequence[Path],
    options: BuildOptions,
    progress: CatalogueProgress | None = None,
    executor: Executor | None = None,
) -> CatalogueResult:
    """Build every report in ``sources`` together; a report's failure is in its outcome.

    ``executor`` defaults to the one the options name (started, and closed after).
    """
    own = executor is None
    executor = executor or executor_for(options, preload=expects_clips(sources, options))
    executor.start()
    try:
        return _Catalogue(sources, options, executor, progress).run()
    finally:
        close_checker()  # the books' EPUBCheck process, shared by every report
        if own:
            executor.close(cancel=True)


@dataclass
class _Catalogue:
    sources: Sequence[Path]
    options: BuildOptions
    executor: Executor
    progress: CatalogueProgress | None
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def __post_init__(self) -> None:
        self.outcomes = [DocumentOutcome(source) for source in self.sources]
        self.narrator = Narrator(self.executor, Store(self.options.store_dir), self.options)
        self.open: dict[int, tuple[OpenDocument, Narration]] = {}
        self.finishing: dict[Future[BuildResult], int] = {}
        # A language whose clips are in is stitched while the report's others are narrated,
        # beside any report's finishing (which waits for it, and goes on with the others).
        self.stitcher = ThreadPoolExecutor(max_workers=2, thread_name_prefix="stitch")
        self.finisher = ThreadPoolExecutor(
            max_workers=FINISHING_AT_ONCE, thread_name_prefix="finish"
        )

    def run(self) -> CatalogueResult:
        try:
            for index, source in enumerate(self.sources):
                self._open(index, source)
                self._collect(0)
            while self.narrator.busy or self.finishing:
                if self.narrator.busy:
                    self._collect(0.2 if self.finishing else None)
                else:
                    wait(list(self.finishing), return_when=FIRST_COMPLETED)
                self._reap()
            assert not self.open, "a report waits for clips no worker is making"
        except KeyboardInterrupt:
            raise self._interrupted() from None
        finally:
            self.finisher.shutdown(wait=True, cancel_futures=True)
            self.stitcher.shutdown(wait=True, cancel_futures=True)
            for document, _ in self.open.values():
                document.lock.close()
        self.narrator.record_speed()
        return CatalogueResult(
            self.outcomes,
            self.narrator.needed,
            self.narrator.total,
            time.monotonic() - self.started,
            self.executor.describe(),
        )

    def _open(self, index: int, source: Path) -> None:
        try:
            document = open_document(source, self.options, self.narrator.store)
        except PipelineError as error:
            self._ended(index, error=error)
            return
        try:
            narration = self.narrator.add(document.prepared.languages, priority=-index)
        except BaseException:  # the executor cannot run at all: every report stops
            document.lock.close()
            raise
        self.open[index] = (document, narration)
        self._update()
        if narration.complete:
            self._finish(index)

    def _collect(self, timeout: float | None) -> None:
        completed = self.narrator.collect(timeout)
        for narration, language in self.narrator.ready_languages():
            document = next(d for d, n in self.open.values() if n is narration)
            document.ahead[language] = self.stitcher.submit(_stitch_apart, document, language)
        for narration in completed:
            index = next(i for i, (_, n) in self.open.items() if n is narration)
            self._finish(index)
        self._update()

    def _finish(self, index: int) -> None:
        document, narration = self.open[index]
        if narration.error is not None:
            wait(document.ahead.values())  # nothing of it is written once its folder is let go
            document.lock.close()
            del self.open[index]
            self._ended(index, error=narration.error)
            return
        document.watch.add("narrate", narration.seconds)
        narration.point_scripts_at_clips()
        future = self.finisher.submit(_finish_apart, document, narration.counts)
        self.finishing[future] = index

    def _reap(self) -> None:
        for future in [f for f in self.finishing if f.done()]:
            index = self.finishing.pop(future)
            self.open.pop(index, None)
            try:
                self._ended(index, result=future.result())
            except PipelineError as error:
                self._ended(index, error=error)

    def _ended(
        self, index: int, result: BuildResult | None = None, error: PipelineError | None = None
    ) -> None:
        outcome = self.outcomes[index]
        outcome.result, outcome.error = result, error
        if self.progress is not None:
            self.progress.finished(outcome)
        self._update()

    def _update(self) -> None:
        if self.progress is None:
            return
        done = sum(1 for o in self.outcomes if o.result is not None or o.error is not None)
        self.progress.update(
            CatalogueStatus(
                done,
                len(self.outcomes),
                self.narrator.done,
                self.narrator.total,
                time.monotonic() - self.started,
            )
        )

    def _interrupted(self) -> BuildInterrupted:
        # Clips in flight finish and are kept; count what is in the store, not what was
        # collected (one may have landed a moment before Ctrl-C).
        self.executor.close(cancel=True)
        self.narrator.collect(0)
        kept = self.narrator.kept()
        return BuildInterrupted(
            f"interrupted: {kept} clips finished this run are kept; rerun to resume"
        )
