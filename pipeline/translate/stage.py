"""The translation stage: memory first, then the heading lexicon, a reviewed translation with
only the edited sentences redone, a cached machine translation, and last the engine."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import polib

from pipeline.errors import EngineError
from pipeline.model import Block, BlockKind, Document, Section
from pipeline.parsing import inline_plain_text
from pipeline.slug import unique_slugs
from pipeline.store import Store, content_key
from pipeline.translate import Translator
from pipeline.translate.glossary import Glossary, TermMiss, built_in_glossary
from pipeline.translate.headings import lexicon_heading
from pipeline.translate.machine import MachineTranslation
from pipeline.translate.memory import (
    UNKNOWN_NOTE,
    ReviewState,
    TranslationMemory,
    draft_mark,
    review_state,
)
from pipeline.translate.result import (
    HEADING_LEXICON,
    Origin,
    TranslatedBlock,
    TranslationResult,
)
from pipeline.translate.splice import SplicePlan, plan_splice, splice
from pipeline.translate.units import assemble, expand, memory_texts

log = logging.getLogger(__name__)


def _describe(block: Block, section: Section) -> str:
    kind = {
        BlockKind.HEADING: f"heading (level {block.level})",
        BlockKind.PARAGRAPH: "paragraph",
        BlockKind.LIST_ITEM: f"list item {block.ordinal}" if block.ordinal else "list item",
        BlockKind.QUOTE: "quotation",
        BlockKind.TABLE: "table cell",
        BlockKind.FIGURE: "figure (alt text or caption)",
        BlockKind.FOOTNOTE: f"footnote [^{block.label}]",
    }.get(block.kind, block.kind.value)
    return f"Section: {section.title}\nBlock: {kind}"


def machine_key(text: str, translator: Translator, glossary: Glossary, pair: str) -> str:
    return _machine_key(text, translator.name, translator.version, glossary, pair)


def _machine_key(text: str, name: str, version: str, glossary: Glossary, pair: str) -> str:
    return content_key("mt", text, name, version, glossary.version, pair)


# The engine a memory's draft came from, as ``_remember`` writes it (a draft made some other
# way, a splice or the heading lexicon, says so after the version and does not match). The PO
# file wraps long comment lines: read with its lines joined.
_DRAFTED_BY = re.compile(
    r"Machine translation: (\S+) \((.+?)\), \d{4}-\d\d-\d\d(?:, (draft \w+))?(?:\s|$)"
)


# A text's machine translation and where it came from (this run or the store), if any.
_Lookup = Callable[[str], "tuple[MachineTranslation, Origin] | None"]


@dataclass
class _Splice:
    plan: SplicePlan
    predecessor: str  # the old English block


class _Engine:
    """The engine behind a store: cached answers first, each new one stored as it comes."""

    def __init__(
        self, translator: Translator, store: Store, glossary: Glossary, pair: tuple[str, str]
    ) -> None:
        self.translator, self.store, self.glossary = translator, store, glossary
        self.source, self.target = pair
        self.pair = f"{pair[0]}-{pair[1]}"

    def cached(self, text: str) -> MachineTranslation | None:
        key = machine_key(text, self.translator, self.glossary, self.pair)
        return MachineTranslation.from_json(self.store.get_json("translations", key))

    @cached_property
    def _glossaries_before_marks(self) -> tuple[Glossary, Glossary]:
        """The glossaries a draft without a mark may have been made under: this one, and
        this one as it was before the built-in glossary came (with the marks)."""
        return self.glossary, self.glossary.without(built_in_glossary())

    def supersedes(self, draft: polib.POEntry) -> bool:
        """Whether ``draft`` is an unreviewed machine translation that another version of
        this engine made and nobody has changed since: its text still matches the mark its
        comment carries (or, for a draft made before marks, that version's answer still in
        the store). This version may make it again; a draft a person edited is kept."""
        made = _DRAFTED_BY.search(" ".join((draft.comment or "").splitlines()))
        if made is None or made[1] != self.translator.name or made[2] == self.translator.version:
            return False
        if made[3]:  # the draft's own mark: untouched if its text still matches it
            return made[3] == draft_mark(draft.msgstr)
        # Drafts written before the mark: that version's answer in the store, under this
        # glossary or the one before the built-in glossary came (marks came with it).
        for glossary in self._glossaries_before_marks:
            key = _machine_key(draft.msgid, made[1], made[2], glossary, self.pair)
            answer = MachineTranslation.from_json(self.store.get_json("translations", key))
            if answer is not None and not answer.failed and answer.text == draft.msgstr:
                return True
        return False

    def translate(self, texts: list[str], record: bool) -> list[MachineTranslation]:
        """Machine translations of ``texts``: a batch engine (Apertium) takes them at once;
        the others go one by one, each stored the moment it is translated (a failure or a
        quota halfway through loses nothing already paid for)."""
        batches = [texts] if self.translator.batch else [[t] for t in texts]
        results: list[MachineTranslation] = []
        for batch in batches:
            outputs = _ask(self.translator, batch, self.source, self.target)
            for text, output in zip(batch, outputs, strict=True):
                if record and not output.failed:
                    key = machine_key(text, self.translator, self.glossary, self.pair)
                    self.store.put_json("translations", key, output.to_json())
            results += outputs
        return results


def _ask(
    translator: Translator, texts: list[str], source: str, target: str
) -> list[MachineTranslation]:
    detailed = getattr(translator, "translate_detailed", None)
    if detailed is not None:
        outputs = detailed(texts, source, target)
    else:
        outputs = [
            MachineTranslation(t) for t in translator.translate_blocks(texts, source, target)
        ]
    if len(outputs) != len(texts):
        raise EngineError(f"{translator.name}: {len(texts)} blocks in, {len(outputs)} out")
    return outputs


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

    Machine output goes to the store as soon as it is made (so a failure later keeps it)
    and into the memory as fuzzy entries. The memory's changes are the caller's to save.
    With ``record`` false (a plan) nothing is stored; with ``use_engine`` false nothing is
    translated either: blocks the engine would get come back PENDING, with no text.
    """
    glossary = glossary or Glossary()
    engine = _Engine(translator, store, glossary, (document.language, target))
    results: list[list[TranslatedBlock]] = []
    misses: list[TermMiss] = []
    previous_msgid: str | None = None
    if memory is not None:
        # Retired first, so that a changed block's new entry can offer the old translation.
        memory.retire_unused(memory_texts(document))

    for section in document.sections:
        units, layouts = expand(section)
        row = _translate_section(units, engine, memory, use_engine, record)
        for item in row:
            if item.origin is Origin.MACHINE and item.failed:
                log.warning(
                    "%s: kept in English, marked for review (%s): section %r, block %.60r",
                    translator.name,
                    item.failed,
                    section.title,
                    item.source.text,
                )
            elif item.origin in (Origin.MACHINE, Origin.MACHINE_CACHED) and record:
                misses += glossary.misses(item.source.text, item.block.text)
                if memory is not None:
                    _remember(memory, item, translator, section, previous_msgid)
            previous_msgid = item.source.text
        results.append(assemble(layouts, row))

    return TranslationResult(
        document=_translated_document(document, results, target),
        sections=results,
        engine=translator.name,
        glossary_misses=misses,
        suspects=list(getattr(translator, "suspects", [])),
    )


def _remember(
    memory: TranslationMemory,
    item: TranslatedBlock,
    translator: Translator,
    section: Section,
    after: str | None,
) -> None:
    engine = f"{translator.name} ({translator.version})"
    if item.method == HEADING_LEXICON:
        engine = HEADING_LEXICON
    elif item.method:
        engine = f"{engine}; {item.method}"
    notes = (UNKNOWN_NOTE + ", ".join(item.unknown),) if item.unknown else ()
    memory.add_machine(
        item.source.text,
        item.block.text,
        engine,
        _describe(item.source, section),
        after=after,
        notes=notes,
    )


def _translate_section(
    section: Section,
    engine: _Engine,
    memory: TranslationMemory | None,
    use_engine: bool,
    record: bool,
) -> list[TranslatedBlock]:
    row: list[TranslatedBlock | None] = []
    splices: dict[int, _Splice] = {}
    wanted: list[str] = []  # texts the engine must translate: blocks, or edited sentences
    for i, block in enumerate(section.blocks):
        known = _from_memory_or_lexicon(block, engine, memory)
        edit = _splice_for(block, section, memory) if known is None else None
        cached = engine.cached(block.text) if known is None and edit is None else None
        if known is not None:
            row.append(known)
        elif edit is not None:
            # Before the whole block's cached translation: the reviewed sentences win.
            splices[i] = edit
            wanted += [s for s in edit.plan.to_translate if engine.cached(s) is None]
            row.append(None)
        elif cached is not None:
            row.append(
                TranslatedBlock(
                    block, block.with_text(cached.text), Origin.MACHINE_CACHED, cached.unknown
                )
            )
        else:
            wanted.append(block.text)
            row.append(None)

    fresh: dict[str, MachineTranslation] = {}
    if wanted and use_engine:
        unique = list(dict.fromkeys(wanted))
        fresh = dict(zip(unique, engine.translate(unique, record), strict=True))

    def machine(text: str) -> tuple[MachineTranslation, Origin] | None:
        if text in fresh:
            return fresh[text], Origin.MACHINE
        cached = engine.cached(text)
        return (cached, Origin.MACHINE_CACHED) if cached is not None else None

    complete: list[TranslatedBlock] = []
    for i, (block, item) in enumerate(zip(section.blocks, row, strict=True)):
        if item is None and i in splices:
            item = _spliced(block, splices[i], machine)
        elif item is None:
            found = machine(block.text)
            if found is None:
                item = TranslatedBlock(block, block.with_text(""), Origin.PENDING)
            else:
                output, origin = found
                item = TranslatedBlock(
                    block, block.with_text(output.text), origin, output.unknown, output.failed
                )
        complete.append(item)
    return complete


def _from_memory_or_lexicon(
    block: Block, engine: _Engine, memory: TranslationMemory | None
) -> TranslatedBlock | None:
    """The block from the memory, or a heading from the heading lexicon; else None."""
    entry = None
    if memory is not None:
        entry = memory.lookup(block.text) or memory.revive(block.text)
    state = review_state(entry)
    if entry is not None and state is ReviewState.FUZZY and engine.supersedes(entry):
        state = ReviewState.MISSING  # an older engine's untouched draft: made again
    if entry is not None and state is not ReviewState.MISSING:
        origin = Origin.REVIEWED if state is ReviewState.REVIEWED else Origin.UNREVIEWED
        return TranslatedBlock(block, block.with_text(entry.msgstr), origin)
    if block.kind is BlockKind.HEADING:
        heading = lexicon_heading(block.text, engine.source, engine.target)
        if heading is not None:
            return TranslatedBlock(
                block, block.with_text(heading), Origin.MACHINE, method=HEADING_LEXICON
            )
    return None


def _splice_for(block: Block, section: Section, memory: TranslationMemory | None) -> _Splice | None:
    """A plan to redo only the edited sentences of a reviewed block, if it has one."""
    if memory is None or block.kind is BlockKind.HEADING:
        return None
    previous = memory.reviewed_predecessor(block.text, _describe(block, section))
    if previous is None:
        return None
    plan = plan_splice(previous.msgid, previous.msgstr, block.text)
    return _Splice(plan, previous.msgid) if plan is not None else None


def _spliced(block: Block, edit: _Splice, machine: _Lookup) -> TranslatedBlock:
    found = [machine(sentence) for sentence in edit.plan.to_translate]
    if any(f is None for f in found):
        return TranslatedBlock(block, block.with_text(""), Origin.PENDING)
    outputs = [f[0] for f in found]
    fresh = any(origin is Origin.MACHINE for _, origin in found)
    text = splice(edit.plan, [o.text for o in outputs])
    unknown = tuple(w for o in outputs for w in o.unknown)
    failed = "; ".join(o.failed for o in outputs if o.failed)
    origin = Origin.MACHINE if fresh or not outputs else Origin.MACHINE_CACHED
    count = len(edit.plan.to_translate)
    method = f"spliced: {count} edited sentence{'s' * (count != 1)} machine-translated"
    return TranslatedBlock(block, block.with_text(text), origin, unknown, failed, method)


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
