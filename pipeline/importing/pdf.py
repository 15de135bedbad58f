"""A PDF with a text layer → blocks (pdfplumber; no OCR, and no AGPL PyMuPDF).

Pages are read in column order (``pdf_layout``). Then, in this order: running headers,
footers and page numbers go (lines in the top or bottom margin that repeat from page to page,
are set small and apart, or are just a number); footnotes (small lines at the foot of a page,
from the first that starts with a number) become notes and their markers (small raised
digits) references; the largest lines are headings, ranked by size and weight; the rest is
rejoined into paragraphs across lines, columns and pages, with line-end hyphens resolved.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from io import BytesIO

from pipeline.importing import blocks as why
from pipeline.importing.blocks import Block, Converted, Heading, ListItem, Paragraph
from pipeline.importing.dehyphenate import join_lines, vocabulary
from pipeline.importing.detect import Probe
from pipeline.importing.errors import DamagedFile, EncryptedFile, NoText
from pipeline.importing.markdown_writer import escape, note_ref, superscript
from pipeline.importing.metadata import metadata
from pipeline.importing.pdf_layout import Line, page_lines, page_words
from pipeline.importing.text_lines import ends_sentence, list_marker

NAME = "PDF"
MARGIN = 0.1  # the top and bottom tenth of a page hold running headers and footers
HEADING_SIZE = 1.15  # a line this much larger than the text is a heading
NOTE_SIZE = 0.9  # notes are set smaller than the text
_PAGE_NUMBER = re.compile(
    r"^(page\s*)?(\d{1,4}|[ivxlc]{1,7})(\s*(of|/)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$", re.I
)
_NUMBER_TOKEN = re.compile(r"(^|\s)\d{1,4}($|\s)")
_LABEL = re.compile(r"^\[?(\d{1,3})[.)\]]?$")
_PLACEHOLDER = re.compile("\ue000[^\ue001]*\ue001")
_UNMAPPED = re.compile(r"\(cid:\d+\)")


def accepts(probe: Probe) -> bool:
    """True for a PDF (its first kilobyte holds %PDF-)."""
    return probe.kind == "pdf"


def _decoded(value: object) -> str:
    """A PDF information entry as text (pdfminer gives bytes, UTF-16 with its mark or
    PDFDocEncoding, or a string)."""
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            return value.decode("utf-16", errors="replace")
        return value.decode("latin-1")
    return value if isinstance(value, str) else ""


def _read_pages(probe: Probe) -> tuple[list[list[Line]], dict[str, str]]:
    """The lines of each page, and the author and date of the file's information
    dictionary, where they name someone."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(BytesIO(probe.data)) as pdf:
            info = {key: _decoded(value) for key, value in (pdf.metadata or {}).items()}
            pages = [
                page_lines(page_words(page), number, float(page.width), float(page.height))
                for number, page in enumerate(pdf.pages, start=1)
            ]
            return pages, metadata(
                info.get("Author"), info.get("Company"), info.get("CreationDate")
            )
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise EncryptedFile(
                f"{probe.path}: the PDF is encrypted (it needs a password to open); "
                "import an unprotected copy"
            ) from None
        raise DamagedFile(f"{probe.path}: damaged PDF ({type(cause).__name__})") from None
    except Exception as error:  # pdfminer raises many kinds on malformed files
        raise DamagedFile(f"{probe.path}: damaged PDF ({type(error).__name__}: {error})") from None


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0]


def _margin_key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.casefold())


def _in_margin(line: Line) -> str | None:
    if line.top < line.page_height * MARGIN:
        return "top"
    if line.bottom > line.page_height * (1 - MARGIN):
        return "bottom"
    return None


def _apart(line: Line, lines: list[Line], body: float) -> bool:
    """True when no other line comes within a text line's height above or below.

    Lines on the same row (a footer's left and right halves) do not count.
    """
    for other in lines:
        if other is line or (other.top < line.bottom and line.top < other.bottom):
            continue
        if max(other.top - line.bottom, line.top - other.bottom) < body:
            return False
    return True


def _strip_running(pages: list[list[Line]], body: float, dropped: Counter[str]) -> None:
    """Remove running headers, footers and page numbers from every page, in place.

    A line in the top or bottom margin goes when its text (numbers aside) recurs on other
    pages, or when it stands apart from the text in small print, or is a lone page number.
    """
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({_margin_key(ln) for ln in lines if _in_margin(ln)})
    for index, lines in enumerate(pages):
        keep: list[Line] = []
        for line in lines:
            zone = _in_margin(line)
            if zone is None or line.size >= body * HEADING_SIZE:
                keep.append(line)
                continue
            repeated = seen[_margin_key(line)] >= 2
            apart = _apart(line, lines, body)
            if _PAGE_NUMBER.match(line.text.strip()) and (repeated or apart):
                dropped[why.PAGE_NUMBER] += 1
                continue
            small = line.size < body * 0.95 and not _LABEL.match(line.words[0].text)
            # small print above everything else on the page heads it, however close
            topmost = zone == "top" and all(line.top <= o.top for o in lines)
            if repeated or (small and (apart or topmost)):
                dropped[why.RUNNING_HEADER if zone == "top" else why.RUNNING_FOOTER] += 1
                if _NUMBER_TOKEN.search(line.text):
                    dropped[why.PAGE_NUMBER] += 1
                continue
            keep.append(line)
        pages[index] = keep


def _note_lines(lines: list[Line], body: float) -> list[Line]:
    """Return the lines of a page's footnotes: the small lines at its foot, from a label on."""
    found: list[Line] = []
    groups = ({0, 1}, {0, 2}) if any(ln.column for ln in lines) else ({0},)
    for group in groups:
        members = [ln for ln in lines if ln.column in group]
        tail: list[Line] = []
        for line in sorted(members, key=lambda ln: ln.top, reverse=True):
            if line.size > body * NOTE_SIZE:
                break
            tail.append(line)
        tail.reverse()
        start = next(
            (i for i, ln in enumerate(tail) if _note_label(ln) and ln.top > ln.page_height / 2),
            None,
        )
        if start is not None:
            found += [ln for ln in tail[start:] if all(ln is not f for f in found)]
    return [ln for ln in lines if any(ln is f for f in found)]  # in reading order


def _note_label(line: Line) -> str | None:
    match = _LABEL.match(line.words[0].text)
    return match.group(1) if match and len(line.words) > 1 else None


def _take_notes(pages: list[list[Line]], body: float, words: frozenset[str]) -> dict[str, str]:
    """Remove footnote lines from the pages, in place; return the notes by label."""
    notes: dict[str, str] = {}
    for index, lines in enumerate(pages):
        found = _note_lines(lines, body)
        label = None
        for line in found:
            start = _note_label(line)
            text = " ".join(w.text for w in line.words)
            if start is not None:
                label = start
                notes[label] = text.split(" ", 1)[1]
            elif label is not None:
                notes[label] = join_lines(notes[label], text, words)
        pages[index] = [ln for ln in lines if all(ln is not f for f in found)]
    return notes


def _line_text(line: Line, notes: dict[str, str], counts: Counter[str]) -> str:
    """Return a line's text with note markers made references (or superscripts).

    A glyph the PDF gives no text for shows as "(cid:N)": at the start of a line it is a
    list bullet drawn from a symbol font; elsewhere it is dropped.
    """
    parts: list[str] = []
    for index, word in enumerate(line.words):
        if _UNMAPPED.fullmatch(word.text):
            if index == 0:
                parts.append("•")
            else:
                counts[why.UNMAPPED] += 1
            continue
        if line.is_marker(word) and parts:
            if word.text in notes:
                parts[-1] += note_ref(word.text)
            else:
                parts[-1] += superscript(word.text)
                counts[why.MARKERS] += 1
        else:
            parts.append(word.text)
    return " ".join(parts)


def _is_heading(line: Line, body: float) -> bool:
    words = len(line.words)
    if line.size >= body * HEADING_SIZE and words <= 25:
        return True
    plain = _PLACEHOLDER.sub("", line.text)
    return line.bold and line.size >= body * 0.95 and words <= 15 and not ends_sentence(plain)


def _fill(line: Line) -> float:
    left, right = line.region
    return (line.x1 - left) / max(right - left, 1.0)


def _pitch(lines: list[Line]) -> float:
    gaps = [
        b.top - a.top
        for a, b in itertools.pairwise(lines)
        if a.page == b.page and a.column == b.column and 0 < b.top - a.top < 2.5 * a.size
    ]
    return statistics.median(gaps) if gaps else 0.0


def _starts_paragraph(previous: Line, previous_text: str, line: Line, pitch: float) -> bool:
    indented = line.x0 - line.region[0] > 0.8 * line.size
    plain = _PLACEHOLDER.sub("", previous_text)
    if previous.page == line.page and previous.column == line.column:
        if pitch and line.top - previous.top > pitch * 1.35:
            return True
        return indented or (ends_sentence(plain) and _fill(previous) < 0.75)
    # a column or page break: the text runs on unless the sentence ended on a short line
    if indented:
        return True
    return ends_sentence(plain) and _fill(previous) < 0.9


def _heading_levels(headings: list[Line]) -> dict[tuple[float, bool], int]:
    styles = sorted({(h.size, h.bold) for h in headings}, key=lambda s: (-s[0], not s[1]))
    return {style: rank + 1 for rank, style in enumerate(styles)}


@dataclass
class _Heading:
    text: str
    line: Line


def _merge_headings(
    lines: list[Line], texts: list[str], body: float
) -> list[tuple[Line, str] | _Heading]:
    """Return the lines, with each heading (one set on several lines joined) as a _Heading."""
    out: list[tuple[Line, str] | _Heading] = []
    for line, text in zip(lines, texts, strict=True):
        if not _is_heading(line, body):
            out.append((line, text))
            continue
        last = out[-1] if out else None
        if (
            isinstance(last, _Heading)
            and (last.line.size, last.line.bold, last.line.page)
            == (line.size, line.bold, line.page)
            and line.top - last.line.bottom < line.size
        ):
            out[-1] = _Heading(f"{last.text} {text}", line)
        else:
            out.append(_Heading(text, line))
    return out


class _Paragraphs:
    """Accumulates lines into paragraphs and list items."""

    def __init__(self, words: frozenset[str], pitch: float) -> None:
        self.words, self.pitch = words, pitch
        self.blocks: list[Block] = []
        self.text = ""
        self.number: int | None = None
        self.item = False
        self.previous: tuple[Line, str] | None = None

    def flush(self) -> None:
        if self.text:
            text = escape(self.text)
            self.blocks.append(ListItem(text, self.number) if self.item else Paragraph(text))
        self.text, self.previous = "", None

    def add(self, line: Line, text: str) -> None:
        marker = list_marker(text)
        starts = self.previous is None or _starts_paragraph(*self.previous, line, self.pitch)
        if marker or starts:
            self.flush()
            self.item = marker is not None
            self.number = marker.number if marker else None
            self.text = marker.text if marker else text
        else:
            self.text = join_lines(self.text, text, self.words)
        self.previous = (line, text)


def _assemble(
    lines: list[Line],
    body: float,
    notes: dict[str, str],
    counts: Counter[str],
    words: frozenset[str],
) -> tuple[str | None, list[Block]]:
    """Return the title and the blocks of the body lines, in order."""
    texts = [_line_text(line, notes, counts) for line in lines]
    units = _merge_headings(lines, texts, body)
    headings = [u for u in units if isinstance(u, _Heading)]
    levels = _heading_levels([h.line for h in headings])
    first_page = [h.line.size for h in headings if h.line.page == 1]
    title: str | None = None
    largest = max((h.line.size for h in headings), default=0.0)
    if headings and units[0] is headings[0] and headings[0].line.size == max(first_page) == largest:
        title = headings[0].text
        units = units[1:]
    paragraphs = _Paragraphs(words, _pitch([ln for ln in lines if ln.size == body]))
    for unit in units:
        if isinstance(unit, _Heading):
            paragraphs.flush()
            level = levels[(unit.line.size, unit.line.bold)]
            paragraphs.blocks.append(Heading(escape(unit.text), level))
        else:
            paragraphs.add(*unit)
    paragraphs.flush()
    return title, paragraphs.blocks


def convert(probe: Probe) -> Converted:
    """Return the blocks of a PDF's text layer; raise if it has none or cannot be opened."""
    pages, properties = _read_pages(probe)
    if not any(pages):
        raise NoText(
            f"{probe.path}: this PDF has no text layer (scanned pages?); "
            "the importer does no OCR: run OCR first or import a text version"
        )
    counts: Counter[str] = Counter()
    empty = [str(i) for i, page in enumerate(pages, start=1) if not page]
    body = _body_size([ln for lines in pages for ln in lines])
    _strip_running(pages, body, counts)
    words = vocabulary(["\n".join(ln.text for ln in lines) for lines in pages])
    notes = _take_notes(pages, body, words)
    if notes:
        counts[why.NOTES_MOVED] += len(notes)
    lines = [ln for page in pages for ln in page]
    title, found = _assemble(lines, body, notes, counts, words)
    warnings = []
    if empty:
        warnings.append(f"pages without text (scanned? not read): {', '.join(empty)}")
    escaped = {label: escape(text) for label, text in notes.items()}
    return Converted(
        blocks=found,
        title=escape(title) if title else None,
        notes=escaped,
        dropped=counts,
        warnings=warnings,
        detail=f"{len(pages)} pages",
        metadata=properties,
    )
