"""The figures of build-report.json, gathered from what each stage returned."""

from __future__ import annotations

from pipeline.build.audio_gate import failures
from pipeline.build.report import (
    AudioSummary,
    LanguageReport,
    NarrationSummary,
    SectionTranslation,
    TranslationSummary,
)
from pipeline.config import SOURCE_LANGUAGE
from pipeline.prepare import LanguagePlan, Prepared
from pipeline.publish.publication import Publication
from pipeline.speech.narrate import NarrationCounts
from pipeline.speech.script import Utterance
from pipeline.transcripts import transcript_paths
from pipeline.translate.stage import Origin, TranslationResult


def translation_summary(translation: TranslationResult, use_memory: bool) -> TranslationSummary:
    return TranslationSummary(
        engine=translation.engine,
        memory=use_memory,
        blocks=sum(len(s) for s in translation.sections),
        blocks_from_reviewed_memory=translation.count(Origin.REVIEWED),
        blocks_unreviewed_in_memory=translation.count(Origin.UNREVIEWED),
        blocks_machine_translated=translation.count(Origin.MACHINE),
        blocks_machine_reused=translation.count(Origin.MACHINE_CACHED),
        blocks_unreviewed=len(translation.unreviewed()),
        glossary_misses=[m.__dict__ for m in translation.glossary_misses],
        suspect_unchanged=translation.suspects,
        sections=[
            SectionTranslation(
                section.title, len(blocks), sum(1 for b in blocks if not b.origin.reviewed)
            )
            for section, blocks in zip(
                translation.document.sections, translation.sections, strict=True
            )
        ],
    )


def _narration(
    plan: LanguagePlan,
    publication: Publication,
    counts: NarrationCounts,
    audio_reports: list[dict],
) -> NarrationSummary:
    language = plan.language
    out = publication.out
    stitched = publication.editions[language].narrated
    utterances = plan.utterances()
    files = set(map(str, publication.section_paths(language))) | {
        str(publication.book_path(language))
    }
    reports = [r for r in audio_reports if r["file"] in files]
    return NarrationSummary(
        sections=sum(1 for script in plan.scripts if script),
        sentences=sum(
            len({s.sentence for s in script if isinstance(s, Utterance)}) for script in plan.scripts
        ),
        clips=len(utterances),
        clips_synthesized=counts.synthesized,
        clips_reused=counts.reused,
        speech_engine=plan.voice.engine,
        speech_engine_version=plan.voice.engine_version,
        voice=plan.voice.voice,
        speed=plan.voice.speed,
        duration_seconds=round(publication.duration(language), 3) if stitched else None,
        book=str(publication.book_path(language).relative_to(out)) if stitched else None,
        section_files=[str(p.relative_to(out)) for p in publication.section_paths(language)]
        if stitched
        else [],
        speech_failures=counts.failures,
        transcripts={
            kind: str(path.relative_to(out))
            for kind, path in transcript_paths(out, publication.name, language).items()
        }
        if stitched
        else {},
        audio=AudioSummary(
            publication.options.audio_profile,
            all(r["passed"] for r in reports),
            sorted({f for r in reports for f in failures(r)}),
        )
        if reports
        else None,
    )


def language_reports(
    prepared: Prepared,
    publication: Publication,
    counts: dict[str, NarrationCounts],
    audio_reports: list[dict],
) -> dict[str, LanguageReport]:
    """Per language: what was narrated and stitched, and how the text was translated."""
    translation = None
    if prepared.translation is not None:
        translation = translation_summary(prepared.translation, publication.options.use_memory)
    reports = {}
    for plan in prepared.languages:
        reports[plan.language] = LanguageReport(
            _narration(plan, publication, counts[plan.language], audio_reports),
            translation if plan.language != SOURCE_LANGUAGE else None,
        )
    if translation is not None and "es" not in reports:
        reports["es"] = LanguageReport(translation=translation)
    return reports
