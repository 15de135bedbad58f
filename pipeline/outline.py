"""A document's outline: sections, blocks and their sentences, as ``pipeline split`` shows."""

from __future__ import annotations

from pipeline.inline import inline_plain_text
from pipeline.model import Block, BlockKind, Document
from pipeline.segment import block_sentences


def _block(block: Block, language: str) -> dict:
    entry: dict = {"kind": block.kind.value, "line": block.line}
    if block.kind is BlockKind.TABLE and block.table is not None:
        rows, columns = block.table.shape
        entry.update(rows=rows, columns=columns, header=list(block.table.header))
        entry["sentences"] = []
    elif block.kind is BlockKind.FIGURE and block.figure is not None:
        entry.update(src=block.figure.src, alt=inline_plain_text(block.text))
        entry["caption"] = block.figure.title
        entry["sentences"] = []
    elif block.kind in (BlockKind.CODE, BlockKind.BREAK):
        entry["sentences"] = []
    else:
        entry["sentences"] = block_sentences(block, language)
    if block.kind is BlockKind.FOOTNOTE:
        entry["label"] = block.label
    if block.quote_depth:
        entry["quote_depth"] = block.quote_depth
    return entry


def outline(document: Document) -> dict:
    """The document as plain data: title, warnings, and per section its slug and blocks."""
    return {
        "title": document.title,
        "warnings": list(document.warnings),
        "sections": [
            {
                "section": section.title,
                "slug": section.slug,
                "blocks": [_block(block, document.language) for block in section.blocks],
            }
            for section in document.sections
        ],
    }


def _summary(block: dict) -> str | None:
    kind = block["kind"]
    if kind == "table":
        header = " | ".join(block["header"])
        # Counted as a reader sees the table: the header row is a row.
        return f"{block['rows'] + 1} rows × {block['columns']} columns: {header}"
    if kind == "figure":
        caption = f" ({block['caption']})" if block["caption"] else ""
        return f"{block['src']}: {block['alt'] or '(no alt text)'}{caption}"
    if kind == "code":
        return "(code, not narrated)"
    if kind == "break":
        return "(thematic break)"
    return None


def render_outline(tree: dict) -> str:
    """The outline as text: numbered sections, a line per sentence with its block's kind."""
    lines = [tree["title"]]
    for n, section in enumerate(tree["sections"], 1):
        lines.append(f"{n:02d} {section['section']}  [{section['slug']}]")
        for block in section["blocks"]:
            kind = block["kind"]
            if "label" in block:
                kind = f"[^{block['label']}]"
            summary = _summary(block)
            if summary is not None:
                lines.append(f"     {kind:<9} {summary}")
            for sentence in block["sentences"]:
                lines.append(f"     {kind:<9} {sentence}")
    for warning in tree.get("warnings", []):
        lines.append(f"warning: {warning}")
    return "\n".join(lines)
