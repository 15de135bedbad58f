"""The document model: Document → Section (a chapter) → Block → Sentence."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


@dataclass(frozen=True)
class Block:
    """One unit of translation: a heading, a paragraph or a list item.

    ``text`` is the block's inline Markdown, as written (emphasis and links kept), on one line.
    ``level`` is the heading level for headings; ``ordinal`` the item's number in an ordered
    list (None for bullets and for other blocks).
    """

    kind: BlockKind
    text: str
    level: int = 0
    ordinal: int | None = None
    list_depth: int = 0

    def with_text(self, text: str) -> Block:
        return replace(self, text=text)


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
class Document:
    """A parsed report in one language."""

    name: str
    language: str
    title: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    @property
    def blocks(self) -> list[Block]:
        return [block for section in self.sections for block in section.blocks]
