"""build-report.json as types: what one build did, per language, stage by stage.

The JSON keys are a contract (tools read them); ``to_dict`` writes them, ``render`` is the
summary the command line prints.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.speech.narrate import ClipFailure


@dataclass(frozen=True)
class SectionTranslation:
    section: str
    blocks: int
    unreviewed: int
    unknown_words: int  # words the engine left in English


@dataclass(frozen=True)
class TranslationSummary:
    engine: str
    memory: bool
    blocks: int
    blocks_from_reviewed_memory: int
    blocks_unreviewed_in_memory: int
    blocks_machine_translated: int
    blocks_machine_reused: int
    blocks_unreviewed: int
    glossary_misses: list[dict]
    suspect_unchanged: list[str]
    sections: list[SectionTranslation]
    unknown_words: int  # words the engine left in English, in all
    blocks_with_unknown_words: list[dict]  # section, block, its unknown words
    blocks_failed: list[dict]  # blocks the engine could not translate (kept in English)
    blocks_from_heading_lexicon: int
    blocks_spliced: int  # reviewed blocks where only the edited sentences were redone


@dataclass(frozen=True)
class AudioSummary:
    profile: str
    passed: bool
    failures: list[str]


@dataclass(frozen=True)
class NarrationSummary:
    sections: int
    sentences: int
    clips: int
    clips_synthesized: int
    clips_reused: int
    speech_engine: str
    speech_engine_version: str
    voice: str
    speed: float
    duration_seconds: float | None
    book: str | None
    section_files: list[str]
    speech_failures: list[ClipFailure]
    transcripts: dict[str, str]
    audio: AudioSummary | None


@dataclass(frozen=True)
class LanguageReport:
    narration: NarrationSummary | None = None
    translation: TranslationSummary | None = None

    def to_dict(self) -> dict:
        entry = asdict(self.narration) if self.narration else {}
        if self.translation is not None:
            entry["translation"] = asdict(self.translation)
        return entry


@dataclass
class BuildReport:
    document: str
    title: str
    languages: dict[str, LanguageReport] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    published: list[str] = field(default_factory=list)  # every file the formats made

    @property
    def unreviewed(self) -> int:
        return sum(
            lang.translation.blocks_unreviewed
            for lang in self.languages.values()
            if lang.translation is not None
        )

    @property
    def speech_failures(self) -> int:
        return sum(
            len(lang.narration.speech_failures)
            for lang in self.languages.values()
            if lang.narration is not None
        )

    def to_dict(self) -> dict:
        return {
            "document": self.document,
            "title": self.title,
            "languages": {name: lang.to_dict() for name, lang in self.languages.items()},
            "stage_seconds": self.stage_seconds,
            "published": self.published,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def one_line(self, out: Path) -> str:
        """The summary in one line, for a catalogue's running list of reports."""
        counts = [
            f"{name} {lang.narration.clips_synthesized} clips synthesized, "
            f"{lang.narration.clips_reused} reused"
            for name, lang in self.languages.items()
            if lang.narration is not None
        ]
        return f"{self.document}: built in {out}" + (f" ({'; '.join(counts)})" if counts else "")

    def render(self, out: Path) -> str:
        """The summary a person reads after a build."""
        lines = [f"{self.document}: built in {out}"]
        for name, lang in self.languages.items():
            n = lang.narration
            if n is not None:
                audio = (
                    f", {n.duration_seconds:.1f} s of audio"
                    if n.duration_seconds is not None
                    else ""
                )
                lines.append(
                    f"  {name}: {n.sections} sections, {n.sentences} sentences, "
                    f"{n.clips_synthesized} clips synthesized, {n.clips_reused} reused{audio}"
                )
            t = lang.translation
            if t is not None:
                lines.append(
                    f"  {name} text: {t.blocks_from_reviewed_memory} blocks from reviewed "
                    f"memory, {t.blocks_machine_translated} machine-translated, "
                    f"{t.blocks_machine_reused} machine reused, {t.blocks_unreviewed} unreviewed"
                )
        return "\n".join(lines)
