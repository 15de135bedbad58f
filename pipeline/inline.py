"""Inline Markdown: the one parser the project uses, and what a reader sees of a text."""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

# A footnote reference ("[^3]"): kept in the text edition, never spoken nor shown as a word.
FOOTNOTE_REFERENCE = re.compile(r"\[\^[^\]\s]+\]")


@cache
def markdown() -> MarkdownIt:
    """CommonMark with GitHub-flavoured tables and footnotes: what reports (and every
    importer) produce."""
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin)


@cache
def markdown_with_front_matter() -> MarkdownIt:
    """``markdown`` that also reads a report's opening front matter (``pipeline.frontmatter``)
    as one token, never as text."""
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin).use(front_matter_plugin)


@cache
def _plain_reader() -> MarkdownIt:
    # The same parser with escapes kept apart from the text around them: joined, an escaped
    # "\\[^1]" would read as a footnote reference and vanish.
    return MarkdownIt("commonmark").enable("table").use(footnote_plugin).disable("text_join")


def inline_plain_text(inline_markdown: str) -> str:
    """Return what a reader sees of inline Markdown: link text, no emphasis marks, no
    footnote references, one line."""
    tokens = _plain_reader().parseInline(inline_markdown)
    parts: list[str] = []
    for token in tokens:
        for child in token.children or []:
            if child.type == "text":
                parts.append(FOOTNOTE_REFERENCE.sub("", child.content))
            elif child.type in ("text_special", "code_inline"):  # an escape is text, as is
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "image":
                parts.append(child.content)
    return " ".join("".join(parts).split())
