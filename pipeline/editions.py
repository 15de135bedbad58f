"""Text editions: a Document rendered back to Markdown, machine translations marked.

Every block kind renders as the Markdown it was read from (tables stay tables, figures keep
their paths, footnotes their labels), so an edition parses back to the same structure. The
review mark goes where Markdown stays valid: after a prose block's text, and on a line of
its own after a table or figure.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.model import Block, BlockKind, Document, table_markdown

# What a reader sees after a block no translator has reviewed yet, per language.
UNREVIEWED_MARKERS = {
    "es": " *[traducción automática, pendiente de revisión]*",
    "en": " *[machine translation, not yet reviewed]*",
}


def _quoted(text: str, depth: int) -> str:
    if not depth:
        return text
    prefix = "> " * depth
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


def _escape_title(title: str) -> str:
    return title.replace("\\", "\\\\").replace('"', '\\"')


def render_block(block: Block) -> str:
    """One block as Markdown (without its review mark)."""
    kind = block.kind
    if kind is BlockKind.HEADING:
        return f"{'#' * max(1, block.level)} {block.text}"
    if kind is BlockKind.LIST_ITEM:
        indent = "   " * max(0, block.list_depth - 1)
        bullet = f"{block.ordinal}." if block.ordinal is not None else "-"
        return _quoted(f"{indent}{bullet} {block.text}", block.quote_depth)
    if kind is BlockKind.QUOTE:
        return _quoted(block.text, max(1, block.quote_depth))
    if kind is BlockKind.TABLE and block.table is not None:
        return table_markdown(block.table)
    if kind is BlockKind.FIGURE and block.figure is not None:
        title = f' "{_escape_title(block.figure.title)}"' if block.figure.title else ""
        return f"![{block.text}]({block.figure.src}{title})"
    if kind is BlockKind.FOOTNOTE:
        return f"[^{block.label}]: {block.text}"
    if kind is BlockKind.CODE:
        fence = "````" if "```" in block.text else "```"
        return f"{fence}{block.label}\n{block.text}\n{fence}"
    if kind is BlockKind.BREAK:
        return "---"
    return block.text


def _marked(block: Block, text: str, marker: str) -> str:
    if block.kind in (BlockKind.TABLE, BlockKind.FIGURE):
        return f"{text}\n\n{marker.strip()}"
    if block.kind in (BlockKind.CODE, BlockKind.BREAK):
        return text
    return text + marker


def render_markdown(document: Document, unreviewed: Iterable[Block] = (), marker: str = "") -> str:
    """Return the document as Markdown; blocks in ``unreviewed`` get ``marker``."""
    flagged = {id(block) for block in unreviewed}
    lines: list[str] = []
    previous: Block | None = None
    for block in document.blocks:
        text = render_block(block)
        if marker and id(block) in flagged:
            text = _marked(block, text, marker)
        in_same_list = (
            previous is not None
            and previous.kind is BlockKind.LIST_ITEM
            and block.kind is BlockKind.LIST_ITEM
            and previous.quote_depth == block.quote_depth
        )
        if lines and not in_same_list:
            lines.append("")
        lines.append(text)
        previous = block
    return "\n".join(lines) + "\n"
