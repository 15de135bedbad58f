"""Plain text (a saved page's text, a text export of a report) → blocks.

The page is read the way a person skims it: chrome named by the vocabulary goes, and so does
everything after a comment form starts; the title is the first title-like line (preferring
one the page repeats, as breadcrumbs and headers do); what stands between the title and the
first run of prose (captions, teasers, widgets) is furniture; in the text, a short title-like
line before prose is a heading, and lines a browser put side by side without a blank line
between them, each a whole sentence, are the items of a list whose markers were lost.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from pipeline.importing import blocks as why
from pipeline.importing.blocks import Block, Converted, Heading, ListItem, Paragraph
from pipeline.importing.dehyphenate import join_lines, vocabulary
from pipeline.importing.detect import Probe
from pipeline.importing.markdown_writer import escape
from pipeline.importing.text_lines import (
    Chrome,
    Line,
    chrome_vocabulary,
    ends_sentence,
    is_breadcrumb,
    is_chrome,
    is_end_marker,
    is_prose,
    is_title_like,
    is_url,
    key,
    list_marker,
    repeats_title,
    split_lines,
    word_count,
)

NAME = "plain text"
SECTION_LEVEL = 2
_GLUED_ADDRESS = re.compile(r"([.!?][\"”’)]?)\s+(\S+)$")
_REPEATED_CHROME = 3  # a short line seen this often is a menu or a repeated label


def accepts(probe: Probe) -> bool:
    """True for any text: the reader of last resort."""
    return probe.kind == "text" and probe.text is not None


def _drop_chrome(lines: list[Line], chrome: Chrome, dropped: Counter[str]) -> list[Line]:
    """Remove vocabulary chrome, repeated labels, and everything from an end marker on.

    A removed line still separates what stood around it, as a blank line would.
    """
    counts = Counter(key(line.text) for line in lines if not is_prose(line.text))
    kept: list[Line] = []
    carried = 0
    seen_prose = False
    for index, line in enumerate(lines):
        if seen_prose and is_end_marker(line.text, chrome):
            dropped[why.TRAILER] += len(lines) - index
            break
        repeated = counts[key(line.text)] >= _REPEATED_CHROME and word_count(line.text) <= 4
        if is_chrome(line.text, chrome) or repeated:
            dropped[why.CHROME] += 1
            carried += line.gap + 1
            continue
        seen_prose = seen_prose or is_prose(line.text)
        kept.append(Line(line.text, line.gap + carried, line.indent))
        carried = 0
    return kept


def _first_prose(lines: list[Line]) -> int:
    """Return the index of the first line of running text (a long list item counts)."""
    for index, line in enumerate(lines):
        marker = list_marker(line.text)
        if is_prose(marker.text if marker else line.text):
            return index
    return len(lines)


def _find_title(lines: list[Line], body_start: int) -> int | None:
    """Return the index of the title line: a title-like line before the prose, preferring
    one the page repeats (in a breadcrumb's tail or another line), then a long one."""
    candidates = [i for i in range(body_start) if is_title_like(lines[i].text)]
    for i in candidates:
        k = key(lines[i].text)
        others = (key(lines[j].text) for j in range(body_start) if j != i)
        if any(other == k or other.endswith(" " + k) for other in others):
            return i
    # Menus come before the title in one or two words; a title seldom has fewer than three.
    titled = [i for i in candidates if word_count(lines[i].text) >= 3]
    return (titled or candidates or [None])[0]


def _front_matter(
    lines: list[Line], chrome: Chrome, dropped: Counter[str]
) -> tuple[str | None, list[Line]]:
    """Return the title and the lines from the text's start (a heading just before it kept)."""
    body_start = _first_prose(lines)
    title_index = _find_title(lines, body_start)
    if title_index is None:
        return None, lines
    title = lines[title_index].text
    for line in lines[:title_index]:
        dropped[why.BREADCRUMB if is_breadcrumb(line.text, title, chrome) else why.CHROME] += 1
    start = body_start
    if body_start == len(lines):  # no running text at all: keep everything after the title
        start = title_index + 1
    elif body_start > title_index + 1:
        before = lines[body_start - 1]
        heading = lines[body_start].gap <= 1 and is_title_like(before.text)
        if heading and not repeats_title(before.text, title):
            start = body_start - 1  # the text's first heading
    for line in lines[title_index + 1 : start]:
        dropped[why.REPEATED_TITLE if repeats_title(line.text, title) else why.LEAD_IN] += 1
    rest = [line for line in lines[start:] if key(line.text) != key(title)]
    if len(lines) - start - len(rest):
        dropped[why.REPEATED_TITLE] += len(lines) - start - len(rest)
    return title, rest


def _hard_wrapped(lines: list[Line]) -> bool:
    """True for text wrapped at a fixed width (most lines in a paragraph end mid-sentence)."""
    inner = [a for a, b in itertools.pairwise(lines) if b.gap == 0]
    long_lines = sum(len(line.text) > 100 for line in lines)
    if len(inner) < 3 or long_lines > len(lines) / 20:
        return False
    return sum(not ends_sentence(line.text) for line in inner) >= len(inner) / 2


def _unwrap(lines: list[Line], words: frozenset[str]) -> list[Line]:
    """Join the lines of text wrapped at a fixed width into paragraphs and list items.

    A short title-like first line of a paragraph (a heading with no blank line after it)
    and every line that starts with a bullet or number begin a new logical line.
    """
    widths = sorted(len(line.text) for line in lines)
    typical = widths[len(widths) * 3 // 4]
    out: list[Line] = []
    for group in _paragraphs(lines):
        current: Line | None = None
        for index, line in enumerate(group):
            # a heading set on two lines is two title-like lines: those stay together
            heading = index == 0 and len(group) > 1 and is_title_like(line.text)
            heading = heading and not is_title_like(group[1].text)
            short_heading = heading and len(line.text) < 0.6 * typical
            if current is None or list_marker(line.text):
                current = Line(line.text, line.gap if current is None else 0, line.indent)
                out.append(current)
            else:
                current = Line(
                    join_lines(current.text, line.text, words), current.gap, current.indent
                )
                out[-1] = current
            if short_heading:
                current = None
    return out


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Split lines into groups at blank lines."""
    groups: list[list[Line]] = []
    for line in lines:
        if line.gap or not groups:
            groups.append([])
        groups[-1].append(line)
    return groups


def _whole_sentence(text: str) -> bool:
    """True for a line a browser would have put on its own: a whole sentence or more."""
    return ends_sentence(text) and not text.endswith(":") and word_count(text) >= 6


def _split_glued_address(text: str) -> list[str]:
    """Split a web address that a text dump glued after a paragraph's last sentence."""
    match = _GLUED_ADDRESS.search(text)
    if match and is_url(match.group(2)):
        return [text[: match.end(1)], match.group(2)]
    return [text]


class _Body:
    """Builds blocks from groups of lines; ``words`` decides line-end hyphens."""

    def __init__(self, hard_wrapped: bool, words: frozenset[str]) -> None:
        self.hard_wrapped = hard_wrapped
        self.words = words
        self.blocks: list[Block] = []

    def paragraph(self, text: str) -> None:
        for part in _split_glued_address(text):
            self.blocks.append(Paragraph(escape(part)))

    def item(self, text: str, number: int | None, depth: int) -> None:
        self.blocks.append(ListItem(escape(text), number, depth))

    def logical_lines(self, group: list[Line]) -> list[tuple[str, Line]]:
        """Join each line to the previous one where that one runs on (no sentence end)."""
        joined: list[tuple[str, Line]] = []
        for line in group:
            runs_on = joined and not self.hard_wrapped and not ends_sentence(joined[-1][0])
            if runs_on and not list_marker(line.text):
                text, first = joined[-1]
                joined[-1] = (join_lines(text, line.text, self.words), first)
            else:
                joined.append((line.text, line))
        return joined

    def group(self, group: list[Line], next_group: list[Line] | None) -> None:
        first = group[0].text
        follows = group[1].text if len(group) > 1 else (next_group[0].text if next_group else "")
        if is_title_like(first) and (is_prose(follows) or list_marker(follows)):
            self.blocks.append(Heading(escape(first), SECTION_LEVEL))
            group = group[1:]
            if not group:
                return
        lines = self.logical_lines(group)
        indents = sorted({line.indent for _, line in lines if list_marker(line.text)})
        lead = lines[0][0].endswith(":")
        items = lines[1:] if lead else lines
        unmarked_list = (
            not self.hard_wrapped
            and len(items) >= 2
            and not indents
            and all(_whole_sentence(t) for t, _ in items)
        )
        for index, (text, line) in enumerate(lines):
            marker = list_marker(text)
            if marker:
                self.item(marker.text, marker.number, indents.index(line.indent) + 1)
            elif unmarked_list and not (lead and index == 0):
                self.item(text, None, 1)
            else:
                self.paragraph(text)


def convert_text(text: str, chrome: Chrome | None = None) -> Converted:
    """Return the blocks of a plain-text page or report, with what was dropped and why."""
    chrome = chrome or chrome_vocabulary()
    dropped: Counter[str] = Counter()
    words = vocabulary([text])
    lines = split_lines(text)
    hard_wrapped = _hard_wrapped(lines)
    if hard_wrapped:
        lines = _unwrap(lines, words)
    lines = _drop_chrome(lines, chrome, dropped)
    title, lines = _front_matter(lines, chrome, dropped)
    body = _Body(hard_wrapped, words)
    groups = _paragraphs(lines)
    for index, group in enumerate(groups):
        body.group(group, groups[index + 1] if index + 1 < len(groups) else None)
    return Converted(blocks=body.blocks, title=escape(title) if title else None, dropped=dropped)


def convert(probe: Probe) -> Converted:
    """Return the blocks of a plain-text file (see ``convert_text``)."""
    assert probe.text is not None
    converted = convert_text(probe.text)
    converted.detail = f"read as {probe.encoding}"
    return converted
