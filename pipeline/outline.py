"""A document's outline: sections, blocks and their sentences, as ``pipeline split`` shows."""

from __future__ import annotations

from pipeline.model import Document
from pipeline.segment import block_sentences


def outline(document: Document) -> dict:
    """The document as plain data: title, and per section its slug and blocks' sentences."""
    return {
        "title": document.title,
        "sections": [
            {
                "section": section.title,
                "slug": section.slug,
                "blocks": [
                    {
                        "kind": block.kind.value,
                        "sentences": block_sentences(block, document.language),
                    }
                    for block in section.blocks
                ],
            }
            for section in document.sections
        ],
    }


def render_outline(tree: dict) -> str:
    """The outline as text: numbered sections, a line per sentence with its block's kind."""
    lines = [tree["title"]]
    for n, section in enumerate(tree["sections"], 1):
        lines.append(f"{n:02d} {section['section']}  [{section['slug']}]")
        for block in section["blocks"]:
            for sentence in block["sentences"]:
                lines.append(f"     {block['kind']:<9} {sentence}")
    return "\n".join(lines)
