"""Text editions: a Document rendered back to Markdown, machine translations marked."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.model import Block, BlockKind, Document

# What a reader sees after a block no translator has reviewed yet, per language.
UNREVIEWED_MARKERS = {
    "es": " *[traducción automática, pendiente de revisión]*",
    "en": " *[machine translation, not yet reviewed]*",
}


def render_block(block: Block) -> str:
    if block.kind is BlockKind.HEADING:
        return f"{'#' * max(1, block.level)} {block.text}"
    if block.kind is BlockKind.LIST_ITEM:
        indent = "   " * max(0, block.list_depth - 1)
        bullet = f"{block.ordinal}." if block.ordinal is not None else "-"
        return f"{indent}{bullet} {block.text}"
    return block.text


def render_markdown(document: Document, unreviewed: Iterable[Block] = (), marker: str = "") -> str:
    """Return the document as Markdown; blocks in ``unreviewed`` get ``marker`` appended."""
    flagged = {id(block) for block in unreviewed}
    lines: list[str] = []
    previous: Block | None = None
    for block in document.blocks:
        text = render_block(block)
        if marker and id(block) in flagged:
            text += marker
        in_same_list = (
            previous is not None
            and previous.kind is BlockKind.LIST_ITEM
            and block.kind is BlockKind.LIST_ITEM
        )
        if lines and not in_same_list:
            lines.append("")
        lines.append(text)
        previous = block
    return "\n".join(lines) + "\n"
