"""A PDF page's words → lines in reading order: columns found from the gap between them.

A two-column page has a vertical band near its middle that only a few lines cross (a title,
a running header, notes set across the page). Words crossing it make full-width lines; the
others are read down the left column, then the right, between one full-width line and the
next.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
MARKER_SIZE = 0.95  # digits smaller than the text and raised (superscript) mark a note
MARKER_RISE = 0.12  # in ems above the line's baseline
WORD_GAP = 0.15  # in ems


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class Line:
    """A line of words on one page; ``column`` is 0 (full width), 1 (left) or 2 (right)."""

    words: list[Word]
    page: int
    column: int
    page_height: float = 0.0
    region: tuple[float, float] = (0.0, 0.0)  # the column's left and right edges on its page
    size: float = field(init=False)
    bold: bool = field(init=False)

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w.x0)
        sizes: Counter[float] = Counter()
        for word in self.words:
            sizes[round(word.size, 1)] += len(word.text)
        self.size = sizes.most_common(1)[0][0]
        main = [w for w in self.words if not self.is_marker(w)] or self.words
        self.bold = all(w.bold for w in main)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        main = [w for w in self.words if not self.is_marker(w)] or self.words
        return min(w.top for w in main)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    def is_marker(self, word: Word) -> bool:
        """True for small raised digits: a note marker (or a note's label)."""
        normal = [w for w in self.words if w.size >= self.size * MARKER_SIZE]
        if not normal or word.size >= self.size * MARKER_SIZE or not word.text.isdigit():
            return False
        baseline = statistics.median(w.bottom for w in normal)
        return word.bottom < baseline - MARKER_RISE * self.size

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname.split("+")[-1]))


def page_words(page: object) -> list[Word]:
    """Return a pdfplumber page's words with their font size and weight."""
    # Many PDFs place words without space characters: a gap of a sixth of an em or more
    # between letters is a word break (pdfminer's own layout uses a tenth).
    words = page.extract_words(  # type: ignore[attr-defined]
        extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance_ratio=WORD_GAP
    )
    return [
        Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], w["size"], _bold(w["fontname"]))
        for w in words
        if w["text"].strip()
    ]


def find_gutter(words: list[Word], width: float, height: float) -> float | None:
    """Return the x of the gap between two columns, or None for a one-column page.

    The page is cut into thin horizontal slices. At the gap, more slices hold text on both
    sides with nothing in between (the columns side by side) than hold text across it (a
    title, notes set across the page); in a one-column page it is the other way round.
    """
    if len(words) < 10:
        return None
    import numpy as np

    step, half = 3.0, 4  # slice height in points; half the width of the gap tested
    grid = np.zeros((int(height / step) + 2, int(width) + 2), dtype=bool)
    for w in words:
        grid[int(w.top / step) : int(w.bottom / step) + 1, int(w.x0) : int(w.x1) + 1] = True
    before = np.cumsum(grid, axis=1)  # filled cells left of (and at) each x, per slice
    total = before[:, -1]
    best, best_score = None, 0
    for x in range(int(width * 0.3), int(width * 0.7)):
        left = before[:, x - half - 1] > 0
        inside = before[:, x + half] - before[:, x - half - 1] > 0
        right = total - before[:, x + half] > 0
        side_by_side = int(np.sum(left & right & ~inside))
        across = int(np.sum(inside))
        score = side_by_side - across
        if side_by_side >= 6 and score > best_score:
            best, best_score = [x, x], score
        elif best is not None and score == best_score and x == best[1] + 1:
            best[1] = x
    return (best[0] + best[1]) / 2 if best else None


def _group(words: list[Word], page: int, column: int) -> list[Line]:
    """Group words into lines: a word joins the line its vertical middle falls within."""
    lines: list[list[Word]] = []
    spans: list[list[float]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        for span, line in zip(spans, lines, strict=True):
            if span[0] - 1 <= middle <= span[1] + 1:
                line.append(word)
                span[0], span[1] = min(span[0], word.top), max(span[1], word.bottom)
                break
        else:
            lines.append([word])
            spans.append([word.top, word.bottom])
    return [Line(line, page, column) for line in lines]


def page_lines(words: list[Word], page: int, width: float, height: float) -> list[Line]:
    """Return a page's lines in reading order, each tagged with its column."""
    gutter = find_gutter(words, width, height)
    if gutter is None:
        lines = sorted(_group(words, page, 0), key=lambda line: line.top)
        return _with_regions(lines, height)
    spanning = [w for w in words if w.x0 < gutter < w.x1]
    rows = _group(spanning, page, 0)
    rest = [w for w in words if not w.x0 < gutter < w.x1]
    sides: dict[int, list[Word]] = {1: [], 2: []}
    for word in rest:
        middle = (word.top + word.bottom) / 2
        row = next((r for r in rows if r.top - 1 <= middle <= r.bottom + 1), None)
        if row is not None:
            row.words.append(word)
        else:
            sides[1 if word.x1 <= gutter else 2].append(word)
    columns = {side: _group(ws, page, side) for side, ws in sides.items()}
    # A line set across the page whose words happen to leave the gutter free (a note, say)
    # shows as two halves a word space apart: put them back together.
    for left_line in list(columns[1]):
        for right_line in columns[2]:
            overlap = min(left_line.bottom, right_line.bottom) - max(left_line.top, right_line.top)
            if overlap > 0 and right_line.x0 - left_line.x1 < 0.6 * left_line.size:
                rows.append(Line(left_line.words + right_line.words, page, 0))
                columns[1].remove(left_line)
                columns[2].remove(right_line)
                break
    rows = [Line(r.words, page, 0) for r in rows]  # recompute size and weight with all words
    ordered: list[Line] = []
    previous = float("-inf")
    for row in [*sorted(rows, key=lambda r: r.top), None]:
        limit = row.top if row is not None else float("inf")
        for side in (1, 2):
            band = [ln for ln in columns[side] if previous <= ln.top < limit]
            ordered += sorted(band, key=lambda ln: ln.top)
        if row is not None:
            ordered.append(row)
            previous = row.top
    return _with_regions(ordered, height)


def _with_regions(lines: list[Line], height: float) -> list[Line]:
    """Set each line's column edges: where most of its lines start, and the furthest end."""
    for column in {line.column for line in lines}:
        members = [line for line in lines if line.column == column]
        starts = Counter(round(m.x0) for m in members)
        region = (float(starts.most_common(1)[0][0]), max(m.x1 for m in members))
        for line in members:
            line.region = region
            line.page_height = height
    return lines
