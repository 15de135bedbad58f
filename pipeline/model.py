"""The document model: Document → Section (a chapter) → Block → Sentence.

Every block GitHub-flavoured Markdown with footnotes gives a report is a kind here: headings,
paragraphs, list items, block quotes, tables, figures, footnote definitions, code and
thematic breaks. Importers produce this model (as Markdown); editions, narration,
translation and the published formats read only it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    QUOTE = "quote"  # a paragraph of a block quote
    TABLE = "table"
    FIGURE = "figure"  # an image standing alone as a paragraph
    FOOTNOTE = "footnote"  # a footnote's definition; references stay in the text as [^label]
    CODE = "code"  # a code block: shown, never translated nor narrated
    BREAK = "break"  # a thematic break (---)


# Blocks whose text a translator translates as one unit of the memory. A table's cells and a
# figure's alt text and caption are units of their own (see Block.units).
_PROSE = frozenset(
    {
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.LIST_ITEM,
        BlockKind.QUOTE,
        BlockKind.FOOTNOTE,
    }
)
# A cell of figures, units and signs only is the same in every language.
_WORDLESS = re.compile(r"^[\W\d_]*(?:[%$€£¥]|bn|m|k|kg|km|mi|pp|n/a|N/A)?[\W\d_]*$")


@dataclass(frozen=True)
class Table:
    """A table's cells as inline Markdown; every row as long as the header."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[str, ...] = ()  # per column: "", "left", "center" or "right"

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, columns), the header row not counted."""
        return len(self.rows), len(self.header)


@dataclass(frozen=True)
class Figure:
    """An image shown as a figure; its alt text is the block's text."""

    src: str  # as written; never fetched, and packaged only when it is safely local
    title: str = ""  # the caption (the image's title)


@dataclass(frozen=True)
class Block:
    """One block of the document.

    ``text`` is the block's inline Markdown, as written (emphasis, links and footnote
    references kept), on one line: for a figure, its alt text; for code, the code itself;
    for a table, the table as Markdown (its cells are in ``table``). ``level`` is the
    heading level; ``ordinal`` an item's number in an ordered list (None for bullets and
    other blocks); ``quote_depth`` how many block quotes hold the block; ``label`` a
    footnote's label or a code block's language; ``line`` where it starts in the source
    (from 1), for messages.
    """

    kind: BlockKind
    text: str
    level: int = 0
    ordinal: int | None = None
    list_depth: int = 0
    quote_depth: int = 0
    label: str = ""
    table: Table | None = None
    figure: Figure | None = None
    line: int = field(default=0, compare=False)

    def with_text(self, text: str) -> Block:
        return replace(self, text=text)

    def units(self) -> tuple[str, ...]:
        """The texts a translator translates, in order: the block's text for prose; a
        table's cells (header first) and a figure's alt text and caption; nothing for code
        and breaks. Cells of figures and signs only are units too (they come back as
        they are: see ``translatable``)."""
        if self.kind in _PROSE:
            return (self.text,)
        if self.kind is BlockKind.TABLE and self.table is not None:
            return (*self.table.header, *(cell for row in self.table.rows for cell in row))
        if self.kind is BlockKind.FIGURE and self.figure is not None:
            return (self.text, self.figure.title)
        return ()

    def with_units(self, texts: tuple[str, ...] | list[str]) -> Block:
        """The same block with its units replaced by ``texts`` (as many as ``units()``)."""
        texts = tuple(texts)
        if len(texts) != len(self.units()):
            raise ValueError(f"{self.kind} block has {len(self.units())} units, got {len(texts)}")
        if self.kind in _PROSE:
            return replace(self, text=texts[0])
        if self.kind is BlockKind.TABLE and self.table is not None:
            width = len(self.table.header)
            header, cells = texts[:width], texts[width:]
            rows = tuple(cells[i : i + width] for i in range(0, len(cells), width))
            table = replace(self.table, header=header, rows=rows)
            return replace(self, table=table, text=table_markdown(table))
        if self.kind is BlockKind.FIGURE and self.figure is not None:
            return replace(self, text=texts[0], figure=replace(self.figure, title=texts[1]))
        return self


def translatable(unit: str) -> bool:
    """Whether a unit has words to translate (not empty, not only figures and signs)."""
    return bool(unit.strip()) and not _WORDLESS.match(unit.strip())


def _cell(text: str) -> str:
    return text.replace("|", "\\|") if "\\|" not in text else text


def table_markdown(table: Table) -> str:
    """The table as GitHub-flavoured Markdown, alignment kept, pipes in cells escaped."""
    rules = {"left": ":---", "center": ":---:", "right": "---:"}
    align = table.align or ("",) * len(table.header)
    lines = [
        "| " + " | ".join(_cell(c) for c in table.header) + " |",
        "| " + " | ".join(rules.get(a, "---") for a in align) + " |",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)


@dataclass(frozen=True)
class Section:
    """A top-level heading and what follows it: one chapter of the audiobook."""

    title: str
    slug: str
    blocks: tuple[Block, ...]

    @property
    def heading(self) -> Block | None:
        first = self.blocks[0] if self.blocks else None
        return first if first is not None and first.kind is BlockKind.HEADING else None


@dataclass(frozen=True)
class ReportMetadata:
    """What a report says of itself in its front matter (``pipeline.frontmatter``); "" where
    it says nothing, and the project's ``[book]`` settings apply."""

    title: str = ""
    author: str = ""
    publisher: str = ""
    year: str = ""
    title_line: int = 0  # where the title is given, for messages


@dataclass(frozen=True)
class Document:
    """A parsed report in one language; ``warnings`` name the lines a reader should check."""

    name: str
    language: str
    title: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
    warnings: tuple[str, ...] = ()
    metadata: ReportMetadata = field(default_factory=ReportMetadata)

    @property
    def blocks(self) -> list[Block]:
        return [block for section in self.sections for block in section.blocks]

    @property
    def footnotes(self) -> dict[str, Block]:
        """The footnote definitions by label."""
        return {b.label: b for b in self.blocks if b.kind is BlockKind.FOOTNOTE}
