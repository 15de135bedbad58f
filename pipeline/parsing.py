"""Markdown → Document, with markdown-it-py; plain text of inline Markdown for speech."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from pipeline.errors import InputError
from pipeline.model import Block, BlockKind, Document, Section
from pipeline.slug import unique_slugs

# Past this a report is surely not a report (and would take days to narrate).
MAX_SOURCE_BYTES = 20 * 1024 * 1024


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


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


def inline_plain_text(inline_markdown: str) -> str:
    """Return what a reader sees of inline Markdown: link text, no emphasis marks, one line."""
    tokens = _markdown().parseInline(inline_markdown)
    parts: list[str] = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                parts.append(child.content)
    return " ".join("".join(parts).split())


def _collapse(inline: str) -> str:
    return " ".join(line.strip() for line in inline.splitlines()).strip()


def parse_blocks(text: str) -> list[Block]:
    """Return the document's blocks in reading order (headings, paragraphs, list items)."""
    tokens: list[Token] = _markdown().parse(text)
    blocks: list[Block] = []
    # Each open list: [ordered?, next number]; each open item: whether its first
    # paragraph has been seen, so that continuation paragraphs carry no number.
    lists: list[list] = []
    items: list[bool] = []
    for i, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else 0
            lists.append([token.type == "ordered_list_open", start])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            items.append(False)
        elif token.type == "list_item_close":
            items.pop()
            lists[-1][1] += 1
        elif token.type == "heading_open":
            inline = _collapse(tokens[i + 1].content)
            if inline:
                blocks.append(Block(BlockKind.HEADING, inline, level=int(token.tag[1:])))
        elif token.type == "paragraph_open":
            inline = _collapse(tokens[i + 1].content)
            if not inline:
                continue
            if items:
                ordered, number = lists[-1]
                first = not items[-1]
                items[-1] = True
                blocks.append(
                    Block(
                        BlockKind.LIST_ITEM,
                        inline,
                        ordinal=number if ordered and first else None,
                        list_depth=len(lists),
                    )
                )
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, inline))
    return [b for b in blocks if inline_plain_text(b.text)]


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
    """Return the Document for Markdown ``text``; raise InputError if it holds no text."""
    blocks = parse_blocks(text)
    if not blocks:
        raise InputError(f"{name}: no text to narrate (only blank lines or markup)")
    return build_document(blocks, name, language)


def load_document(path: Path, encoding: str = "utf-8", language: str = "en") -> Document:
    """Read and parse a source file; the document is named after the file's stem."""
    text = read_source(path, encoding)
    return parse_markdown(text, path.stem, language)
