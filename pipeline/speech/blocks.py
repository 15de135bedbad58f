"""What a listener hears of each kind of block: pure text work, before normalisation.

Prose is read sentence by sentence; a table is announced and read row by row with its column
names (or only announced, when it is long); a figure is described by its alt text (or left
silent); footnote markers are never spoken and footnote texts are not narrated unless asked,
then at the end of the section that cites them; code and breaks are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.inline import FOOTNOTE_REFERENCE, inline_plain_text
from pipeline.model import Block, BlockKind, Table
from pipeline.segment import block_sentences

# What the narration says around tables, figures and notes, per language.
PHRASES = {
    "en": {
        "table": "Table {n}, {rows}: {columns}.",
        "row": "row",
        "rows": "rows",
        "large_table": "Table {n}, with {rows} rows, is in the text edition.",
        "figure": "Figure: {text}",
        "note": "Note {label}: {text}",
    },
    "es": {
        "table": "Tabla {n}, {rows}: {columns}.",
        "row": "fila",
        "rows": "filas",
        "large_table": "La tabla {n}, de {rows} filas, está en la edición de texto.",
        "figure": "Figura: {text}",
        "note": "Nota {label}: {text}",
    },
}

# Reference markers a reader skips and a narrator never says: "[12]", "¹²", "(see note 3)".
_MARKERS = re.compile(
    r"\s*\[\d{1,3}(?:[,–-]\s*\d{1,3})*\]"
    # superscript digits after a word or a stop, but not a unit's square or cube (km², ft³)
    r"|(?<=[\w.,;:)\"'”’])(?<!m)(?<!ft)(?<!mi)(?<!in)(?<!yd)[⁰¹²³⁴⁵⁶⁷⁸⁹]+"
    r"|\s*\((?:see |ver |véase )?(?:end)?notes? \d{1,3}\)",
    re.IGNORECASE,
)
_UNIT = re.compile(r"\s*\(([^)]*)\)\s*$")


@dataclass(frozen=True)
class NarrationSettings:
    """How blocks other than prose are narrated ([narration] in pipeline.toml)."""

    table_rows: int = 12  # tables of up to this many rows are read; longer ones announced
    figures: Literal["describe", "silent"] = "describe"
    footnotes: Literal["skip", "read"] = "skip"  # "read": at the end of the citing section


@dataclass(frozen=True)
class Spoken:
    """One thing a block says: its anchor part, the text shown in transcripts, the text
    given to the normaliser."""

    part: str  # "n1" for the first sentence, "r2" for a table's second row
    shown: str
    said: str


def without_markers(text: str) -> str:
    """The text with reference markers removed (what a narrator says of it)."""
    return " ".join(_MARKERS.sub("", FOOTNOTE_REFERENCE.sub("", text)).split())


def _prose(block: Block, language: str) -> list[Spoken]:
    return [
        Spoken(f"n{n}", sentence, without_markers(sentence))
        for n, sentence in enumerate(block_sentences(block, language), start=1)
    ]


def _column_name(header: str) -> str:
    # "Exports ($bn)" is "Exports" in each row; its unit is said once, in the announcement.
    return _UNIT.sub("", header).strip()


def _row(table: Table, cells: tuple[str, ...]) -> str:
    plain = [inline_plain_text(c) for c in cells]
    names = [_column_name(inline_plain_text(h)) for h in table.header]
    pairs = [
        f"{name} {value}".strip() for name, value in zip(names[1:], plain[1:], strict=True) if value
    ]
    label = plain[0] if plain else ""
    if not pairs:
        return f"{label}."
    return f"{label}: {'; '.join(pairs)}." if label else f"{'; '.join(pairs)}."


def _table(block: Block, language: str, number: int, settings: NarrationSettings) -> list[Spoken]:
    table = block.table
    if table is None:
        return []
    words = PHRASES[language]
    rows = len(table.rows)
    if rows > settings.table_rows:
        text = words["large_table"].format(n=number, rows=rows)
        return [Spoken("n1", text, text)]
    columns = "; ".join(inline_plain_text(h) for h in table.header if h.strip())
    count = f"{rows} {words['row'] if rows == 1 else words['rows']}"
    announce = words["table"].format(n=number, rows=count, columns=columns)
    spoken = [Spoken("n1", announce, announce)]
    for r, cells in enumerate(table.rows, start=1):
        text = _row(table, cells)
        if any(c.isalnum() for c in text):
            spoken.append(Spoken(f"r{r}", text, without_markers(text)))
    return spoken


def _figure(block: Block, language: str, settings: NarrationSettings) -> list[Spoken]:
    if settings.figures == "silent" or block.figure is None:
        return []
    described = inline_plain_text(block.text) or inline_plain_text(block.figure.title)
    if not described:
        return []
    text = PHRASES[language]["figure"].format(text=described.rstrip(".") + ".")
    return [Spoken("n1", text, without_markers(text))]


def spoken_parts(
    block: Block, language: str, settings: NarrationSettings, table_number: int = 1
) -> list[Spoken]:
    """What the narration says of ``block``, in order (nothing for a silent block)."""
    if block.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM):
        return _prose(block, language)
    if block.kind is BlockKind.QUOTE:
        return _prose(block, language)
    if block.kind is BlockKind.TABLE:
        return _table(block, language, table_number, settings)
    if block.kind is BlockKind.FIGURE:
        return _figure(block, language, settings)
    return []  # footnotes (read at the section's end, if asked), code, breaks


def cited_notes(blocks: tuple[Block, ...], notes: dict[str, Block]) -> list[Block]:
    """The footnotes the blocks cite, in the order first cited."""
    labels: list[str] = []
    for block in blocks:
        for found in FOOTNOTE_REFERENCE.finditer(block.text):
            label = found.group(0)[2:-1]
            if label in notes and label not in labels:
                labels.append(label)
    return [notes[label] for label in labels]


def note_parts(note: Block, language: str) -> list[Spoken]:
    """A footnote read aloud: "Note 3: …"."""
    text = PHRASES[language]["note"].format(label=note.label, text=inline_plain_text(note.text))
    return [Spoken("n1", text, without_markers(text))]


def describe(block: Block, settings: NarrationSettings, table_number: int = 1) -> str | None:
    """What the narration does with a block that is not plain prose (for ``plan -v``)."""
    if block.kind is BlockKind.TABLE and block.table is not None:
        rows, columns = block.table.shape
        how = "read row by row" if rows <= settings.table_rows else "announced only"
        size = f"{rows} row" if rows == 1 else f"{rows} rows"
        return f"table {table_number} ({size} × {columns} columns, line {block.line}): {how}"
    if block.kind is BlockKind.FIGURE and block.figure is not None:
        how = "silent" if settings.figures == "silent" or not block.text else "described"
        return f"figure {block.figure.src} (line {block.line}): {how}"
    if block.kind is BlockKind.FOOTNOTE:
        how = "read after the section citing it" if settings.footnotes == "read" else "not read"
        return f"footnote [^{block.label}] (line {block.line}): {how}"
    if block.kind is BlockKind.QUOTE:
        return f"quotation (line {block.line}): read with pauses around it"
    if block.kind is BlockKind.CODE:
        return f"code (line {block.line}): not read"
    return None
