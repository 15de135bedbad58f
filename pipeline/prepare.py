"""From a source file to what each language will say: translation, editions and scripts.

Shared by the build (which then narrates and stitches), the plan (which only looks) and the
intelligibility check (which listens back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.config import SOURCE_LANGUAGE, BuildOptions, glossary_path, memory_path
from pipeline.credits import credit_sections, names_in, narrator_name, source_blocks
from pipeline.errors import ConfigError
from pipeline.model import Block, BlockKind, Document, Section
from pipeline.segment import chunk_text
from pipeline.speech import Synthesizer, make_synthesizer
from pipeline.speech.narrate import Fallback
from pipeline.speech.normalise import load_lexicon, normalise_for_speech
from pipeline.speech.script import (
    Heard,
    ScriptContext,
    Step,
    Utterance,
    VoiceChoice,
    narrated,
    section_script,
)
from pipeline.store import Store
from pipeline.translate import make_translator
from pipeline.translate.glossary import Glossary, report_glossary
from pipeline.translate.memory import TranslationMemory
from pipeline.translate.stage import TranslationResult, translate_document


@dataclass
class LanguagePlan:
    """One language of a report: its document, the voice, each section's script, and the
    opening and closing credits (heard before and after the report, when they are on)."""

    language: str
    document: Document
    voice: VoiceChoice
    scripts: list[list[Step]] = field(default_factory=list)
    opening: Heard | None = None
    closing: Heard | None = None
    # Sentences this build does not say but the next one likely will: spoken when a core is
    # free, so that build finds their clips in the store (see ``review_notice_ahead``).
    ahead: list[Utterance] = field(default_factory=list)

    def utterances(self) -> list[Utterance]:
        scripts = [*self.scripts, *(h.script for h in (self.opening, self.closing) if h)]
        return [s for script in scripts for s in script if isinstance(s, Utterance)]


@dataclass
class Prepared:
    english: Document
    translation: TranslationResult | None
    memory: TranslationMemory | None
    synthesizer: Synthesizer
    languages: list[LanguagePlan]


CREDITS_SECTION = "Credits"


def credits_source(english: Document, options: BuildOptions) -> tuple[Block, ...]:
    """The credits' sentences in English (none when credits are off)."""
    if not options.credits.enabled:
        return ()
    return source_blocks(english.title, options.author, options.publisher, options.year)


def _with_credits(english: Document, credits: tuple[Block, ...]) -> Document:
    if not credits:
        return english
    section = Section(CREDITS_SECTION, "credits", credits)
    return replace(english, sections=(*english.sections, section))


def _without_credits(result: TranslationResult, credits: tuple[Block, ...]) -> TranslationResult:
    if not credits:
        return result
    document = result.document
    return replace(
        result,
        document=replace(document, sections=document.sections[:-1]),
        sections=result.sections[:-1],
        credits=result.sections[-1],
    )


def glossary_for(source: Path, options: BuildOptions, target: str = "es") -> Glossary:
    """The glossary beside ``source`` over the built-in one, with the names its credits say
    kept as they are (unless a glossary renders them)."""
    glossary = report_glossary(glossary_path(source, target), SOURCE_LANGUAGE, target)
    if not options.credits.enabled:
        return glossary
    return glossary.keeping(names_in(options.author, options.publisher))


def translate_for_build(
    english: Document,
    source: Path,
    options: BuildOptions,
    store: Store,
    target: str = "es",
    *,
    dry_run: bool = False,
    credits: tuple[Block, ...] = (),
) -> tuple[TranslationResult, TranslationMemory | None]:
    """Translate with the memory beside the source; save the memory's changes at once.

    ``credits`` (the credits' sentences) go through the same memory as a last section
    ("Credits"); the result's document is the edition alone, the credits apart.
    A dry run asks no engine and writes nothing (neither the memory nor the store).
    """
    glossary = glossary_for(source, options, target)
    memory = None
    if options.use_memory:
        memory = TranslationMemory.load(memory_path(source, target), target, english.name)
    translator = make_translator(options.translator, glossary=glossary)
    try:
        result = translate_document(
            _with_credits(english, credits),
            translator,
            store,
            target=target,
            memory=memory,
            glossary=glossary,
            # A plan may run an offline engine (it is quick and has no cost) to know the
            # exact Spanish sentences; it never calls an online one.
            use_engine=not dry_run or translator.offline,
            record=not dry_run,
        )
    finally:
        # What was translated before a failure is kept: in the store, and in the memory.
        if memory is not None and not dry_run:
            memory.save()
    return _without_credits(result, credits), memory


def voice_choice(synthesizer: Synthesizer, language: str, options: BuildOptions) -> VoiceChoice:
    """The voice asked for a language (checked against the engine's list), or its default."""
    voice = options.voices.get(language)
    if voice is None:
        voice = synthesizer.default_voice(language)
    elif voice not in {v.name for v in synthesizer.voices()}:
        raise ConfigError(
            f"{synthesizer.name} has no voice {voice!r}; `pipeline voices --tts "
            f"{synthesizer.name}` lists them"
        )
    return VoiceChoice(
        engine=synthesizer.name,
        engine_version=synthesizer.version,
        language=language,
        voice=voice,
        speed=options.speeds.get(language, options.speed),
    )


def fallback_for(options: BuildOptions, language: str) -> Fallback | None:
    """The engine and voice that speak what the main engine fails on, if one is set (and is
    not the main engine itself)."""
    if not options.fallback_tts or options.fallback_tts == options.tts:
        return None
    synthesizer = make_synthesizer(options.fallback_tts)
    return Fallback(synthesizer, voice_choice(synthesizer, language, options))


def script_context(document: Document, options: BuildOptions) -> ScriptContext:
    """What each section's script needs from the whole document: the narration settings,
    the footnotes by label, and each table's number."""
    tables = [b for b in document.blocks if b.kind is BlockKind.TABLE]
    return ScriptContext(
        options.narration,
        document.footnotes,
        {id(table): n for n, table in enumerate(tables, start=1)},
    )


def _scripter(
    voice: VoiceChoice, synthesizer: Synthesizer, options: BuildOptions, lexicon_dir: Path | None
) -> Callable[[Section, bool, int, ScriptContext], list[Step]]:
    """A section's script for this voice: sentences normalised, split to its limit, pauses."""
    lexicon = load_lexicon(voice.language, lexicon_dir)

    def normalise(text: str) -> str:
        return normalise_for_speech(text, voice.language, lexicon, urls=options.urls)

    def split_long(text: str) -> list[str]:
        return chunk_text(text, synthesizer.max_chars, voice.language)

    def script(section: Section, last: bool, number: int, context: ScriptContext) -> list[Step]:
        return section_script(
            section, voice, normalise, split_long, options.pauses, last, number, context
        )

    return script


def scripts_for(
    document: Document,
    voice: VoiceChoice,
    synthesizer: Synthesizer,
    options: BuildOptions,
    lexicon_dir: Path | None,
    ends_book: bool = True,
) -> list[list[Step]]:
    """Each section's script: sentences normalised for the voice, split to its limit, pauses
    (an empty script for a section that is not narrated). ``ends_book`` false: something
    (the closing credits) follows the last section."""
    script = _scripter(voice, synthesizer, options, lexicon_dir)
    context = script_context(document, options)
    heard = [narrated(s, voice.language, context) for s in document.sections]
    last = max((i for i, h in enumerate(heard) if h), default=-1) if ends_book else -1
    return [
        script(section, i == last, i + 1, context) for i, section in enumerate(document.sections)
    ]


def credits_for(
    plan: LanguagePlan,
    translated: tuple[Block, ...],
    unreviewed: bool,
    synthesizer: Synthesizer,
    options: BuildOptions,
    lexicon_dir: Path | None,
) -> tuple[Heard, Heard]:
    """The opening and closing credits of one language, scripted for its voice."""
    opening, closing = credit_sections(
        translated,
        plan.language,
        options.credits.narrator or narrator_name(plan.voice),
        unreviewed=unreviewed,
        translator=options.credits.translator,
        source_language=SOURCE_LANGUAGE,
    )
    script = _scripter(plan.voice, synthesizer, options, lexicon_dir)
    context = ScriptContext(options.narration)
    last = len(plan.document.sections) + 1
    return (
        Heard(opening, script(opening, False, 0, context)),
        Heard(closing, script(closing, True, last, context)),
    )


def review_notice_ahead(
    plan: LanguagePlan,
    translated: tuple[Block, ...],
    synthesizer: Synthesizer,
    options: BuildOptions,
    lexicon_dir: Path | None,
) -> list[Utterance]:
    """What a reviewed translation's opening credits will say once one of its blocks is
    machine translation again (the source edited): the notice that it awaits review. That
    first edit is the commonest one after a review, and would otherwise wait for this clip
    after its own."""
    marked, _ = credits_for(plan, translated, True, synthesizer, options, lexicon_dir)
    said = {u.key for u in plan.utterances()}
    return [s for s in marked.script if isinstance(s, Utterance) and s.key not in said]


def prepare(
    english: Document,
    source: Path,
    options: BuildOptions,
    store: Store,
    *,
    dry_run: bool = False,
) -> Prepared:
    """Translate (memory first) and script every language the options ask for."""
    translation, memory = None, None
    documents = {SOURCE_LANGUAGE: english}
    credits = credits_source(english, options)
    if "es" in options.languages:
        translation, memory = translate_for_build(
            english, source, options, store, dry_run=dry_run, credits=credits
        )
        documents["es"] = translation.document
    synthesizer = make_synthesizer(options.tts, **options.tts_options)
    credited = bool(credits)
    languages = []
    for language in options.languages:
        voice = voice_choice(synthesizer, language, options)
        scripts = scripts_for(
            documents[language], voice, synthesizer, options, source.parent, not credited
        )
        plan = LanguagePlan(language, documents[language], voice, scripts)
        if credited:
            lines, unreviewed = credits, False
            if language != SOURCE_LANGUAGE and translation is not None:
                lines = tuple(b.block for b in translation.credits)
                pending = [b for b in translation.credits if not b.origin.reviewed]
                unreviewed = bool(translation.unreviewed() or pending)
            plan.opening, plan.closing = credits_for(
                plan, lines, unreviewed, synthesizer, options, source.parent
            )
            if language != SOURCE_LANGUAGE and not unreviewed:
                plan.ahead = review_notice_ahead(plan, lines, synthesizer, options, source.parent)
        languages.append(plan)
    return Prepared(english, translation, memory, synthesizer, languages)
