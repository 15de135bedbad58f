"""One report's build on either side of narration: opened (parsed, locked, translated, text
editions published, scripts made) and, once its clips are in the store, finished (stitched,
audio published and measured, build-report.json written).

Narration itself is shared by every report of a catalogue (``build.narration``), so that a
sentence two reports share is synthesized once.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic
from pipeline.audio.stitch import section_audio_from_store
from pipeline.build.audio_gate import AudioGate, measure_part_ahead, publish_audio_report
from pipeline.build.report import BuildReport
from pipeline.build.summaries import language_reports
from pipeline.config import SOURCE_LANGUAGE, BuildOptions
from pipeline.errors import ExitCode, PipelineError
from pipeline.lock import build_lock
from pipeline.model import Document
from pipeline.parsing import load_document
from pipeline.prepare import LanguagePlan, Prepared, prepare
from pipeline.publish.format import Artifact
from pipeline.publish.publication import Edition, Publication
from pipeline.publish.runner import prepare_formats, publish
from pipeline.speech.narrate import NarrationCounts
from pipeline.store import Store
from pipeline.translate.stage import TranslationResult

log = logging.getLogger(__name__)


class UnreviewedContent(PipelineError):
    """--require-reviewed and some blocks are machine translations."""

    exit_code = ExitCode.UNREVIEWED


@dataclass
class BuildResult:
    name: str
    out_dir: Path
    report: BuildReport
    translation: TranslationResult | None

    @property
    def unreviewed(self) -> int:
        return len(self.translation.unreviewed()) if self.translation else 0

    @property
    def speech_failures(self) -> int:
        return self.report.speech_failures


class Stopwatch:
    """Wall time per stage, for build-report.json."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def time(self, stage: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            self.add(stage, time.monotonic() - started)

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = round(self.seconds.get(stage, 0.0) + seconds, 3)


@dataclass
class OpenDocument:
    """A report whose clips are being narrated: what finishing it needs."""

    source: Path
    options: BuildOptions
    store: Store
    out: Path
    prepared: Prepared
    publication: Publication
    published: list[Artifact]
    watch: Stopwatch
    lock: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    # Languages being stitched (and levelled) while the others were still being narrated.
    ahead: dict[str, Future[None]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.prepared.english.name


def open_document(source: Path, options: BuildOptions, store: Store) -> OpenDocument:
    """Parse, lock the output folder (held until ``finish_document`` or ``release``),
    translate, publish the text formats and make each language's scripts."""
    watch = Stopwatch()
    with watch.time("parse"):
        english = load_document(source, options.encoding, SOURCE_LANGUAGE)
    options = options.for_report(english.metadata)
    for warning in english.warnings:
        log.warning(warning)
    out = options.out_dir / english.name
    lock = contextlib.ExitStack()
    lock.enter_context(build_lock(out, options.lock_wait_seconds))
    try:
        _remove_leftovers(out)
        with watch.time("translate"):
            prepared = prepare(english, source, options, store)
        publication = Publication(english.name, source, out, options, store, _editions(prepared))
        with watch.time("editions"):
            published = publish(publication, "text")
        translation = prepared.translation
        if options.require_reviewed and translation is not None and translation.unreviewed():
            raise UnreviewedContent(
                f"{len(translation.unreviewed())} Spanish blocks are not reviewed "
                f"(`pipeline status` lists them); the edition was written, no audio was made"
            )
    except BaseException:
        lock.close()
        raise
    return OpenDocument(source, options, store, out, prepared, publication, published, watch, lock)


def _remove_leftovers(out: Path) -> None:
    # Temp files of a build killed mid-write (SIGKILL leaves no chance to tidy); we hold the
    # lock, so none of them belongs to a running build.
    for temp in out.rglob(".*.part"):
        temp.unlink(missing_ok=True)


def _editions(prepared: Prepared) -> dict[str, Edition]:
    """Each language the build makes, as the formats will see it."""
    translation = prepared.translation
    flagged = tuple(b.block for _, b in translation.unreviewed()) if translation else ()
    documents: dict[str, Document] = {SOURCE_LANGUAGE: prepared.english}
    if translation is not None:
        documents[translation.document.language] = translation.document
    plans = {plan.language: plan for plan in prepared.languages}
    return {
        language: Edition(
            language,
            document,
            flagged=flagged if language != SOURCE_LANGUAGE else (),
            voice=plans[language].voice if language in plans else None,
        )
        for language, document in documents.items()
    }


def stitch_language(document: OpenDocument, language: str) -> None:
    """Stitch one language's sections and decide its book's level (which encodes what it
    meters, ``audio.encodes``) while the report's other language is still being narrated:
    every clip of ``language`` is in, none replaced. ``finish_document`` does the rest."""
    if "stitch" not in document.options.stages:
        return
    plan = next(p for p in document.prepared.languages if p.language == language)
    _stitch(document, plan)
    document.publication.level_filter(language)
    # Its changed sections measured now, for the audio gate, while the others are narrated.
    for path, sound in document.publication.sections_encoded_ahead(language):
        measure_part_ahead(path, sound, document.store)


def _stitch(document: OpenDocument, plan: LanguagePlan) -> None:
    """Point the language's edition at its scripts and their stitched section audio."""
    publication, store = document.publication, document.store
    edition = publication.editions[plan.language]
    edition.scripts = plan.scripts
    edition.opening, edition.closing = plan.opening, plan.closing
    edition.audio = [
        section_audio_from_store(script, store, key)
        for (_, script), key in zip(
            edition.heard(), publication.script_keys(plan.language), strict=True
        )
    ]


def finish_document(document: OpenDocument, counts: dict[str, NarrationCounts]) -> BuildResult:
    """Stitch each section from the store's clips, publish the audio formats, measure them
    against the profile, write build-report.json; then release the output folder."""
    with document.lock:
        return _finish(document, counts)


def _finish(document: OpenDocument, counts: dict[str, NarrationCounts]) -> BuildResult:
    options, store, publication = document.options, document.store, document.publication
    prepared, watch, out = document.prepared, document.watch, document.out
    published = list(document.published)
    audio_reports: list[dict] = []
    if "stitch" in options.stages:
        with watch.time("stitch"):
            prepare_formats(publication, "audio")
            for plan in prepared.languages:
                if plan.language not in document.ahead:
                    _stitch(document, plan)

            def level(language: str) -> None:
                if (stitching := document.ahead.get(language)) is not None:
                    stitching.result()  # its failure is the report's
                publication.level_filter(language)
                # Its changed sections are measured while the other languages' are metered.
                gate.measure_ahead(publication.sections_encoded_ahead(language))

            with AudioGate(publication.profile, store) as gate:
                # Every language's level is decided at once (metering only what changed),
                # before the formats encode at it.
                with ThreadPoolExecutor(max_workers=len(prepared.languages) or 1) as pool:
                    list(pool.map(level, publication.narrated_languages))
                audio = publish(publication, "audio", ready=gate.submit)
                audio_reports = gate.reports(audio)
            published += audio
        publish_audio_report(audio_reports, out, options.audio_profile, options.audio_check)

    report = BuildReport(
        prepared.english.name,
        prepared.english.title,
        language_reports(prepared, publication, counts, audio_reports),
        watch.seconds,
        [str(a.path.relative_to(out)) for a in published],
    )
    atomic.write_text(out / "build-report.json", report.to_json())
    return BuildResult(prepared.english.name, out, report, prepared.translation)
