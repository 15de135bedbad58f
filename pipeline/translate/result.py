"""What the translation stage returns: each block's translation and where it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.model import Block, Document, Section
from pipeline.translate.glossary import TermMiss

HEADING_LEXICON = "heading lexicon"


class Origin(StrEnum):
    REVIEWED = "reviewed"  # a reviewed entry of the memory
    UNREVIEWED = "unreviewed"  # a fuzzy entry of the memory (machine output or a draft)
    MACHINE = "machine"  # the engine translated it this run
    MACHINE_CACHED = "machine-cached"  # the engine's earlier output, from the store
    PENDING = "pending"  # would go to the engine (a plan only); no text yet

    @property
    def reviewed(self) -> bool:
        return self is Origin.REVIEWED


@dataclass(frozen=True)
class TranslatedBlock:
    source: Block
    block: Block
    origin: Origin
    # Words the engine left untranslated in this block (Apertium's unknown words).
    unknown: tuple[str, ...] = ()
    # Why the engine gave nothing usable: the block is then the English, marked for review.
    failed: str = ""
    # How it was made when not simply by the engine: "heading lexicon", or "spliced" (the
    # reviewed translation with only the edited sentences machine-translated).
    method: str = ""


@dataclass(frozen=True)
class FailedBlock:
    section: str
    block: str
    reason: str


@dataclass
class TranslationResult:
    document: Document
    sections: list[list[TranslatedBlock]]
    engine: str
    glossary_misses: list[TermMiss] = field(default_factory=list)
    # Blocks the engine returned unchanged (online engines report them): likely untranslated.
    suspects: list[str] = field(default_factory=list)
    # The opening and closing credits' sentences, translated through the same memory; not
    # part of the edition's text.
    credits: list[TranslatedBlock] = field(default_factory=list)

    def count(self, *origins: Origin) -> int:
        return sum(1 for s in self.sections for b in s if b.origin in origins)

    def unreviewed(self) -> list[tuple[Section, TranslatedBlock]]:
        return [
            (section, block)
            for section, blocks in zip(self.document.sections, self.sections, strict=True)
            for block in blocks
            if not block.origin.reviewed
        ]

    @property
    def failed(self) -> list[FailedBlock]:
        """Blocks the engine could not translate, kept in English (and marked for review)."""
        return [
            FailedBlock(section.title, b.source.text, b.failed)
            for section, blocks in zip(self.document.sections, self.sections, strict=True)
            for b in blocks
            if b.failed
        ]

    def details(self) -> dict[str, object]:
        """For build-report.json: per block, the English words the engine left untranslated;
        the blocks it could not translate at all (kept in English, marked for review); how
        many came from the heading lexicon and how many were spliced into a reviewed one."""
        blocks = [
            (section.title, b)
            for section, row in zip(self.document.sections, self.sections, strict=True)
            for b in row
        ]
        return {
            "unknown_words": sum(len(b.unknown) for _, b in blocks),
            "blocks_with_unknown_words": [
                {"section": title, "block": b.source.text, "unknown_words": list(b.unknown)}
                for title, b in blocks
                if b.unknown
            ],
            "blocks_failed": [f.__dict__ for f in self.failed],
            "blocks_from_heading_lexicon": sum(1 for _, b in blocks if b.method == HEADING_LEXICON),
            "blocks_spliced": sum(1 for _, b in blocks if b.method.startswith("spliced")),
        }
