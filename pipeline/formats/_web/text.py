"""The report's text as the web page shows it: the shared block renderer
(``pipeline.publish.html``) with the page's hooks, and the page's embedded JSON.

On the page every sentence heard in the book (a table's rows, a figure) is a read-along
target: class ``s``, focusable with a roving tabindex (the script moves it), highlighted
while it is heard. Nothing here reads files: text in, text out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pipeline.publish.html import Markup, Renderer
from pipeline.publish.html_inline import text
from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` only occur inside JSON strings, where ``\\u003c`` means the same
    character: so no ``</script>`` or ``<!--`` can close or confuse the element.
    """
    dumped = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        dumped = dumped.replace(char, code)
    return dumped.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _target(anchor: str, timed: bool) -> dict[str, str]:
    # Heard sentences are what the reader clicks, arrows through and sees highlighted.
    return {"class": "s", "id": anchor, "tabindex": "-1"} if timed else {"id": anchor}


def _review_mark(mark: str) -> str:
    return f'<em class="mt">{text(mark)}</em>'


def web_markup(language: str = "en", images: Mapping[str, str] | None = None) -> Markup:
    """The page's hooks; ``images`` maps a figure's src to its packaged copy's href."""
    return Markup(
        target=_target,
        review_mark=_review_mark,
        images=dict(images or {}),
        heading_floor=2,  # the page's one h1 is the report's title
        table_region=True,
        language=language,
    )


def render_blocks(blocks: tuple[ReadAlongBlock, ...], mark: str) -> list[str]:
    """Blocks as the page's HTML lines (lists and quotes nested), without note links."""
    return Renderer(web_markup(), mark).blocks(blocks)


def render_section(section: ReadAlongSection, renderer: Renderer, skip_first: bool = False) -> str:
    """A chapter as ``<section id="sN">``; ``skip_first`` leaves out its first block (the
    report's title, shown as the page's h1)."""
    body = "\n".join(renderer.section(section, skip_first))
    return f'<section id="s{section.number}" class="chapter">\n{body}\n</section>'
