"""The edition's blocks as HTML that is also well-formed XHTML, for every format that shows
the text: the web page and the EPUB.

Every sentence keeps its read-along anchor as ``id`` (a table's rows and a figure carry
theirs), every text and attribute is escaped, void elements are self-closed. What differs
between the formats is a few hooks (``Markup``): how a sentence target is marked up, the
review mark, which file a section is in (for note links across EPUB chapters) and where
the figures' packaged images are. A block kind this renderer does not know is shown as a
paragraph of its sentences.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from pipeline.inline import inline_plain_text
from pipeline.model import BlockKind
from pipeline.publish.html_inline import (
    attr,
    attributes,
    inline_html,
    parse_inline,
    place_sentences,
    render_range,
    text,
)
from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection

# What the text says around notes and tables, per language.
WORDS = {
    "en": {"table": "Table", "note": "Note {label}", "back": "Back to the text"},
    "es": {"table": "Tabla", "note": "Nota {label}", "back": "Volver al texto"},
}
_PROSE = {BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.QUOTE}
_ALIGN = {"left", "center", "right"}
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")
QUOTE = "blockquote"


def _id_only(anchor: str, timed: bool) -> dict[str, str]:
    return {"id": anchor}


def _review_span(mark: str) -> str:
    return f'<span class="review-mark">{text(mark)}</span>'


def _one_file(number: int) -> str:
    return ""


@dataclass(frozen=True)
class Markup:
    """The hooks that make one format's HTML."""

    # A sentence target's attributes (id, and on the web a class and tabindex when it is
    # heard); the bool says whether it has a time.
    target: Callable[[str, bool], dict[str, str]] = _id_only
    # The visible mark after a block of unreviewed machine translation.
    review_mark: Callable[[str], str] = _review_span
    # The file a section's text is in ("" when the whole text is one page).
    section_file: Callable[[int], str] = _one_file
    # A figure's src → its packaged image, relative to the text; one not here shows its alt
    # text (remote, outside the report's folder, missing).
    images: Mapping[str, str] = field(default_factory=dict)
    heading_floor: int = 1  # the web page's h1 is the report's title: its headings start at 2
    epub: bool = False  # epub:type semantics on notes and note references
    table_region: bool = False  # a wide table's scroller is a focusable, named region
    language: str = "en"


def note_id(label: str) -> str:
    """A footnote's element id: ``fn-<label>``, the label made safe for an id if needed."""
    if _SAFE_ID.fullmatch(label):
        return f"fn-{label}"
    safe = "-".join(_SAFE_ID.findall(label))
    return f"fn-{safe}-{hashlib.sha256(label.encode()).hexdigest()[:6]}"


def reference_id(label: str, count: int = 1) -> str:
    """The id of a note's ``count``-th reference: ``fnref-<label>``, then ``….2``, ``….3``
    (a dot: no label has one, so no other note's first reference has this id)."""
    return "fnref" + note_id(label)[2:] + (f".{count}" if count > 1 else "")


def _part(anchor: str) -> str:
    return anchor.rpartition("-")[2]  # "s2-b3-r1" → "r1"


@dataclass
class NotePlaces:
    """Which section holds each footnote's definition and its first reference."""

    notes: dict[str, int] = field(default_factory=dict)
    references: dict[str, int] = field(default_factory=dict)


class Renderer:
    """Renders blocks in reading order, numbering repeated note references as it goes."""

    def __init__(self, markup: Markup, mark: str, places: NotePlaces | None = None) -> None:
        self.markup = markup
        self.mark = mark  # the review mark's text; "" when marks are off
        self.places = places or NotePlaces()
        self.seen = NotePlaces()  # what this renderer has rendered so far
        self.here = 1  # the section being rendered
        self._counts: dict[str, int] = {}  # references rendered so far, by label
        self.words = WORDS.get(markup.language, WORDS["en"])

    # -- notes ------------------------------------------------------------------------------

    def _href(self, section: int, fragment: str) -> str:
        there = self.markup.section_file(section)
        same = there == self.markup.section_file(self.here)
        return f"#{fragment}" if same else f"{there}#{fragment}"

    def noteref(self, label: str) -> str:
        """A footnote reference: a superscript link to its note (plain if it has none)."""
        count = self._counts[label] = self._counts.get(label, 0) + 1
        self.seen.references.setdefault(label, self.here)
        if label not in self.places.notes:
            return f'<sup class="noteref">{text(label)}</sup>'
        values = {
            "href": self._href(self.places.notes[label], note_id(label)),
            "id": reference_id(label, count),
            "role": "doc-noteref",
            "aria-label": self.words["note"].format(label=label),
        }
        if self.markup.epub:
            values["epub:type"] = "noteref"
        return f'<sup class="noteref"><a{attributes(values)}>{text(label)}</a></sup>'

    def _note(self, block: ReadAlongBlock, classes: str) -> str:
        label = block.block.label
        first = label not in self.seen.notes
        self.seen.notes.setdefault(label, self.here)
        values = {"class": f"footnote{classes}", "role": "doc-footnote"}
        if first:
            values = {"id": note_id(label), **values}
        if self.markup.epub:
            values["epub:type"] = "footnote"
        back = ""
        if first and label in self.places.references:
            href = self._href(self.places.references[label], reference_id(label))
            back = (
                f' <a class="backlink" href="{attr(href)}" role="doc-backlink" '
                f'aria-label="{attr(self.words["back"])}">\u21a9\ufe0e</a>'
            )
        body = inline_html(block.block.text, self.noteref)
        return (
            f'<aside{attributes(values)}><p><span class="note-label">{text(label)}.</span> '
            f"{body}{back}{self._mark(block)}</p></aside>"
        )

    # -- blocks -----------------------------------------------------------------------------

    def _mark(self, block: ReadAlongBlock) -> str:
        return " " + self.markup.review_mark(self.mark) if block.unreviewed and self.mark else ""

    def _classes(self, block: ReadAlongBlock) -> str:
        return " unreviewed" if block.unreviewed and self.mark else ""

    def sentences(self, block: ReadAlongBlock) -> str:
        """A block's sentences as targets (links and emphasis inside, note references
        after the sentence they end), then its review mark."""
        prose = block.block.kind in _PROSE
        inline = parse_inline(block.block.text) if prose else None
        placed = place_sentences(inline, [s.text for s in block.sentences]) if inline else []
        spans = []
        for n, sentence in enumerate(block.sentences):
            where = placed[n] if placed else None
            inner = text(sentence.text)
            if inline is not None and where is not None and where.span is not None:
                inner = render_range(inline, *where.span)
            target = attributes(self.markup.target(sentence.anchor, sentence.timed is not None))
            notes = "".join(self.noteref(label) for label in where.references) if where else ""
            spans.append(f"<span{target}>{inner}</span>{notes}")
        return " ".join(spans) + self._mark(block)

    def _table(self, block: ReadAlongBlock, classes: str) -> str:
        table = block.block.table
        assert table is not None
        parts = {_part(s.anchor): s for s in block.sentences}
        announced = parts.get("n1")
        rows_read = any(p.startswith("r") for p in parts) or not table.rows
        label = announced.text if announced and rows_read else ""
        if not label:  # announced only (a long table): name it by its columns
            columns = "; ".join(inline_plain_text(h) for h in table.header if h.strip())
            label = f"{self.words['table']}: {columns}"
        values: dict[str, str] = {}
        if announced:
            values.update(self.markup.target(announced.anchor, announced.timed is not None))
        values["aria-label"] = label
        align = [a if a in _ALIGN else "" for a in table.align] + [""] * len(table.header)

        def cell(tag: str, source: str, column: int, scope: str = "") -> str:
            extra = f' scope="{scope}"' if scope else ""
            if align[column]:
                extra += f' style="text-align: {align[column]}"'
            return f"<{tag}{extra}>{inline_html(source, self.noteref)}</{tag}>"

        head = "".join(cell("th", h, c, "col") for c, h in enumerate(table.header))
        rows = []
        for r, row in enumerate(table.rows, start=1):
            spoken = parts.get(f"r{r}")
            target = self.markup.target(spoken.anchor, spoken.timed is not None) if spoken else {}
            cells = "".join(cell("td", value, c) for c, value in enumerate(row))
            rows.append(f"<tr{attributes(target)}>{cells}</tr>")
        scroller = {"class": f"table-scroll{classes}"}
        if self.markup.table_region:
            scroller.update({"role": "region", "tabindex": "0", "aria-label": label})
        body = "\n".join(rows)
        mark = f"<p>{self._mark(block).strip()}</p>" if self._mark(block) else ""
        return (
            f"<div{attributes(scroller)}>\n<table{attributes(values)}>\n"
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</div>{mark}"
        )

    def _figure(self, block: ReadAlongBlock, classes: str) -> str:
        figure = block.block.figure
        assert figure is not None
        described = next((s for s in block.sentences if _part(s.anchor) == "n1"), None)
        values = {"class": f"figure{classes}"}
        if described:
            target = self.markup.target(described.anchor, described.timed is not None)
            values = {**target, "class": f"{target.get('class', '')} figure{classes}".strip()}
        alt = inline_plain_text(block.block.text)
        href = self.markup.images.get(figure.src)
        if href is not None:
            shown = f'<img src="{attr(href)}" alt="{attr(alt)}"/>'
        else:  # never fetched nor packaged: a reader gets the description instead
            shown = f'<p class="figure-alt">{text(alt)}</p>' if alt else ""
        caption = text(figure.title) + self._mark(block)
        caption = f"<figcaption>{caption.strip()}</figcaption>" if caption.strip() else ""
        return f"<figure{attributes(values)}>{shown}{caption}</figure>"

    def block(self, block: ReadAlongBlock) -> str:
        """One block that is not a list item; an unknown kind as a paragraph."""
        kind, classes = block.block.kind, self._classes(block)
        if kind == BlockKind.TABLE and block.block.table is not None:
            return self._table(block, classes)
        if kind == BlockKind.FIGURE and block.block.figure is not None:
            return self._figure(block, classes)
        if kind == BlockKind.FOOTNOTE and block.block.label:
            return self._note(block, classes)
        if kind == BlockKind.CODE:
            language = "-".join(_SAFE_ID.findall(block.block.label.split(" ")[0]))
            code = f' class="language-{language}"' if language else ""
            return f'<pre class="code"><code{code}>{text(block.block.text)}</code></pre>'
        if kind == BlockKind.BREAK:
            return "<hr/>"
        tag = "p"
        if kind == BlockKind.HEADING:
            tag = f"h{min(6, max(self.markup.heading_floor, block.block.level))}"
        return f"<{tag}{self._class_attr(block)}>{self.sentences(block)}</{tag}>"

    def blocks(self, blocks: Iterable[ReadAlongBlock]) -> list[str]:
        """Blocks as lines of HTML: list items grouped into (nested) lists, each nested
        list inside the item before it; block quotes nested by depth, lists inside them."""
        lines: list[str] = []
        open_: list[str] = []  # QUOTE, or a list's tag (with an open <li>)

        def close_one() -> None:
            tag = open_.pop()
            lines.append("</blockquote>" if tag == QUOTE else f"</li></{tag}>")

        def settle(quotes: int, lists: int) -> None:
            while open_.count(QUOTE) > quotes or len(open_) - open_.count(QUOTE) > lists:
                close_one()
            while open_.count(QUOTE) < quotes:
                open_.append(QUOTE)
                lines.append("<blockquote>")

        for block in blocks:
            b = block.block
            quotes = b.quote_depth if b.kind in (BlockKind.QUOTE, BlockKind.LIST_ITEM) else 0
            if b.kind != BlockKind.LIST_ITEM:
                settle(quotes, 0)
                lines.append(self.block(block))
                continue
            depth = max(1, b.list_depth)
            settle(quotes, depth)
            at_depth = len(open_) - open_.count(QUOTE) == depth
            if at_depth and open_[-1] == QUOTE:
                # A quote inside the item: this is one of its paragraphs.
                lines.append(f"<p{self._class_attr(block)}>{self.sentences(block)}</p>")
                continue
            here = open_[-1] if at_depth else None
            if here == "ol" and b.ordinal is None:
                # The parser numbers an ordered item's first paragraph only: this continues it.
                lines.append(f"<p{self._class_attr(block)}>{self.sentences(block)}</p>")
                continue
            tag = "ol" if b.ordinal is not None else "ul"
            if here is not None and here != tag:
                close_one()  # another kind of list at this depth
                here = None
            if here is not None:
                lines.append("</li>")
            while len(open_) - open_.count(QUOTE) < depth:
                open_.append(tag)
                start = b.ordinal if tag == "ol" and b.ordinal not in (None, 1) else None
                lines.append(f'<ol start="{start}">' if start else f"<{tag}>")
            value = f' value="{int(b.ordinal)}"' if b.ordinal is not None else ""
            lines.append(f"<li{value}{self._class_attr(block)}>{self.sentences(block)}")
        settle(0, 0)
        return lines

    def _class_attr(self, block: ReadAlongBlock) -> str:
        classes = self._classes(block)
        return f' class="{classes.strip()}"' if classes else ""

    def section(self, section: ReadAlongSection, skip_first: bool = False) -> list[str]:
        """A section's blocks as lines (``skip_first``: its first block is shown elsewhere,
        the web page's title)."""
        self.here = section.number
        return self.blocks(section.blocks[1:] if skip_first else section.blocks)


def renderer(markup: Markup, mark: str, sections: Iterable[ReadAlongSection]) -> Renderer:
    """A renderer for a whole text, knowing beforehand where each footnote and its first
    reference are (a dry run over ``sections``), so note links and back links only point at
    ids that exist, in whichever section (or EPUB file) they are."""
    dry = Renderer(markup, mark)
    for section in sections:
        dry.section(section)
    return Renderer(markup, mark, dry.seen)
