"""The verify report: per clip, section, language and book; rendered, as JSON, and judged."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.errors import PipelineError

WORST_SHOWN = 10


class NarrationUnclear(PipelineError):
    """A book's word error rate is above the limit asked for."""


@dataclass(frozen=True)
class ClipCheck:
    """One clip: what the voice was sent ("meant") and what the recogniser heard ("said")."""

    section: str
    sentence: str
    meant: str
    said: str
    words: int
    errors: int

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else float(bool(self.errors))


@dataclass
class SectionCheck:
    title: str
    clips: int = 0
    words: int = 0
    errors: int = 0
    not_narrated: int = 0

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0


@dataclass
class LanguageCheck:
    language: str
    voice: str
    engine: str
    sections: list[SectionCheck] = field(default_factory=list)
    worst: list[ClipCheck] = field(default_factory=list)
    transcribed: int = 0  # clips heard this run
    reused: int = 0  # transcripts taken from the store

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.sections)

    @property
    def not_narrated(self) -> int:
        return sum(s.not_narrated for s in self.sections)

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0


@dataclass
class VerifyReport:
    document: str
    asr: str
    languages: list[LanguageCheck] = field(default_factory=list)
    max_wer: float | None = None

    def failing(self) -> list[LanguageCheck]:
        """The languages whose book WER is above ``max_wer`` (none if no limit)."""
        if self.max_wer is None:
            return []
        return [lang for lang in self.languages if lang.wer > self.max_wer]

    @property
    def passed(self) -> bool:
        return not self.failing()

    def check(self) -> None:
        """Raise NarrationUnclear if a book is above the limit."""
        failing = self.failing()
        if failing:
            worst = ", ".join(f"{lang.language} {lang.wer:.1%}" for lang in failing)
            raise NarrationUnclear(
                f"{self.document}: word error rate above {self.max_wer:.1%} ({worst}); "
                f"verify-report.json lists the worst sentences"
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "asr": self.asr,
            "max_wer": self.max_wer,
            "passed": self.passed,
            "languages": {
                lang.language: {
                    "voice": lang.voice,
                    "engine": lang.engine,
                    "words": lang.words,
                    "errors": lang.errors,
                    "wer": round(lang.wer, 4),
                    "not_narrated": lang.not_narrated,
                    "transcribed": lang.transcribed,
                    "reused": lang.reused,
                    "sections": [
                        {**asdict(section), "wer": round(section.wer, 4)}
                        for section in lang.sections
                    ],
                    "worst": [{**asdict(clip), "wer": round(clip.wer, 4)} for clip in lang.worst],
                }
                for lang in self.languages
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)

    def render(self, worst: int = 5) -> str:
        """Return a plain-text table per language, then its worst sentences."""
        lines = [f"{self.document}: intelligibility ({self.asr})"]
        for lang in self.languages:
            lines.append("")
            lines.append(f"{lang.language} ({lang.engine}, {lang.voice})")
            lines.append(f"  {'section':<48} {'clips':>5} {'words':>6} {'errors':>6} {'WER':>6}")
            for s in lang.sections:
                title = s.title if len(s.title) <= 48 else s.title[:47] + "…"
                note = f"  ({s.not_narrated} not narrated)" if s.not_narrated else ""
                lines.append(
                    f"  {title:<48} {s.clips:>5} {s.words:>6} {s.errors:>6} {s.wer:>6.1%}{note}"
                )
            clips = sum(s.clips for s in lang.sections)
            lines.append(
                f"  {'book':<48} {clips:>5} {lang.words:>6} {lang.errors:>6} {lang.wer:>6.1%}"
            )
            if lang.not_narrated:
                lines.append(
                    f"  {lang.not_narrated} sentences have no clip (edited since the build?): "
                    "not counted"
                )
            shown = [c for c in lang.worst if c.errors][:worst]
            if shown:
                lines.append("  worst sentences:")
            for clip in shown:
                lines.append(f"    {clip.errors}/{clip.words} in {clip.section}")
                lines.append(f"      meant: {clip.meant}")
                lines.append(f"      said:  {clip.said}")
        if self.max_wer is not None:
            verdict = "passed" if self.passed else "FAILED"
            lines.append("")
            lines.append(f"limit {self.max_wer:.1%}: {verdict}")
        return "\n".join(lines)


# -- checking a document --------------------------------------------------------------------
