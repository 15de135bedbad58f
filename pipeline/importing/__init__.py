"""Import a report as it arrives (web page, Word, PDF, Markdown, plain text) as source Markdown.

Readers are tried in order, like markitdown's converters: the first whose ``accepts`` takes
the probed file (decided from its content, not its name) converts it into blocks, which one
writer turns into Markdown. Nothing downstream knows which reader ran.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

from pipeline import atomic
from pipeline.errors import ConfigError
from pipeline.importing import detect, docx, html, markdown, pdf, text
from pipeline.importing.blocks import Converted
from pipeline.importing.errors import NoText, TargetExists, UnknownFormat
from pipeline.importing.markdown_writer import render
from pipeline.importing.report import ImportReport, measure
from pipeline.model import BlockKind
from pipeline.parsing import parse_blocks
from pipeline.slug import slugify

__all__ = ["READERS", "ImportReport", "import_file"]

# In priority order: binary formats by their magic, then markup, then anything that is text.
READERS: tuple[ModuleType, ...] = (pdf, docx, html, markdown, text)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def document_name(path: Path, name: str | None) -> str:
    """Return the document name: ``name`` if given (checked), else a slug of the file name."""
    if name is None:
        return slugify(path.stem, fallback="imported")
    name = name.removesuffix(".md")
    if not _NAME.match(name) or name.endswith(".es"):
        raise ConfigError(
            f"--name {name!r}: use letters, digits, '.', '-' and '_' (it names source/<name>.md)"
        )
    return name


def reader_for(probe: detect.Probe) -> ModuleType:
    """Return the first reader that accepts the probed file, or raise UnknownFormat."""
    for reader in READERS:
        if reader.accepts(probe):
            return reader
    raise UnknownFormat(f"{probe.path}: {probe.reason or 'a file of an unknown type'}")


def convert_file(path: Path, name: str) -> tuple[str, ModuleType, detect.Probe, Converted]:
    """Return the Markdown for ``path`` with the reader, probe and conversion that made it."""
    probe = detect.probe(path)
    reader = reader_for(probe)
    converted = reader.convert(probe)
    markdown_text = converted.markdown if converted.markdown is not None else render(converted)
    blocks = parse_blocks(markdown_text)
    if all(block.kind is BlockKind.HEADING for block in blocks):
        found = "only headings" if blocks else "no text"
        raise NoText(f"{path}: nothing to import: {found} found in it")
    return markdown_text, reader, probe, converted


def import_file(
    path: Path, name: str | None = None, source_dir: Path = Path("source"), force: bool = False
) -> ImportReport:
    """Convert ``path`` into ``source_dir/<name>.md`` and return what was kept and dropped.

    An existing source is replaced only with ``force``; its translation memory
    (``<name>.es.po``) is never touched. Nothing is written unless the import succeeds.
    """
    doc = document_name(path, name)
    target = source_dir / f"{doc}.md"
    if target.exists() and not force:
        raise TargetExists(f"{target} exists already: use --force to replace it")
    markdown_text, reader, probe, converted = convert_file(path, doc)
    atomic.write_text(target, markdown_text)
    sections, blocks, words = measure(markdown_text, doc)
    warnings = list(converted.warnings)
    if len(sections) > 1 and sections[0].blocks == 1:
        warnings.append("the first section holds only the title: a chapter of its own")
    detail = converted.detail
    if probe.encoding and probe.encoding not in ("utf-8", "utf-8-sig", "ascii"):
        detail = f"not UTF-8: {detail} (detected)"
    return ImportReport(
        source=path,
        target=target,
        format=reader.NAME,
        sections=sections,
        blocks=blocks,
        words=words,
        dropped=converted.dropped,
        warnings=warnings,
        detail=detail,
        metadata=converted.metadata,
    )
