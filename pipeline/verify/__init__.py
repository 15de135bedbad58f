"""The intelligibility check: transcribe each narrated clip and count the words it got wrong.

A speech recogniser (whisper-base through faster-whisper, offline) listens to every clip of a
build; its transcript is compared word by word with the text the voice was sent. The word
error rate (WER) per section and per book says how well a listener can follow the narration,
and the worst sentences show what the narrator said instead of what was meant.

Transcripts are kept in the store under a key made of the clip's key, the recogniser's model
and its settings, so checking a book again costs only the clips that changed.

Both sides go through one comparison normaliser (``comparable_words``): the recogniser writes
"U.S.", "2020" and "12%" where the narrator was sent "U S", "two thousand twenty" and "twelve
percent", so the transcript is first put through the project's own speech normalisation, then
both are lowercased and stripped of punctuation and accents, and any digits left are said in
words. What remains differs only where the recogniser heard different words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.config import LANGUAGES, SOURCE_LANGUAGE, BuildOptions
from pipeline.errors import ConfigError
from pipeline.model import Document
from pipeline.speech.normalise import Lexicon, load_lexicon
from pipeline.speech.script import Step, Utterance, VoiceChoice, clip_key
from pipeline.store import Store
from pipeline.verify.compare import comparable_words, heard_words
from pipeline.verify.recogniser import (
    Transcriber,
    cached_transcript,
    default_transcriber,
    transcribe,
    transcript_key,
)
from pipeline.verify.report import (
    WORST_SHOWN,
    ClipCheck,
    LanguageCheck,
    NarrationUnclear,
    SectionCheck,
    VerifyReport,
)
from pipeline.verify.wer import align_compounds, edit_distance, wer

Progress = Callable[[str, int, int], None]  # (what, done, total), as the build's

__all__ = [
    "ClipCheck",
    "LanguageCheck",
    "NarrationUnclear",
    "SectionCheck",
    "Transcriber",
    "VerifyReport",
    "align_compounds",
    "check_clip",
    "comparable_words",
    "default_transcriber",
    "edit_distance",
    "heard_words",
    "transcribe",
    "transcript_key",
    "verify_build",
    "verify_document",
    "wer",
]


def check_clip(
    section: str, utterance: Utterance, said: str, language: str, lexicon: Lexicon | None
) -> ClipCheck:
    """Compare what the voice was sent with what was heard."""
    meant_words = comparable_words(utterance.speech, language)
    said_words = align_compounds(meant_words, heard_words(said, language, lexicon))
    return ClipCheck(
        section=section,
        sentence=utterance.sentence,
        meant=utterance.speech,
        said=said,
        words=len(meant_words),
        errors=edit_distance(meant_words, said_words),
    )


def _narrated_key(
    utterance: Utterance, store: Store, fallback_voice: VoiceChoice | None
) -> str | None:
    """The key of the clip that speaks ``utterance`` in the book, or None if there is none."""
    if store.has_wav("clips", utterance.key):
        return utterance.key
    if fallback_voice is not None:
        key = clip_key(utterance.speech, fallback_voice)
        if store.has_wav("clips", key):
            return key
    return None


def verify_document(
    document: Document,
    scripts: list[list[Step]],
    voice: VoiceChoice,
    store: Store,
    transcriber: Transcriber,
    lexicon: Lexicon | None = None,
    progress: Progress | None = None,
    worst: int = WORST_SHOWN,
    fallback_voice: VoiceChoice | None = None,
) -> LanguageCheck:
    """Hear every clip of one language's scripts (cached) and count errors per section.

    A sentence the main engine failed on is heard in the fallback engine's clip, as the book
    has it. A sentence with no clip at all (the source was edited since the build, or
    ``--keep-going`` left it out) is counted as not narrated rather than failing the check.
    """
    language = voice.language
    lexicon = lexicon or load_lexicon(language)
    result = LanguageCheck(language, voice.voice, voice.engine)
    checks: list[ClipCheck] = []
    total = sum(1 for script in scripts for s in script if isinstance(s, Utterance))
    done = 0
    heard: dict[str, str] = {}  # a clip said twice is heard once
    for section, script in zip(document.sections, scripts, strict=True):
        tally = SectionCheck(section.title)
        for step in script:
            if not isinstance(step, Utterance):
                continue
            done += 1
            if step.key not in heard:
                key = _narrated_key(step, store, fallback_voice)
                if key is not None:
                    audio = store.path("clips", key, ".wav")
                    heard[step.key], made = cached_transcript(
                        key, audio, language, store, transcriber
                    )
                    result.transcribed += made
                    result.reused += not made
            if step.key in heard:
                check = check_clip(section.title, step, heard[step.key], language, lexicon)
                checks.append(check)
                tally.clips += 1
                tally.words += check.words
                tally.errors += check.errors
            else:
                tally.not_narrated += 1
            if progress is not None:
                progress(f"verifying ({language})", done, total)
        result.sections.append(tally)
    result.worst = sorted(checks, key=lambda c: (c.errors, c.wer), reverse=True)[:worst]
    return result


def verify_build(
    source: Path,
    options: BuildOptions,
    languages: Sequence[str] | None = None,
    max_wer: float | None = None,
    progress: Progress | None = None,
    transcriber: Transcriber | None = None,
) -> VerifyReport:
    """Check the narration of a built report, its scripts derived exactly as the build does.

    ``prepare`` runs as a dry run: the translation memory is not saved (checking never
    changes the translator's PO file) and no engine is asked for what the store lacks. Only
    clips already in the store are heard; transcripts are the one thing written (to the store).
    """
    from pipeline.parsing import load_document
    from pipeline.prepare import fallback_for, prepare

    transcriber = transcriber or default_transcriber()
    if languages:
        unknown = sorted(set(languages) - set(LANGUAGES))
        if unknown:
            raise ConfigError(f"cannot verify {', '.join(unknown)}; choose from en, es")
        options = replace(options, languages=tuple(languages))
    store = Store(options.store_dir)
    english = load_document(source, options.encoding, SOURCE_LANGUAGE)
    options = options.for_report(english.metadata)
    prepared = prepare(english, source, options, store, dry_run=True)
    report = VerifyReport(english.name, transcriber.id, max_wer=max_wer)
    for plan in prepared.languages:
        fallback = fallback_for(options, plan.language)
        report.languages.append(
            verify_document(
                plan.document,
                plan.scripts,
                plan.voice,
                store,
                transcriber,
                load_lexicon(plan.language, source.parent),
                progress,
                fallback_voice=fallback.voice if fallback else None,
            )
        )
    return report
