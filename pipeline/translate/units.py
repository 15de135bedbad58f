"""Translation units: what of each block a translator translates, and the block put back.

Prose blocks are one unit each. A table's cells and a figure's alt text and caption are
units of their own (each its own memory entry), so a table stays a table in every language
and a figure keeps its path; cells of figures and signs only, code and breaks are carried
over as they are. The stage translates a section's units as it would blocks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pipeline.model import Block, Document, Section, translatable
from pipeline.translate.result import Origin, TranslatedBlock

# From the least to the most in need of a reviewer: a block is as unreviewed as its worst unit.
_RANK = [
    Origin.REVIEWED,
    Origin.UNREVIEWED,
    Origin.MACHINE_CACHED,
    Origin.MACHINE,
    Origin.PENDING,
]


@dataclass(frozen=True)
class _Layout:
    """Where a block's units went: an index into the units section, or None (carried over)."""

    block: Block
    slots: tuple[int | None, ...]


def memory_texts(document: Document) -> set[str]:
    """Every text the memory holds an entry for in this document (its translatable units)."""
    return {u for block in document.blocks for u in block.units() if translatable(u)}


def expand(section: Section) -> tuple[Section, list[_Layout]]:
    """The section as units to translate (each a block of its owner's kind), and how to put
    each block back together."""
    units: list[Block] = []
    layouts = []
    for block in section.blocks:
        slots: list[int | None] = []
        for text in block.units():
            if translatable(text):
                slots.append(len(units))
                units.append(block if block.units() == (text,) else replace(block, text=text))
            else:
                slots.append(None)
        layouts.append(_Layout(block, tuple(slots)))
    return Section(section.title, section.slug, tuple(units)), layouts


def assemble(layouts: list[_Layout], translated: list[TranslatedBlock]) -> list[TranslatedBlock]:
    """Each block with its units' translations, as unreviewed as its worst unit."""
    blocks = []
    for layout in layouts:
        block = layout.block
        done = [translated[i] for i in layout.slots if i is not None]
        if not block.units():
            blocks.append(TranslatedBlock(block, block, Origin.REVIEWED))
            continue
        if block.units() == (block.text,) and len(done) == 1:
            blocks.append(done[0])  # a prose block is its own unit
            continue
        texts = [
            translated[i].block.text if i is not None else text
            for i, text in zip(layout.slots, block.units(), strict=True)
        ]
        origin = max((d.origin for d in done), key=_RANK.index, default=Origin.REVIEWED)
        blocks.append(
            TranslatedBlock(
                block,
                block.with_units(texts),
                origin,
                tuple(w for d in done for w in d.unknown),
                "; ".join(d.failed for d in done if d.failed),
                next((d.method for d in done if d.method), ""),
            )
        )
    return blocks
