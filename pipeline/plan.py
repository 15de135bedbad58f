"""What a build would do, before it does it: blocks to translate, sentences to synthesize."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline import speed
from pipeline.config import SOURCE_LANGUAGE, BuildOptions
from pipeline.model import Section
from pipeline.parsing import inline_plain_text, load_document
from pipeline.prepare import prepare, script_context
from pipeline.speech.blocks import describe
from pipeline.speech.narrate import missing_utterances
from pipeline.speech.script import ScriptContext, Utterance
from pipeline.store import Store
from pipeline.translate.result import Origin


@dataclass
class SectionPlan:
    title: str
    to_translate: list[str] = field(default_factory=list)  # English blocks for the engine
    to_synthesize: list[str] = field(default_factory=list)  # sentences (speech text)
    cached: int = 0
    # How the narration treats what is not plain prose (tables, figures, notes), and
    # whether the section is heard at all: shown by `pipeline -v plan`.
    choices: list[str] = field(default_factory=list)


@dataclass
class LanguageWork:
    language: str
    engine: str
    voice: str
    sections: list[SectionPlan]
    estimated_seconds: float

    @property
    def to_synthesize(self) -> int:
        return sum(len(s.to_synthesize) for s in self.sections)

    @property
    def to_translate(self) -> int:
        return sum(len(s.to_translate) for s in self.sections)


@dataclass
class Plan:
    document: str
    languages: list[LanguageWork]

    @property
    def has_work(self) -> bool:
        return any(lang.to_synthesize or lang.to_translate for lang in self.languages)


def plan(source: Path, options: BuildOptions) -> Plan:
    """Look at the cache and the memory; change nothing; say what a build would redo."""
    english = load_document(source, options.encoding, SOURCE_LANGUAGE)
    options = options.for_report(english.metadata)
    store = Store(options.store_dir)
    prepared = prepare(english, source, options, store, dry_run=True)
    works = []
    for language in prepared.languages:
        missing = {u.key for u in missing_utterances(language.utterances(), store)}
        sections = []
        seen: set[str] = set()
        context = script_context(language.document, options)
        translated = prepared.translation
        rows = [*(translated.sections if translated else [])]
        parts = [
            (section, script, _choices(section, script, context), rows[i] if rows else [])
            for i, (section, script) in enumerate(
                zip(language.document.sections, language.scripts, strict=True)
            )
        ]
        credits_rows = translated.credits if translated else []
        for heard, row in ((language.opening, credits_rows), (language.closing, [])):
            if heard is not None:
                parts.insert(
                    0 if heard is language.opening else len(parts),
                    (heard.section, heard.script, ["credits: heard in the books only"], row),
                )
        for section, script, choices, row in parts:
            entry = SectionPlan(section.title, choices=choices)
            if language.language != SOURCE_LANGUAGE:
                entry.to_translate = [
                    inline_plain_text(b.source.text)
                    for b in row
                    # An offline engine already ran for the plan (MACHINE); an online one not.
                    if b.origin in (Origin.PENDING, Origin.MACHINE)
                ]
            for step in script:
                if not isinstance(step, Utterance) or step.key in seen:
                    continue
                seen.add(step.key)
                if step.key in missing:
                    entry.to_synthesize.append(step.speech)
                else:
                    entry.cached += 1
            sections.append(entry)
        characters = sum(len(t) for s in sections for t in s.to_synthesize)
        works.append(
            LanguageWork(
                language.language,
                language.voice.engine,
                language.voice.voice,
                sections,
                speed.estimate_seconds(options.cache_dir, language.voice, characters),
            )
        )
    return Plan(english.name, works)


def _choices(section: Section, script: list, context: ScriptContext) -> list[str]:
    if not script:
        return ["not narrated: text edition only (nothing to say besides its heading)"]
    described = (
        describe(b, context.settings, context.tables.get(id(b), 1)) for b in section.blocks
    )
    return [choice for choice in described if choice]


def render_plan(work_plan: Plan, verbose: bool = False) -> str:
    lines = [f"{work_plan.document}:"]
    for language in work_plan.languages:
        lines.append(
            f"  {language.language} ({language.engine}, {language.voice}): "
            f"{language.to_translate} blocks to translate, "
            f"{language.to_synthesize} sentences to synthesize, "
            f"about {language.estimated_seconds:.0f} s"
        )
        for section in language.sections:
            if verbose:
                lines += [f"    {section.title}: {choice}" for choice in section.choices]
            if not (section.to_translate or section.to_synthesize):
                lines.append(f"    {section.title}: all {section.cached} sentences cached")
                continue
            lines.append(f"    {section.title}: {section.cached} sentences cached")
            lines += [f"      translate: {text}" for text in section.to_translate]
            if section.to_translate:
                lines.append("      (and then synthesize the sentences of the new translations)")
            lines += [f"      synthesize: {text}" for text in section.to_synthesize]
    return "\n".join(lines)
