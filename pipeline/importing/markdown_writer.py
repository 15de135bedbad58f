"""Blocks → Markdown (CommonMark, GFM tables, footnotes), and inline escaping for readers.

Escaping is minimal on purpose: the Markdown is read by translators and shown in the text
edition, so only what would otherwise change meaning gets a backslash.
"""

from __future__ import annotations

import json
import re

from pipeline.importing.blocks import Block, Converted, Heading, ListItem, Table

NOTES_TITLE = "Notes"

# A footnote reference a reader leaves in text before escaping; the writer's escaping does
# not touch these private-use characters, and ``resolve_note_refs`` turns them into [^n].
_REF_OPEN, _REF_CLOSE = "\ue000", "\ue001"
_REF = re.compile(f"{_REF_OPEN}([^{_REF_CLOSE}]+){_REF_CLOSE}")

_INLINE_SPECIAL = re.compile(
    r"""
      \\(?=[!-/:-@\[-`{-~])      # a backslash that would escape the next character
    | [*`~]                      # emphasis, code, strikethrough
    | (?<![A-Za-z0-9])_|_(?![A-Za-z0-9])   # underscores that can open or close emphasis
    | \[(?=\^)                   # [^ would start a footnote reference
    | \^(?=\[)                   # ^[ would start an inline footnote
    | \](?=[(\[:])               # ]( ][ ]: would close a link or a definition
    | <(?=\S)                    # raw HTML or an autolink (an address may start with a digit)
    | &(?=\#?\w+;)               # an entity
    """,
    re.VERBOSE,
)
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+*](?=\s)|=+\s*$|-+\s*$|(\d{1,9})([.)])(?=\s|$))")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def escape(text: str) -> str:
    """Return plain ``text`` as inline Markdown that reads back as the same text, one line."""
    text = " ".join(text.split())
    return _INLINE_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def note_ref(label: str) -> str:
    """Return a placeholder for a reference to note ``label``, safe to pass through escape."""
    return f"{_REF_OPEN}{label}{_REF_CLOSE}"


def superscript(digits: str) -> str:
    """Return ``digits`` as Unicode superscripts: a marker whose note text is unknown."""
    return digits.translate(_SUPERSCRIPT)


def emphasis(inline: str, marker: str = "*") -> str:
    """Wrap inline Markdown in emphasis, keeping outer spaces outside the markers."""
    core = inline.strip()
    if not core:
        return inline
    lead = inline[: len(inline) - len(inline.lstrip())]
    tail = inline[len(inline.rstrip()) :]
    return f"{lead}{marker}{core}{marker}{tail}"


def resolve_note_refs(inline: str, known: set[str] | None = None) -> str:
    """Turn note placeholders into ``[^n]`` (or superscripts where ``known`` lacks the note)."""

    def ref(match: re.Match[str]) -> str:
        label = match.group(1)
        if known is not None and label not in known:
            return superscript(label) if label.isdigit() else ""
        return f"[^{label}]"

    return _REF.sub(ref, inline)


def _guard_block_start(inline: str) -> str:
    # A paragraph that starts like a heading, quote, list item or setext underline would be
    # read as that block: escape its first character.
    match = _BLOCK_START.match(inline)
    if not match:
        return inline
    if match.group(2):  # "1. text" → "1\. text"
        return match.group(2) + "\\" + inline[len(match.group(2)) :]
    return "\\" + inline


def _cell(inline: str) -> str:
    return inline.replace("|", "\\|") or " "


def _table(table: Table) -> str:
    width = max(1, len(table.header), *(len(r) for r in table.rows))
    header = list(table.header) or [""] * width
    rows = [list(r) + [""] * (width - len(r)) for r in table.rows]
    header += [""] * (width - len(header))
    lines = ["| " + " | ".join(_cell(c) for c in header) + " |"]
    lines.append("|" + "|".join(" --- " for _ in range(width)) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _heading_levels(blocks: list[Block], has_title: bool) -> dict[int, int]:
    """Map source heading levels to Markdown levels: 1 for the title, then 2, 3… by rank."""
    levels = sorted({b.level for b in blocks if isinstance(b, Heading)})
    first = 2 if has_title else 1
    return {level: min(first + rank, 6) for rank, level in enumerate(levels)}


def _list_item(item: ListItem, open_items: list[int]) -> str:
    """Return an item's line; ``open_items`` holds the content columns of its open parents."""
    del open_items[item.depth - 1 :]
    indent = open_items[-1] if open_items else 0
    marker = f"{item.number}." if item.number is not None else "-"
    open_items.append(indent + len(marker) + 1)
    return f"{' ' * indent}{marker} {item.text}"


def front_matter(metadata: dict[str, str]) -> str:
    """YAML front matter for ``metadata`` (``pipeline.frontmatter`` reads it): each value a
    double-quoted string, which JSON writes as YAML reads it."""
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in metadata.items()]
    return "\n".join(["---", *lines, "---"])


def render(converted: Converted) -> str:
    """Return the Markdown source for a converted document, ending with one newline."""
    known = set(converted.notes)
    blocks = [b for b in converted.blocks if not (isinstance(b, Heading) and not b.text)]
    title = converted.title
    if title is None and blocks and isinstance(blocks[0], Heading):
        first = blocks[0]
        if sum(isinstance(b, Heading) and b.level <= first.level for b in blocks) == 1:
            title, blocks = first.text, blocks[1:]
    levels = _heading_levels(blocks, title is not None)
    parts: list[str] = [front_matter(converted.metadata)] if converted.metadata else []
    if title:
        parts.append(f"# {resolve_note_refs(title, known)}")
    previous: Block | None = None
    open_items: list[int] = []
    for block in blocks:
        if isinstance(block, Heading):
            heading = resolve_note_refs(block.text, known)
            if heading.endswith("#"):  # would read as the heading's closing sequence
                heading = heading[:-1] + "\\#"
            text = f"{'#' * levels[block.level]} {heading}"
        elif isinstance(block, Table):
            cells = Table(
                tuple(resolve_note_refs(c, known) for c in block.header),
                tuple(tuple(resolve_note_refs(c, known) for c in r) for r in block.rows),
            )
            text = _table(cells)
        elif isinstance(block, ListItem):
            if not (isinstance(previous, ListItem) and _same_list(previous, block)):
                open_items = []
            content = _guard_block_start(resolve_note_refs(block.text, known))
            item = ListItem(content, block.number, block.depth)
            text = _list_item(item, open_items)
            if isinstance(previous, ListItem) and _same_list(previous, block):
                parts[-1] += "\n" + text
                previous = block
                continue
        else:
            text = _guard_block_start(resolve_note_refs(block.text, known))
            if block.quoted:
                text = "> " + text
        parts.append(text)
        previous = block
    if converted.notes:
        notes_level = min(levels.values(), default=2 if title else 1)
        parts.append(f"{'#' * notes_level} {NOTES_TITLE}")
        for label, note in converted.notes.items():
            parts.append(f"[^{label}]: {resolve_note_refs(note, known)}")
    return "\n\n".join(parts) + "\n"


def _same_list(previous: ListItem, item: ListItem) -> bool:
    # A deeper item nests inside the previous one; at the same depth the kind must match.
    if item.depth != previous.depth:
        return True
    return (item.number is None) == (previous.number is None)
