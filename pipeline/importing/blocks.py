"""What every reader produces: blocks of inline Markdown, the notes, and what was left out.

Readers never write Markdown block syntax themselves; they build these records (their
inline text already escaped with ``markdown_writer.escape``) and the writer lays them out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Heading:
    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    quoted: bool = False


@dataclass(frozen=True)
class ListItem:
    """One item; ``number`` is its number in an ordered list, None in a bulleted one."""

    text: str
    number: int | None = None
    depth: int = 1


@dataclass(frozen=True)
class Table:
    """A table: a header row (possibly empty) and body rows of inline Markdown cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | ListItem | Table


@dataclass
class Converted:
    """A reader's result: the title (None if the source has none), blocks in reading order,
    footnote texts by label, and counts of what was dropped, by reason."""

    blocks: list[Block]
    title: str | None = None
    notes: dict[str, str] = field(default_factory=dict)
    dropped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    detail: str = ""  # e.g. the encoding a text file was read in
    markdown: str | None = None  # set by readers that pass Markdown through as it is
    # What the source says of itself (author, publisher, date): the front matter written
    # above the text, so that the report is credited to its own authors.
    metadata: dict[str, str] = field(default_factory=dict)


# Reasons for dropping, shared by the readers so that the report reads the same for all.
CHROME = "lines of page chrome"
BREADCRUMB = "breadcrumb lines"
REPEATED_TITLE = "repeats of the title"
LEAD_IN = "lead-in lines before the text (captions, teasers, widgets)"
TRAILER = "lines after the text (comment form, related links)"
EMBEDDED = "embedded posts"
RUNNING_HEADER = "running header lines"
RUNNING_FOOTER = "running footer lines"
PAGE_NUMBER = "page numbers"
NOTES_MOVED = "footnotes moved to Notes"
MARKERS = "note markers without a note (kept as superscripts)"
UNMAPPED = "characters the PDF gives no text for"
