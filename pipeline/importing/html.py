"""A saved web page → blocks: the article alone, found by trafilatura.

Before the extractor looks, notes are lifted out (their references become placeholders) and
embedded posts and page chrome named in ``chrome.toml`` are removed; the extractor then keeps
the article's headings, paragraphs, lists, tables and quotes, which ``html_blocks`` reads.
"""

from __future__ import annotations

import copy
import logging
from collections import Counter
from types import ModuleType

from lxml.etree import ParserError, XPathError, _Element

from pipeline.importing import blocks as why
from pipeline.importing.blocks import Converted, Heading
from pipeline.importing.detect import Probe
from pipeline.importing.errors import DamagedFile, NoText
from pipeline.importing.html_blocks import _BLOCK_TAGS, _SKIPPED, html_blocks, parse, take_notes
from pipeline.importing.markdown_writer import escape
from pipeline.importing.metadata import metadata
from pipeline.importing.text_lines import chrome_data, key

NAME = "web page (HTML)"


def accepts(probe: Probe) -> bool:
    """True for a web page (HTML markup at its start, or several HTML block tags)."""
    return probe.kind == "html"


def text_lines(root: _Element) -> list[str]:
    """Return the visible lines of text of a tree, one per block element (for counting)."""
    tree = copy.deepcopy(root)
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in _SKIPPED or element.tag == "head":
            if element.getparent() is not None:
                element.drop_tree()
            continue
        if element.tag in _BLOCK_TAGS or element.tag in ("br", "td", "th"):
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return [line.strip() for line in tree.text_content().split("\n") if line.strip()]


def _remove(root: _Element, xpaths: list[str]) -> tuple[int, int]:
    """Remove the elements the XPaths find; return how many, and the lines of text they held."""
    removed = lines = 0
    for xpath in xpaths:
        try:
            found = root.xpath(xpath)
        except XPathError:
            continue
        for element in found:
            if isinstance(element, _Element) and element.getparent() is not None:
                lines += len(text_lines(element))
                removed += 1
                element.drop_tree()
    return removed, lines


def _metadata(article: _Element) -> dict[str, str]:
    """The page's author, site (its publisher) and date, as trafilatura found them."""

    def meta(name: str) -> str:
        return article.xpath(f'string(//meta[@name="{name}"]/@content)')

    return metadata(meta("author"), meta("sitename"), meta("date"))


def _extract(root: _Element) -> tuple[str | None, _Element | None]:
    """Return the page's title and its article as simple HTML, or None if there is none."""
    import trafilatura

    # trafilatura warns on stderr about pages it finds empty; the NoText error says it once.
    quiet = logging.getLogger("trafilatura")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        article = _trafilatura_article(trafilatura, root)
    finally:
        quiet.setLevel(level)
    if not article:
        return None, None
    tree = parse(article)
    title = tree.xpath('string(//meta[@name="title"]/@content)') or None
    return title, tree


def _trafilatura_article(trafilatura: ModuleType, root: _Element) -> str | None:
    return trafilatura.extract(
        root,
        output_format="html",
        include_tables=True,
        include_comments=False,
        include_formatting=True,
        include_links=False,
        include_images=False,
        favor_precision=True,
        with_metadata=True,
        deduplicate=False,
    )


def convert(probe: Probe) -> Converted:
    """Return the blocks of a web page's article, with its notes; raise NoText if none."""
    assert probe.text is not None
    try:
        root = parse(probe.text)
    except (ParserError, ValueError) as error:
        raise DamagedFile(f"{probe.path}: not a readable web page ({error})") from None
    page_lines = len(text_lines(root))
    notes = take_notes(root)
    vocabulary = chrome_data()["html"]
    embedded, embedded_lines = _remove(root, vocabulary["embeds"])
    _remove(root, vocabulary["chrome"])
    title, article = _extract(root)
    counts: Counter[str] = Counter()
    found = html_blocks(article, counts) if article is not None else []
    title_md = escape(title) if title else None
    first = found[0] if found else None
    if title_md is None and isinstance(first, Heading) and first.level == 1:
        title_md = first.text
    # the page's own h1 (or its text), when the extractor kept it, is the title already found
    while found and title_md and key(getattr(found[0], "text", "")) == key(title_md):
        found = found[1:]
    if not any(not isinstance(b, Heading) for b in found):
        raise NoText(f"{probe.path}: no article text found in this web page")
    kept = len(text_lines(article)) if article is not None else 0
    if embedded:
        counts[why.EMBEDDED] += embedded
    if notes:
        counts[why.NOTES_MOVED] += len(notes)
    chrome = page_lines - kept - embedded_lines - len(notes)
    if chrome > 0:
        counts[why.CHROME] += chrome
    return Converted(
        blocks=found,
        title=title_md,
        notes=notes,
        dropped=counts,
        detail=f"read as {probe.encoding}",
        metadata=_metadata(article) if article is not None else {},
    )
