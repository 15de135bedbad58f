"""The translation stage: memory first, then a cached machine translation, then the engine."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from enum import StrEnum

from pipeline.errors import EngineError
from pipeline.model import Block, BlockKind, Document, Section
from pipeline.parsing import inline_plain_text
from pipeline.slug import unique_slugs
from pipeline.store import Store, content_key
from pipeline.translate import Translator
from pipeline.translate.glossary import Glossary, TermMiss
from pipeline.translate.memory import ReviewState, TranslationMemory, review_state

log = logging.getLogger(__name__)


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


@dataclass
class TranslationResult:
    document: Document
    sections: list[list[TranslatedBlock]]
    engine: str
    glossary_misses: list[TermMiss] = field(default_factory=list)
    # Blocks the engine returned unchanged (online engines report them): likely untranslated.
    suspects: list[str] = field(default_factory=list)

    def count(self, *origins: Origin) -> int:
        return sum(1 for s in self.sections for b in s if b.origin in origins)

    def unreviewed(self) -> list[tuple[Section, TranslatedBlock]]:
        return [
            (section, block)
            for section, blocks in zip(self.document.sections, self.sections, strict=True)
            for block in blocks
            if not block.origin.reviewed
        ]


def _describe(block: Block, section: Section) -> str:
    kind = {
        BlockKind.HEADING: f"heading (level {block.level})",
        BlockKind.PARAGRAPH: "paragraph",
        BlockKind.LIST_ITEM: f"list item {block.ordinal}" if block.ordinal else "list item",
    }[block.kind]
    return f"Section: {section.title}\nBlock: {kind}"


def machine_key(text: str, translator: Translator, glossary: Glossary, pair: str) -> str:
    return content_key("mt", text, translator.name, translator.version, glossary.version, pair)


def translate_document(
    document: Document,
    translator: Translator,
    store: Store,
    *,
    target: str = "es",
    memory: TranslationMemory | None = None,
    glossary: Glossary | None = None,
    use_engine: bool = True,
    record: bool = True,
) -> TranslationResult:
    """Translate every block: reviewed memory first, machine translation for the rest.

    Machine output goes to the store as soon as a section is done (so a failure later keeps
    it) and into the memory as fuzzy entries. The memory's changes are the caller's to save.
    With ``record`` false (a plan) nothing is stored; with ``use_engine`` false nothing is
    translated either: blocks the engine would get come back PENDING, with no text.
    """
    glossary = glossary or Glossary()
    pair = f"{document.language}-{target}"
    results: list[list[TranslatedBlock | None]] = []
    misses: list[TermMiss] = []
    previous_msgid: str | None = None
    if memory is not None:
        # Retired first, so that a changed block's new entry can offer the old translation.
        memory.retire_unused({b.text for b in document.blocks})

    for section in document.sections:
        row: list[TranslatedBlock | None] = []
        pending: list[int] = []
        for i, block in enumerate(section.blocks):
            entry = None
            if memory is not None:
                entry = memory.lookup(block.text) or memory.revive(block.text)
            state = review_state(entry)
            if entry is not None and state is not ReviewState.MISSING:
                origin = Origin.REVIEWED if state is ReviewState.REVIEWED else Origin.UNREVIEWED
                row.append(TranslatedBlock(block, block.with_text(entry.msgstr), origin))
                continue
            cached = store.get_json(
                "translations", machine_key(block.text, translator, glossary, pair)
            )
            if cached is not None:
                row.append(TranslatedBlock(block, block.with_text(cached), Origin.MACHINE_CACHED))
            else:
                row.append(None)
                pending.append(i)

        if pending and not use_engine:
            for i in pending:
                block = section.blocks[i]
                row[i] = TranslatedBlock(block, block.with_text(""), Origin.PENDING)
        elif pending:
            # A batch engine (Apertium) takes the section at once; the others go block by
            # block, so that each block is kept the moment it is translated (a failure or a
            # quota halfway through a section loses nothing already paid for).
            batches = [pending] if translator.batch else [[i] for i in pending]
            for batch in batches:
                sources = [section.blocks[i].text for i in batch]
                outputs = translator.translate_blocks(sources, document.language, target)
                if len(outputs) != len(sources):
                    raise EngineError(
                        f"{translator.name}: {len(sources)} blocks in, {len(outputs)} out"
                    )
                for i, text in zip(batch, outputs, strict=True):
                    block = section.blocks[i]
                    if record:
                        key = machine_key(block.text, translator, glossary, pair)
                        store.put_json("translations", key, text)
                    row[i] = TranslatedBlock(block, block.with_text(text), Origin.MACHINE)

        for item in row:
            assert item is not None
            if item.origin in (Origin.MACHINE, Origin.MACHINE_CACHED) and record:
                misses += glossary.misses(item.source.text, item.block.text)
                if memory is not None:
                    memory.add_machine(
                        item.source.text,
                        item.block.text,
                        f"{translator.name} ({translator.version})",
                        _describe(item.source, section),
                        after=previous_msgid,
                    )
            previous_msgid = item.source.text
        results.append(row)

    complete = [[b for b in row if b is not None] for row in results]
    return TranslationResult(
        document=_translated_document(document, complete, target),
        sections=complete,
        engine=translator.name,
        glossary_misses=misses,
        suspects=list(getattr(translator, "suspects", [])),
    )


def _translated_document(
    document: Document, sections: list[list[TranslatedBlock]], language: str
) -> Document:
    titles = []
    for section, blocks in zip(document.sections, sections, strict=True):
        heading = next((b.block for b in blocks if b.block.kind is BlockKind.HEADING), None)
        titles.append(
            inline_plain_text(heading.text)
            if heading and heading.text and section.heading
            else section.title
        )
    slugs = unique_slugs(titles)
    translated = tuple(
        Section(title, slug, tuple(b.block for b in blocks))
        for title, slug, blocks in zip(titles, slugs, sections, strict=True)
    )
    first = translated[0].heading if translated else None
    title = inline_plain_text(first.text) if first and first.level == 1 else document.title
    return Document(document.name, language, title, translated)
