"""What an import kept and dropped, measured on the Markdown it wrote, for the user to check."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from pipeline.model import Block, BlockKind
from pipeline.parsing import build_document, inline_plain_text

_NOTE_DEFINITION = re.compile(r"^\[\^[^\]]+\]:\s*", re.M)
_NOTE_REF = re.compile(r"\[\^[^\]]+\]:?")


@dataclass(frozen=True)
class SectionSummary:
    title: str
    blocks: int
    words: int


@dataclass
class ImportReport:
    """One import: from where, as what, into where; what was kept and what was dropped."""

    source: Path
    target: Path
    format: str
    sections: list[SectionSummary]
    blocks: Counter[str]
    words: int
    dropped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    detail: str = ""
    metadata: dict[str, str] = field(default_factory=dict)  # written as front matter

    def render(self) -> str:
        """Return the report as lines for a terminal."""
        read = f"{self.format}, {self.detail}" if self.detail else self.format
        kinds = ", ".join(_count(n, kind) for kind, n in self.blocks.items() if n)
        lines = [
            f"imported {self.source} ({read}) → {self.target}",
            f"kept: {_count(len(self.sections), 'sections')}, "
            f"{_count(sum(self.blocks.values()), 'blocks')} ({kinds}), "
            f"{_count(self.words, 'words')}",
        ]
        width = len(str(len(self.sections)))
        for number, section in enumerate(self.sections, start=1):
            lines.append(
                f"  {number:>{width}}. {section.title} "
                f"({_count(section.blocks, 'blocks')}, {_count(section.words, 'words')})"
            )
        if self.metadata:
            said = "; ".join(f"{key} {value}" for key, value in self.metadata.items())
            lines.append(f"front matter: {said} (the credits and tags say them)")
        lines.append("dropped:" if self.dropped else "dropped: nothing")
        lines += [f"  {n:>4}  {why}" for why, n in self.dropped.most_common()]
        lines += [f"warning: {w}" for w in self.warnings]
        lines.append(f"check {self.target} before building.")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "source": str(self.source),
            "target": str(self.target),
            "format": self.format,
            "detail": self.detail,
            "sections": [s.__dict__ for s in self.sections],
            "blocks": dict(self.blocks),
            "words": self.words,
            "dropped": dict(self.dropped),
            "warnings": self.warnings,
            "metadata": self.metadata,
        }


def _count(n: int, plural: str) -> str:
    singular = {"list items": "list item", "notes": "note"}.get(plural, plural.removesuffix("s"))
    return f"{n} {singular if n == 1 else plural}"


def _words(text: str) -> int:
    return len(_NOTE_REF.sub(" ", inline_plain_text(text)).split())


def _blocks(markdown: str) -> list[tuple[Block, str, int]]:
    """Return (core block, kind, words) for each block, tables and notes included."""
    # Front matter (what the source said of itself) is no block of the report.
    tokens = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).parse(markdown)
    found: list[tuple[Block, str, int]] = []
    depth_items = 0
    in_table: list[str] | None = None
    for i, token in enumerate(tokens):
        if token.type == "list_item_open":
            depth_items += 1
        elif token.type == "list_item_close":
            depth_items -= 1
        elif token.type == "table_open":
            in_table = []
        elif token.type == "table_close" and in_table is not None:
            text = " ".join(in_table)
            found.append((Block(BlockKind.PARAGRAPH, text), "tables", _words(text)))
            in_table = None
        elif token.type == "inline" and in_table is not None:
            in_table.append(token.content)
        elif token.type == "heading_open":
            text = tokens[i + 1].content
            heading = Block(BlockKind.HEADING, text, level=int(token.tag[1:]))
            found.append((heading, "headings", _words(text)))
        elif token.type == "paragraph_open" and in_table is None:
            text = " ".join(tokens[i + 1].content.split())
            if depth_items and tokens[i - 1].type == "list_item_open":
                found.append((Block(BlockKind.LIST_ITEM, text), "list items", _words(text)))
            elif _NOTE_DEFINITION.match(text):
                found.append((Block(BlockKind.PARAGRAPH, text), "notes", _words(text)))
            elif depth_items:
                found[-1] = (found[-1][0], found[-1][1], found[-1][2] + _words(text))
            else:
                found.append((Block(BlockKind.PARAGRAPH, text), "paragraphs", _words(text)))
    return found


def measure(markdown: str, name: str) -> tuple[list[SectionSummary], Counter[str], int]:
    """Return the sections (as a build makes chapters), block counts by kind, and words."""
    found = _blocks(markdown)
    info = {id(block): (kind, words) for block, kind, words in found}
    document = build_document([block for block, _, _ in found], name, "en")
    sections = []
    kinds: Counter[str] = Counter()
    for section in document.sections:
        words = 0
        for block in section.blocks:
            kind, count = info[id(block)]
            kinds[kind] += 1
            words += count
        sections.append(SectionSummary(section.title, len(section.blocks), words))
    return sections, kinds, sum(s.words for s in sections)
