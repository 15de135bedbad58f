"""The report's text as HTML: every sentence a span with its anchor, every string escaped.

Block rendering is one small table (``BLOCK_TAGS``) plus one function, so a new block kind
(table, figure, quote, footnote) is one entry; a kind it does not know yet degrades to a
paragraph of its sentences. Nothing here reads files: text in, text out.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection

# Block kind → element. Headings are placed by level instead; list items are grouped into
# lists by ``render_blocks``. Anything else becomes a paragraph.
BLOCK_TAGS = {"paragraph": "p", "list_item": "li"}


def attr(value: object) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return escape(str(value), quote=True)


def text(value: object) -> str:
    """``value`` escaped for element content."""
    return escape(str(value), quote=False)


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where ``\\u003c`` means the same
    character: so no ``</script>`` or ``<!--`` can close or confuse the element.
    """
    dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        dumped = dumped.replace(char, code)
    return dumped.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def sentences_html(block: ReadAlongBlock, mark: str) -> str:
    """A block's sentences as spans (timed ones are the read-along targets), then its mark
    if it is unreviewed machine translation and marks are on."""
    spans = [
        f'<span class="s" id="{attr(s.anchor)}" tabindex="-1">{text(s.text)}</span>'
        if s.timed
        else f'<span id="{attr(s.anchor)}">{text(s.text)}</span>'
        for s in block.sentences
    ]
    if block.unreviewed and mark:
        spans.append(f'<em class="mt">{text(mark)}</em>')
    return " ".join(spans)


def heading_tag(level: int) -> str:
    # The page's one h1 is the report's title; headings below it keep their order.
    return f"h{min(6, max(2, level))}"


def render_block(block: ReadAlongBlock, mark: str) -> str:
    """One block as HTML; list items as ``<li>`` (``render_blocks`` opens their lists)."""
    inner = sentences_html(block, mark)
    kind = str(block.block.kind)
    if kind == "heading":
        tag = heading_tag(block.block.level)
        return f"<{tag}>{inner}</{tag}>"
    tag = BLOCK_TAGS.get(kind, "p")
    ordinal = block.block.ordinal if kind == "list_item" else None
    value = f' value="{int(ordinal)}"' if ordinal is not None else ""
    return f"<{tag}{value}>{inner}</{tag}>"


def render_blocks(blocks: tuple[ReadAlongBlock, ...], mark: str) -> list[str]:
    """Blocks as HTML lines, list items grouped into (nested) ``ol``/``ul`` lists."""
    lines: list[str] = []
    open_lists: list[str] = []  # the tag of each open list, outermost first

    def close_to(depth: int) -> None:
        while len(open_lists) > depth:
            lines.append(f"</li></{open_lists.pop()}>")

    for block in blocks:
        if str(block.block.kind) != "list_item":
            close_to(0)
            lines.append(render_block(block, mark))
            continue
        depth = max(1, block.block.list_depth)
        close_to(depth)
        here = open_lists[-1] if len(open_lists) == depth else None
        if here == "ol" and block.block.ordinal is None:
            # The parser numbers an ordered item's first paragraph only: this one continues it.
            lines.append(f"<p>{sentences_html(block, mark)}</p>")
            continue
        list_tag = "ol" if block.block.ordinal is not None else "ul"
        if here is not None and here != list_tag:
            close_to(depth - 1)  # another kind of list at this depth
        elif here is not None:
            lines.append("</li>")
        while len(open_lists) < depth:
            open_lists.append(list_tag)
            lines.append(f"<{list_tag}>")
        lines.append(render_block(block, mark).removesuffix("</li>"))
    close_to(0)
    return lines


def render_section(section: ReadAlongSection, mark: str, skip_first: bool = False) -> str:
    """A chapter as ``<section id="sN">``; ``skip_first`` leaves out its first block (the
    report's title, shown as the page's h1)."""
    blocks = section.blocks[1:] if skip_first else section.blocks
    body = "\n".join(render_blocks(blocks, mark))
    return f'<section id="s{section.number}" class="chapter">\n{body}\n</section>'
