"""Simple HTML (an extractor's article, mammoth's Word conversion) → blocks, and its notes.

Both sources link a note the same way: a reference (``<sup><a href="#fn3">``) pointing at an
element (``<li id="fn3">``) in a list of notes. ``take_notes`` lifts those notes out of the
tree and leaves a placeholder where each reference stood; ``html_blocks`` then walks what is
left: headings, paragraphs, lists, tables and quotes, with emphasis kept inline.
"""

from __future__ import annotations

import re
from collections import Counter

from lxml import html as lxml_html
from lxml.etree import _Element

from pipeline.importing import blocks as why
from pipeline.importing.blocks import Block, Heading, ListItem, Paragraph, Table
from pipeline.importing.markdown_writer import emphasis, escape, note_ref, superscript

HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CONTAINERS = {
    "body", "div", "section", "article", "main", "header", "footer", "figure", "aside",
    "center", "form", "fieldset", "details", "html", "span", "nav", "dl", "tbody", "thead",
}  # fmt: skip
_PARAGRAPHS = {"p", "dd", "dt", "figcaption", "caption", "address", "summary", "pre", "legend"}
_SKIPPED = {"script", "style", "noscript", "template", "svg", "iframe", "object", "button"}
_BACKLINK = re.compile(r"^\s*[↩↑^⤴︎\ufe0e\ufe0f]+\s*$|^\s*back\s*$", re.I)
_NOTE_TITLES = {"notes", "footnotes", "endnotes", "end notes", "notas"}
_LABEL = re.compile(r"^\s*\[?\(?([0-9]{1,4}|[a-z]{1,3}|[ivxlc]{1,6})\)?\]?\s*$", re.I)
_NOTE_HINT = re.compile(r"foot|note|\bfn|cite|\bref", re.I)
_KEPT_CONTAINERS = {"body", "html", "article", "main"}


def parse(markup: str) -> _Element:
    """Return the lxml tree of an HTML document or fragment, already decoded to ``markup``.

    The page's own ``<meta charset>`` is ignored: the text was decoded once, by detect.py.
    """
    parser = lxml_html.HTMLParser(encoding="utf-8")
    return lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)


def _inline(element: _Element, counts: Counter[str]) -> str:
    """Return an element's content as inline Markdown (whitespace not yet collapsed)."""
    parts: list[str] = [_text(element.text)]
    for child in element:
        parts.append(_inline_child(child, counts))
        parts.append(_text(child.tail))
    return "".join(parts)


def _text(text: str | None) -> str:
    if not text:
        return ""
    # keep boundary spaces: escape() collapses and trims, so pad back what it took
    inner = escape(text)
    lead = " " if text[:1].isspace() else ""
    tail = " " if text[-1:].isspace() and inner else ""
    return f"{lead}{inner}{tail}"


def _inline_child(child: _Element, counts: Counter[str]) -> str:
    tag = child.tag if isinstance(child.tag, str) else ""
    if not tag or tag in _SKIPPED or tag == "img":
        return ""  # comments, scripts, images
    if tag == "br":
        return " "
    content = _inline(child, counts)
    if tag in ("em", "i", "cite", "dfn"):
        return emphasis(content, "*")
    if tag in ("strong", "b"):
        return emphasis(content, "**")
    if tag == "sup":
        digits = content.strip()
        if digits.isdigit():
            counts[why.MARKERS] += 1
            return superscript(digits)
    if tag in _BLOCK_TAGS:  # paragraphs inside a list item or a cell: keep them apart
        return f" {content} "
    return content


def inline_text(element: _Element, counts: Counter[str] | None = None) -> str:
    """Return an element's content as one line of inline Markdown."""
    return " ".join(_inline(element, counts if counts is not None else Counter()).split())


def _cell_text(cell: _Element, counts: Counter[str]) -> str:
    # Paragraphs inside a cell would end the table row: keep them on one line.
    return inline_text(cell, counts)


def _table(element: _Element, counts: Counter[str]) -> Table | None:
    rows: list[tuple[list[str], bool]] = []
    for row in element.iter("tr"):
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if cells:
            texts = [_cell_text(c, counts) for c in cells]
            head = all(c.tag == "th" for c in cells) or row.getparent().tag == "thead"
            rows.append((texts, head))
    if not rows or not any(any(t for t in texts) for texts, _ in rows):
        return None
    # Markdown tables need a header row: a table without a marked one (most Word tables)
    # shows its first row as the header, which is what that row nearly always is.
    header, body = rows[0][0], rows[1:]
    return Table(tuple(header), tuple(tuple(texts) for texts, _ in body))


_BLOCK_TAGS = (
    set(HEADINGS) | _PARAGRAPHS | (_CONTAINERS - {"span"})
    | {"ul", "ol", "li", "table", "tr", "blockquote", "hr"}
)  # fmt: skip


def _is_block(element: _Element) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "span":  # a span wrapping paragraphs acts as a container
        return any(_is_block(child) for child in element)
    return tag in _BLOCK_TAGS


class _Walker:
    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self.blocks: list[Block] = []

    def walk(self, element: _Element, depth: int = 0, quoted: bool = False) -> None:
        """Walk a container: block children in turn, runs of inline content as paragraphs."""
        run = [_text(element.text)]
        for child in element:
            if _is_block(child):
                self.flush(run, quoted)
                self.block(child, depth, quoted)
                run = [_text(child.tail)]
            else:
                run += [_inline_child(child, self.counts), _text(child.tail)]
        self.flush(run, quoted)

    def flush(self, run: list[str], quoted: bool) -> None:
        text = " ".join("".join(run).split())
        if text:
            self.blocks.append(Paragraph(text, quoted))

    def block(self, element: _Element, depth: int, quoted: bool) -> None:
        tag = element.tag
        if tag in HEADINGS:
            text = inline_text(element, self.counts)
            if text:
                self.blocks.append(Heading(text, HEADINGS[tag]))
        elif tag in ("ul", "ol"):
            self.list(element, depth + 1, tag == "ol")
        elif tag == "table":
            table = _table(element, self.counts)
            if table:
                self.blocks.append(table)
        elif tag == "blockquote":
            self.walk(element, depth, True)
        elif tag in _PARAGRAPHS and not any(_is_block(c) for c in element):
            self.flush([_inline(element, self.counts)], quoted)
        elif tag != "hr":
            self.walk(element, depth, quoted)

    def list(self, element: _Element, depth: int, ordered: bool) -> None:
        number = int(element.get("start", "1") or 1) if ordered else None
        for item in element:
            if not isinstance(item.tag, str) or item.tag != "li":
                continue
            nested = [c for c in item if isinstance(c.tag, str) and c.tag in ("ul", "ol")]
            for sub in nested:
                item.remove(sub)
            text = inline_text(item, self.counts)
            if text:
                self.blocks.append(ListItem(text, number, depth))
                if number is not None:
                    number += 1
            for sub in nested:
                self.list(sub, depth + 1, sub.tag == "ol")


def html_blocks(root: _Element, counts: Counter[str] | None = None) -> list[Block]:
    """Return the blocks of an HTML tree in document order."""
    walker = _Walker(counts if counts is not None else Counter())
    body = root.find(".//body")
    walker.walk(body if body is not None else root)
    return walker.blocks


def _target_ids(root: _Element) -> dict[str, _Element]:
    return {e.get("id"): e for e in root.iter() if isinstance(e.tag, str) and e.get("id")}


def _is_reference(link: _Element) -> bool:
    """True for a link that marks a note: set as a superscript, or named as a note reference."""
    parent = link.getparent()
    if (parent is not None and parent.tag == "sup") or link.get("role") == "doc-noteref":
        return True
    hints = [link.get("class", ""), link.get("id", "")]
    if parent is not None:
        hints.append(parent.get("class", ""))
    return bool(_NOTE_HINT.search(" ".join(hints)))


def _is_note(target: _Element) -> bool:
    """True for an element that holds a note: an item of a list, or one named as a note."""
    if target.tag not in ("li", "div", "p", "aside") or len(target.text_content()) > 3000:
        return False
    named = " ".join([target.get("class", ""), target.get("id", ""), target.get("role", "")])
    return target.tag == "li" or bool(_NOTE_HINT.search(named))


def _note_text(target: _Element, back_ids: set[str]) -> str:
    for link in list(target.iter("a")):
        href = (link.get("href") or "").lstrip("#")
        if href in back_ids or _BACKLINK.match(link.text_content() or ""):
            link.drop_tree()
    return inline_text(target)


def take_notes(root: _Element) -> dict[str, str]:
    """Move linked notes out of ``root``: return their texts by label, leave placeholders.

    A reference is a superscript link (or one named as a note reference) with a label such
    as ``3``, ``[3]`` or ``iv``, to a list item (or an element named as a note). Links of a
    table of contents, say, are neither, and stay. Notes no reference points to stay too.
    """
    ids = _target_ids(root)
    refs: list[tuple[_Element, _Element, str]] = []
    for link in root.iter("a"):
        href = link.get("href") or ""
        target = ids.get(href[1:]) if href.startswith("#") else None
        label = _LABEL.match(link.text_content() or "")
        if target is None or not label or not _is_reference(link) or not _is_note(target):
            continue
        if any(target is ancestor for ancestor in link.iterancestors()):
            continue  # a back-link inside the note itself
        refs.append((link, target, label.group(1)))
    back_ids = {link.get("id") for link, _, _ in refs if link.get("id")}
    back_ids |= {a.getparent().get("id") for a, _, _ in refs if a.getparent() is not None}
    back_ids.discard(None)
    notes: dict[str, str] = {}
    targets: list[_Element] = []
    for link, target, label in refs:
        if label not in notes:
            notes[label] = _note_text(target, back_ids)  # type: ignore[arg-type]
            targets.append(target)
        holder = link.getparent() if link.getparent().tag == "sup" else link
        placeholder = lxml_html.fromstring("<span>x</span>")
        placeholder.text = note_ref(label)
        placeholder.tail = holder.tail
        holder.getparent().replace(holder, placeholder)
    for target in targets:
        _drop_note(target)
    return {label: text for label, text in notes.items() if text}


def _left_without(parent: _Element, child: _Element) -> str:
    """Return the text ``parent`` would keep without ``child``, case folded."""
    whole = " ".join(parent.text_content().split())
    return whole.replace(" ".join(child.text_content().split()), "", 1).strip().casefold()


def _drop_note(note: _Element) -> None:
    """Remove a note, and the list, section and "Notes" heading it leaves empty."""
    node = note
    while (parent := node.getparent()) is not None and parent.tag not in _KEPT_CONTAINERS:
        if _left_without(parent, node) not in {"", *_NOTE_TITLES}:
            break
        node = parent
    if node.getparent() is None:
        return
    previous = node.getprevious()
    node.drop_tree()
    if previous is not None and previous.tag == "hr":
        following = previous.getprevious()
        previous.drop_tree()
        previous = following
    titled = previous is not None and previous.tag in HEADINGS
    if titled and previous.text_content().strip().casefold() in _NOTE_TITLES:
        previous.drop_tree()
