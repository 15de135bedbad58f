"""A block's inline Markdown as HTML, sentence by sentence: emphasis, code and links kept
inside the sentence they belong to, and where each footnote reference stands.

The read-along model gives a block's sentences as plain text (what the narration reads).
Here the block's inline Markdown is parsed once into that same plain text plus the stretches
of it that are emphasised, code or a link, and the places of its footnote references; each
sentence is then found in the plain text and shown with the stretches that fall inside it.
The shown text is always the sentence's own text: where a sentence cannot be found (an
edition that changed it), it is shown plain, never lost. Pure text work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from urllib.parse import urlsplit

from pipeline.inline import FOOTNOTE_REFERENCE, inline_plain_text, markdown

# Links a reader can follow from any copy of the page or the book; a relative link points
# into the report's source folder, which neither ships.
LINK_SCHEMES = ("http", "https", "mailto")
_TAGS = {"em_open": "em", "strong_open": "strong", "link_open": "a"}
_CLOSES = ("em_close", "strong_close", "link_close")


def text(value: object) -> str:
    """``value`` escaped for element content."""
    return escape(str(value), quote=False)


def attr(value: object) -> str:
    """``value`` escaped for a double-quoted attribute."""
    return escape(str(value), quote=True)


def attributes(values: dict[str, str]) -> str:
    """``{"id": "a", "class": "s"}`` as ``' id="a" class="s"'``, every value escaped."""
    return "".join(f' {name}="{attr(value)}"' for name, value in values.items())


@dataclass(frozen=True)
class Stretch:
    """Part of the plain text shown in an element: ``em``, ``strong``, ``code`` or ``a``."""

    start: int
    end: int
    tag: str
    href: str = ""


@dataclass(frozen=True)
class Inline:
    """Inline Markdown as a reader sees it: the plain text (``inline_plain_text``), the
    stretches of it in elements (properly nested, outermost first) and each footnote
    reference's place in it (the offset it follows) and label."""

    plain: str
    stretches: tuple[Stretch, ...] = ()
    references: tuple[tuple[int, str], ...] = ()


def _followable(href: str) -> bool:
    return urlsplit(href).scheme.lower() in LINK_SCHEMES


def _collapsed_offsets(raw: str) -> list[int]:
    """For each offset of ``raw`` (and its end), the offset in ``" ".join(raw.split())``."""
    offsets, length, spaced = [], 0, True  # no space at the start
    for char in raw:
        offsets.append(length)
        if char.isspace():
            if not spaced:
                length, spaced = length + 1, True
        else:
            length, spaced = length + 1, False
    offsets.append(length - 1 if spaced and length else length)  # no space at the end
    return [min(offset, offsets[-1]) for offset in offsets]


@lru_cache(maxsize=4096)
def parse_inline(source: str) -> Inline:
    """``source`` (a block's inline Markdown) as plain text with its stretches and
    references; the plain text is exactly ``inline_plain_text(source)``."""
    raw: list[str] = []
    size = 0
    opened: list[tuple[int, str, str]] = []  # start, tag, href of each open element
    stretches: list[Stretch] = []
    references: list[tuple[int, str]] = []

    def add(piece: str) -> None:
        nonlocal size
        raw.append(piece)
        size += len(piece)

    for token in markdown().parseInline(source):
        for child in token.children or []:
            if child.type == "text":
                at = 0
                for found in FOOTNOTE_REFERENCE.finditer(child.content):
                    add(child.content[at : found.start()])
                    references.append((size, found.group(0)[2:-1]))
                    at = found.end()
                add(child.content[at:])
            elif child.type == "code_inline":
                stretches.append(Stretch(size, size + len(child.content), "code"))
                add(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                add(" ")
            elif child.type == "image":
                add(child.content)
            elif child.type in _TAGS:
                opened.append((size, _TAGS[child.type], str(child.attrGet("href") or "")))
            elif child.type in _CLOSES and opened:
                start, tag, href = opened.pop()
                if tag != "a" or _followable(href):
                    stretches.append(Stretch(start, size, tag, href))
    whole = "".join(raw)
    at = _collapsed_offsets(whole)
    plain = " ".join(whole.split())
    if plain != inline_plain_text(source):  # a construct this walk does not know: no markup
        shown = inline_plain_text(source)
        return Inline(shown, (), tuple((len(shown), label) for _, label in references))
    placed = [Stretch(at[s.start], at[s.end], s.tag, s.href) for s in stretches]
    ordered = sorted((s for s in placed if s.start < s.end), key=lambda s: (s.start, -s.end))
    return Inline(plain, tuple(ordered), tuple((at[offset], label) for offset, label in references))


def _open(stretch: Stretch) -> str:
    return f'<a href="{attr(stretch.href)}">' if stretch.tag == "a" else f"<{stretch.tag}>"


def render_range(
    inline: Inline, start: int, end: int, noteref: Callable[[str], str] | None = None
) -> str:
    """The plain text from ``start`` to ``end`` as HTML, with the elements that cover it
    (cut at the range's edges) and, if ``noteref`` is given, the footnote references that
    stand inside it rendered by it in place."""
    cut = [
        Stretch(max(s.start, start), min(s.end, end), s.tag, s.href)
        for s in inline.stretches
        if s.start < end and s.end > start
    ]
    marks = [(o, label) for o, label in inline.references if start <= o <= end] if noteref else []
    events = sorted(
        [(s.start, 1, i) for i, s in enumerate(cut)] + [(o, 2, i) for i, (o, _) in enumerate(marks)]
    )
    out: list[str] = []
    stack: list[Stretch] = []
    at = start

    def close_until(offset: int) -> None:
        nonlocal at
        while stack and stack[-1].end <= offset:
            closing = stack.pop()
            out.append(text(inline.plain[at : closing.end]) + f"</{closing.tag}>")
            at = closing.end

    for offset, what, index in events:
        close_until(offset)
        out.append(text(inline.plain[at:offset]))
        at = offset
        if what == 1:
            stack.append(cut[index])
            out.append(_open(cut[index]))
        elif noteref is not None:
            out.append(noteref(marks[index][1]))
    close_until(end)
    out.append(text(inline.plain[at:end]))
    return "".join(out)


def inline_html(source: str, noteref: Callable[[str], str] | None = None) -> str:
    """Inline Markdown (a table cell, a footnote) as HTML, references in place."""
    inline = parse_inline(source)
    return render_range(inline, 0, len(inline.plain), noteref)


@dataclass(frozen=True)
class Placed:
    """A sentence found in its block: its stretch of the plain text (None where it is not
    found) and the labels of the footnote references it ends."""

    span: tuple[int, int] | None
    references: tuple[str, ...]


def place_sentences(inline: Inline, sentences: Sequence[str]) -> list[Placed]:
    """Where each sentence stands in the block's plain text, in order, and which footnote
    references follow it: a reference belongs to the first sentence that ends at or after
    it (so "rose.[^1] Then" marks "rose."), any left over to the last sentence."""
    spans: list[tuple[int, int] | None] = []
    cursor = 0
    for sentence in sentences:
        found = inline.plain.find(sentence, cursor) if sentence else -1
        if found < 0:
            spans.append(None)
            continue
        spans.append((found, found + len(sentence)))
        cursor = found + len(sentence)
    labels: list[list[str]] = [[] for _ in sentences]
    for offset, label in inline.references:
        owner = next(
            (i for i, span in enumerate(spans) if span is not None and span[1] >= offset),
            len(sentences) - 1,
        )
        if owner >= 0:
            labels[owner].append(label)
    return [Placed(span, tuple(found)) for span, found in zip(spans, labels, strict=True)]
