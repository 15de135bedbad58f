"""Markdown → Document, with markdown-it-py (GFM tables and footnotes).

``inline_plain_text`` (from ``pipeline.inline``) is re-exported here for its many users.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipeline.errors import InputError
from pipeline.frontmatter import looks_like_metadata, read_metadata
from pipeline.inline import inline_plain_text, markdown, markdown_with_front_matter
from pipeline.model import Block, BlockKind, Document, ReportMetadata, Section
from pipeline.reader import BlockReader
from pipeline.slug import unique_slugs

# Past this a report is surely not a report (and would take days to narrate).
__all__ = [
    "MAX_SOURCE_BYTES",
    "build_document",
    "inline_plain_text",
    "load_document",
    "parse_blocks",
    "parse_markdown",
    "parse_with_warnings",
    "read_source",
]

MAX_SOURCE_BYTES = 20 * 1024 * 1024


def read_source(path: Path, encoding: str = "utf-8") -> str:
    """Return the text of a source file, or raise InputError saying what is wrong with it."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    if size > MAX_SOURCE_BYTES:
        raise InputError(
            f"{path}: {size / 1e6:.0f} MB is larger than the {MAX_SOURCE_BYTES / 1e6:.0f} MB limit"
        )
    data = path.read_bytes()
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: this looks like a binary file, not Markdown text")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"{path}: not valid {encoding}: byte 0x{data[error.start]:02x} at line {line} "
            f"(use --encoding to read it as another encoding)"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    return text.lstrip("\ufeff")


def parse_blocks(text: str) -> list[Block]:
    """Return the document's blocks in reading order; see ``parse_with_warnings``."""
    return parse_with_warnings(text)[0]


def parse_with_warnings(text: str) -> tuple[list[Block], list[str]]:
    """Return the document's blocks in reading order, and what a reader should check
    (ragged tables, footnotes without a definition, figures without alt text, image paths
    that will not be packaged), each naming its line."""
    blocks, warnings, _ = read_report(text)
    return blocks, warnings


def read_report(text: str) -> tuple[list[Block], list[str], ReportMetadata]:
    """``parse_with_warnings``, and what the report's front matter says of it (its lines are
    never read as text); InputError if that front matter is not valid YAML."""
    tokens = markdown_with_front_matter().parse(text)
    metadata = ReportMetadata()
    if tokens and tokens[0].type == "front_matter":
        if looks_like_metadata(tokens[0].content):
            metadata = read_metadata(tokens[0].content)
        else:  # a thematic break opening the report, then text
            tokens = markdown().parse(text)
    reader = BlockReader(text)
    blocks = reader.read(tokens)
    return blocks, reader.warnings, metadata


def _titled(blocks: list[Block], metadata: ReportMetadata) -> list[Block]:
    """The blocks headed by the front matter's title, unless a heading saying it heads them
    already: a report titled only in its front matter is heard and shown with its title."""
    if not metadata.title:
        return blocks
    first = blocks[0] if blocks else None
    if (
        first is not None
        and first.kind is BlockKind.HEADING
        and _said(first.text) == _said(metadata.title)
    ):
        return blocks
    return [Block(BlockKind.HEADING, metadata.title, level=1, line=metadata.title_line), *blocks]


def _said(inline_markdown: str) -> str:
    return " ".join(inline_plain_text(inline_markdown).split()).casefold()


def _humanise(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").strip().capitalize() or name


def build_document(blocks: list[Block], name: str, language: str) -> Document:
    """Group blocks into sections: one per top-level heading, title from the first H1.

    A lone H1 at the top is the report's title and opens the first section; the sections
    then split at the next heading level present. Text before any heading, or a file with
    no headings at all, forms a section named after the document.
    """
    headings = [b for b in blocks if b.kind is BlockKind.HEADING]
    if not headings:
        title = _humanise(name)
        split_level = 0
    else:
        h1s = [b for b in headings if b.level == 1]
        title_block = h1s[0] if len(h1s) == 1 and headings[0].level == 1 else None
        title = inline_plain_text((title_block or headings[0]).text)
        lower = [b.level for b in headings if b is not title_block]
        split_level = min(lower) if lower else 1

    groups: list[tuple[str, list[Block]]] = []
    for block in blocks:
        starts_section = block.kind is BlockKind.HEADING and block.level <= split_level
        if starts_section or not groups:
            section_title = inline_plain_text(block.text) if starts_section else title
            groups.append((section_title, []))
        groups[-1][1].append(block)

    slugs = unique_slugs([t for t, _ in groups])
    sections = tuple(
        Section(title=t, slug=slug, blocks=tuple(bs))
        for (t, bs), slug in zip(groups, slugs, strict=True)
    )
    return Document(name=name, language=language, title=title, sections=sections)


def parse_markdown(text: str, name: str, language: str = "en") -> Document:
    """Return the Document for Markdown ``text`` (with its front matter's metadata); raise
    InputError if it holds no text."""
    try:
        blocks, warnings, metadata = read_report(text)
    except InputError as error:
        raise InputError(f"{name}: {error}") from None
    if not any(inline_plain_text(b.text) for b in blocks if b.kind is not BlockKind.CODE):
        raise InputError(f"{name}: no text to narrate (only blank lines or markup)")
    document = build_document(_titled(blocks, metadata), name, language)
    return replace(document, warnings=tuple(f"{name}: {w}" for w in warnings), metadata=metadata)


def load_document(path: Path, encoding: str = "utf-8", language: str = "en") -> Document:
    """Read and parse a source file; the document is named after the file's stem."""
    text = read_source(path, encoding)
    return parse_markdown(text, path.stem, language)
