"""A whole build of one report: parse, translate, write editions, narrate, stitch, report.

Each stage's work is keyed by content, so a rerun after an edit redoes only what the edit
touched, and a rerun with no edit does no translation, no synthesis and no encoding.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import atomic, editions, speed
from pipeline.audio import compliance, profiles
from pipeline.audio.cover import SUBTITLES, cover_for
from pipeline.audio.ffmpeg import probe_duration
from pipeline.audio.m4b import write_m4b
from pipeline.audio.profiles import OutputProfile
from pipeline.audio.stitch import (
    SectionAudio,
    encode_mp3,
    join_mp3s,
    section_audio_from_store,
)
from pipeline.audio.tags import BookTags, Chapter, verify_tags, write_tags
from pipeline.config import SOURCE_LANGUAGE, BuildOptions
from pipeline.errors import AudioError, PipelineError
from pipeline.lock import build_lock
from pipeline.model import Document
from pipeline.parsing import load_document
from pipeline.prepare import LanguagePlan, prepare, voice_choice
from pipeline.speech import Synthesizer, make_synthesizer
from pipeline.speech.narrate import (
    Fallback,
    NarrationCounts,
    missing_utterances,
    synthesize_missing,
)
from pipeline.speech.script import Step, Utterance, VoiceChoice, script_key
from pipeline.store import Store, content_key
from pipeline.transcripts import transcript_sections, write_transcripts
from pipeline.translate.stage import Origin, TranslationResult

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (what, done, total)


class UnreviewedContent(PipelineError):
    """--require-reviewed and some blocks are machine translations."""

    exit_code = 3


@dataclass
class LanguageOutcome:
    plan: LanguagePlan
    sections: list[SectionAudio] = field(default_factory=list)
    section_files: list[Path] = field(default_factory=list)
    narration: NarrationCounts = field(default_factory=NarrationCounts)
    book: Path | None = None
    transcripts: dict[str, Path] = field(default_factory=dict)
    compliance: list[dict] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.plan.language

    @property
    def document(self) -> Document:
        return self.plan.document

    @property
    def scripts(self) -> list[list[Step]]:
        return self.plan.scripts

    @property
    def voice(self) -> VoiceChoice:
        return self.plan.voice


@dataclass
class BuildResult:
    name: str
    out_dir: Path
    report: dict
    translation: TranslationResult | None

    @property
    def unreviewed(self) -> int:
        return len(self.translation.unreviewed()) if self.translation else 0

    @property
    def speech_failures(self) -> int:
        return sum(
            len(lang.get("speech_failures", [])) for lang in self.report["languages"].values()
        )


class _Stopwatch:
    """Wall time per stage, for build-report.json."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def time(self, stage: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        finally:
            elapsed = time.monotonic() - started
            self.seconds[stage] = round(self.seconds.get(stage, 0.0) + elapsed, 3)


def _state_path(out: Path) -> Path:
    return out / ".state.json"


def _load_state(out: Path) -> dict[str, str]:
    try:
        return json.loads(_state_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _fresh(path: Path, key: str, state: dict[str, str], out: Path) -> bool:
    return path.exists() and state.get(str(path.relative_to(out))) == key


def _remember(path: Path, key: str, state: dict[str, str], out: Path) -> None:
    state[str(path.relative_to(out))] = key
    atomic.write_text(_state_path(out), json.dumps(state, indent=1, sort_keys=True))


def build(source: Path, options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build one report: editions, section MP3s and chaptered books, and build-report.json."""
    watch = _Stopwatch()
    with watch.time("parse"):
        english = load_document(source, options.encoding, SOURCE_LANGUAGE)
    out = options.out_dir / english.name
    store = Store(options.store_dir)
    with build_lock(out, options.lock_wait_seconds):
        _remove_leftovers(out)
        return _build_locked(source, english, out, store, options, watch, progress)


def _remove_leftovers(out: Path) -> None:
    # Temp files of a build killed mid-write (SIGKILL leaves no chance to tidy); we hold the
    # lock, so none of them belongs to a running build.
    for temp in out.rglob(".*.part"):
        temp.unlink(missing_ok=True)


def _build_locked(
    source: Path,
    english: Document,
    out: Path,
    store: Store,
    options: BuildOptions,
    watch: _Stopwatch,
    progress: Progress | None,
) -> BuildResult:
    with watch.time("translate"):
        prepared = prepare(english, source, options, store)
    translation = prepared.translation

    with watch.time("editions"):
        atomic.write_text(out / f"{english.name}.en.md", editions.render_markdown(english))
        if translation is not None:
            marker = editions.UNREVIEWED_MARKERS["es"] if options.mark_unreviewed else ""
            flagged = [b.block for _, b in translation.unreviewed()]
            atomic.write_text(
                out / f"{english.name}.es.md",
                editions.render_markdown(translation.document, flagged, marker),
            )
    if options.require_reviewed and translation is not None and translation.unreviewed():
        raise UnreviewedContent(
            f"{len(translation.unreviewed())} Spanish blocks are not reviewed "
            f"(`pipeline status` lists them); the edition was written, no audio was made"
        )

    outcomes = [LanguageOutcome(plan) for plan in prepared.languages]
    fallback = _fallback(options)
    with watch.time("narrate"):
        for outcome in outcomes:
            utterances = outcome.plan.utterances()
            if "narrate" not in options.stages:
                missing = missing_utterances(utterances, store)
                if missing:
                    raise PipelineError(
                        f"{len(missing)} {outcome.language} sentences are not narrated yet "
                        f"(run `pipeline narrate` or `pipeline build`)"
                    )
            label = f"narrating ({outcome.language})"
            outcome.narration = synthesize_missing(
                utterances,
                prepared.synthesizer,
                outcome.plan.voice,
                store,
                (lambda done, total, label=label: progress(label, done, total))
                if progress
                else None,
                keep_going=options.keep_going,
                fallback=Fallback(fallback, voice_choice(fallback, outcome.language, options))
                if fallback
                else None,
            )
            outcome.plan.scripts = _with_replacements(
                outcome.plan.scripts, outcome.narration.replaced
            )
            speed.record(
                options.cache_dir,
                outcome.plan.voice,
                outcome.narration.characters,
                outcome.narration.seconds,
            )

    if "stitch" in options.stages:
        state = _load_state(out)
        with watch.time("stitch"):
            for outcome in outcomes:
                _stitch_language(outcome, source, out, store, options, state)
        _publish_audio_report(outcomes, out, options)

    report = _report(english, out, options, translation, outcomes, prepared.synthesizer, watch)
    atomic.write_text(out / "build-report.json", json.dumps(report, indent=2, ensure_ascii=False))
    return BuildResult(english.name, out, report, translation)


def _fallback(options: BuildOptions) -> Synthesizer | None:
    if not options.fallback_tts or options.fallback_tts == options.tts:
        return None
    return make_synthesizer(options.fallback_tts)


def _with_replacements(
    scripts: list[list[Step]], replaced: dict[str, str | None]
) -> list[list[Step]]:
    """Point failed sentences at their fallback clips; drop those left out (--keep-going)."""
    if not replaced:
        return scripts
    updated = []
    for script in scripts:
        steps: list[Step] = []
        for step in script:
            if isinstance(step, Utterance) and step.key in replaced:
                key = replaced[step.key]
                if key is None:
                    continue
                step = Utterance(step.sentence, step.speech, key)
            steps.append(step)
        updated.append(steps)
    return updated


def _stitch_language(
    outcome: LanguageOutcome,
    source: Path,
    out: Path,
    store: Store,
    options: BuildOptions,
    state: dict[str, str],
) -> None:
    """Section MP3s (at the book's measured level), the book joined from them, its chapters,
    tags and cover, the transcripts, and the book measured against the output profile."""
    name, language, document = source.stem, outcome.language, outcome.document
    keys = [script_key(script) for script in outcome.scripts]
    outcome.sections = [
        section_audio_from_store(script, store, key)
        for script, key in zip(outcome.scripts, keys, strict=True)
    ]
    profile = profiles.profile_named(options.audio_profile)
    subtitle = SUBTITLES.get(language, "")
    cover = cover_for(document.title, subtitle, language, source.with_name(f"{name}.cover.png"))
    count = len(document.sections)
    folder = out / "sections" / language
    outcome.section_files = [
        folder / f"{i + 1:02d}-{section.slug}.mp3" for i, section in enumerate(document.sections)
    ]
    section_tags = [
        BookTags(
            title=section.title,
            album=document.title,
            artist=options.author,
            language=language,
            year=options.year,
            track=f"{i + 1}/{count}",
            publisher=options.publisher,
            cover=cover,
        )
        for i, section in enumerate(document.sections)
    ]
    # The level depends on every section, so each section file's key covers them all.
    level_key = content_key("level", keys, profile.identity(), options.id3v2_version)
    section_keys = [
        content_key("section-mp3", level_key, key, tags.identity())
        for key, tags in zip(keys, section_tags, strict=True)
    ]
    stale = [
        i
        for i, (path, key) in enumerate(zip(outcome.section_files, section_keys, strict=True))
        if not _fresh(path, key, state, out)
    ]
    if stale:
        level = profiles.level_filter_for(profile, [s.wav for s in outcome.sections])

        def encode(i: int) -> None:
            # Tagged before it is renamed into place: a killed build leaves no half-made file.
            with atomic.atomic_path(outcome.section_files[i]) as temp:
                encode_mp3(outcome.sections[i].wav, temp, level, profile)
                write_tags(str(temp), section_tags[i], v2_version=options.id3v2_version)

        with ThreadPoolExecutor(max_workers=2) as pool:
            for i, _ in zip(stale, pool.map(encode, stale), strict=True):
                _remember(outcome.section_files[i], section_keys[i], state, out)
    for old in folder.glob("*.mp3"):
        if old not in outcome.section_files:
            old.unlink()

    book = out / f"{name}.{language}.mp3"
    tags = BookTags(
        title=document.title,
        album=document.title,
        artist=options.author,
        language=language,
        year=options.year,
        comment=f"Narrated by {outcome.voice.engine} ({outcome.voice.voice}); "
        f"source revision {_revision(source)}",
        subtitle=subtitle,
        publisher=options.publisher,
        cover=cover,
    )
    book_key = content_key(
        "book", section_keys, [s.title for s in document.sections], tags.identity()
    )
    chapters = _chapters(document, outcome.section_files)
    if not _fresh(book, book_key, state, out):
        with atomic.atomic_path(book) as temp:
            join_mp3s(outcome.section_files, temp)
            write_tags(str(temp), tags, chapters, v2_version=options.id3v2_version)
            verify_tags(str(temp), tags, chapters)
        _remember(book, book_key, state, out)
    outcome.book = book
    if "m4b" in options.formats:
        m4b = book.with_suffix(".m4b")
        if not _fresh(m4b, book_key, state, out):
            with atomic.atomic_path(m4b) as temp:
                write_m4b(book, temp, tags, chapters, cover)
            _remember(m4b, book_key, state, out)

    timed = transcript_sections(
        [s.title for s in document.sections],
        chapters,
        outcome.sections,
        profile.head_silence_ms / 1000,
    )
    outcome.transcripts = write_transcripts(out, name, language, timed, chapters[-1].end_ms / 1000)
    outcome.compliance = _checked(
        [book, *(outcome.section_files if profile.name == "acx" else [])],
        [book_key, *(section_keys if profile.name == "acx" else [])],
        profile,
        store,
    )


def _checked(
    files: list[Path], keys: list[str], profile: OutputProfile, store: Store
) -> list[dict]:
    """Each file measured against the profile; measured once per content (the store keeps it)."""
    reports = []
    for path, key in zip(files, keys, strict=True):
        check_key = content_key("audio-check", key, profile.identity())
        report = store.get_json("audio-checks", check_key)
        if report is None:
            report = compliance.check(path, profile).to_dict()
            store.put_json("audio-checks", check_key, report)
        reports.append({**report, "file": str(path)})
    return reports


def _failures(report: dict) -> list[str]:
    return [f["name"] for f in report["figures"] if f["passed"] is False]


def _publish_audio_report(
    outcomes: list[LanguageOutcome], out: Path, options: BuildOptions
) -> None:
    """audio-report.json: every published file measured; a miss fails the build or warns."""
    files = [report for outcome in outcomes for report in outcome.compliance]
    passed = all(r["passed"] for r in files)
    atomic.write_text(
        out / "audio-report.json",
        json.dumps({"passed": passed, "files": files}, indent=2, ensure_ascii=False),
    )
    if passed:
        return
    missed = "; ".join(
        f"{Path(r['file']).name}: {', '.join(_failures(r))}" for r in files if not r["passed"]
    )
    message = f"output misses the {options.audio_profile} profile ({missed}); see audio-report.json"
    if options.audio_check == "fail":
        raise AudioError(message)
    log.warning(message)


def _revision(source: Path) -> str:
    """A short digest of the source text: which revision of the report a file was made from."""
    return hashlib.sha256(source.read_bytes()).hexdigest()[:12]


def _chapters(document: Document, files: list[Path]) -> list[Chapter]:
    """One chapter per section file, timed by the files' own durations."""
    chapters, start = [], 0.0
    for section, path in zip(document.sections, files, strict=True):
        end = start + probe_duration(path)
        chapters.append(Chapter(section.title, round(start * 1000), round(end * 1000)))
        start = end
    return chapters


def _report(
    english: Document,
    out: Path,
    options: BuildOptions,
    translation: TranslationResult | None,
    outcomes: list[LanguageOutcome],
    synthesizer: Synthesizer,
    watch: _Stopwatch,
) -> dict:
    languages = {}
    for outcome in outcomes:
        entry: dict = {
            "sections": len(outcome.document.sections),
            "sentences": sum(
                len({s.sentence for s in script if isinstance(s, Utterance)})
                for script in outcome.scripts
            ),
            "clips": sum(
                1 for script in outcome.scripts for s in script if isinstance(s, Utterance)
            ),
            "clips_synthesized": outcome.narration.synthesized,
            "clips_reused": outcome.narration.reused,
            "speech_engine": synthesizer.name,
            "speech_engine_version": synthesizer.version,
            "voice": outcome.voice.voice,
            "speed": outcome.voice.speed,
            "duration_seconds": round(probe_duration(outcome.book), 3) if outcome.book else None,
            "book": str(outcome.book.relative_to(out)) if outcome.book else None,
            "section_files": [str(p.relative_to(out)) for p in outcome.section_files],
            "speech_failures": [f.__dict__ for f in outcome.narration.failures],
            "transcripts": {
                kind: str(p.relative_to(out)) for kind, p in outcome.transcripts.items()
            },
            "audio": {
                "profile": options.audio_profile,
                "passed": all(r["passed"] for r in outcome.compliance),
                "failures": sorted({f for r in outcome.compliance for f in _failures(r)}),
            }
            if outcome.compliance
            else None,
        }
        if outcome.language != SOURCE_LANGUAGE and translation is not None:
            entry["translation"] = _translation_report(translation, options)
        languages[outcome.language] = entry
    if translation is not None and "es" not in languages:
        languages["es"] = {"translation": _translation_report(translation, options)}
    return {
        "document": english.name,
        "title": english.title,
        "languages": languages,
        "stage_seconds": watch.seconds,
    }


def _translation_report(translation: TranslationResult, options: BuildOptions) -> dict:
    per_section = []
    for section, blocks in zip(translation.document.sections, translation.sections, strict=True):
        per_section.append(
            {
                "section": section.title,
                "blocks": len(blocks),
                "unreviewed": sum(1 for b in blocks if not b.origin.reviewed),
                "unknown_words": sum(len(b.unknown) for b in blocks),
            }
        )
    return {
        "engine": translation.engine,
        "memory": options.use_memory,
        "blocks": sum(len(s) for s in translation.sections),
        "blocks_from_reviewed_memory": translation.count(Origin.REVIEWED),
        "blocks_unreviewed_in_memory": translation.count(Origin.UNREVIEWED),
        "blocks_machine_translated": translation.count(Origin.MACHINE),
        "blocks_machine_reused": translation.count(Origin.MACHINE_CACHED),
        "blocks_unreviewed": len(translation.unreviewed()),
        "glossary_misses": [m.__dict__ for m in translation.glossary_misses],
        "suspect_unchanged": translation.suspects,
        "sections": per_section,
        **translation.details(),
    }
