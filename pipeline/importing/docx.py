"""A Word document (.docx) → blocks, through mammoth's HTML.

mammoth maps heading styles to h1…h6, numbered and bulleted paragraphs to lists, tables to
tables and footnotes and endnotes to linked notes; ``html_blocks`` reads that HTML like an
article's. The Title style is the document's title; the file's document properties give the
author and the company (the publisher), where they name someone.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from io import BytesIO

from pipeline.importing import blocks as why
from pipeline.importing.blocks import Converted, Heading
from pipeline.importing.detect import Probe
from pipeline.importing.errors import DamagedFile, NoText
from pipeline.importing.html_blocks import html_blocks, inline_text, parse, take_notes
from pipeline.importing.metadata import metadata

NAME = "Word document (DOCX)"
_STYLE = "Unrecognised paragraph style"
_STYLE_MAP = """
p[style-name='Title'] => h1.document-title:fresh
p[style-name='Subtitle'] => p.document-subtitle:fresh
"""


def accepts(probe: Probe) -> bool:
    """True for a Word document (a ZIP package with word/document.xml), or a damaged one."""
    return probe.kind == "docx"


def _to_html(probe: Probe) -> tuple[str, list[str]]:
    import mammoth

    try:
        with zipfile.ZipFile(BytesIO(probe.data)) as archive:
            broken = archive.testzip()
            if "word/document.xml" not in archive.namelist():
                raise DamagedFile(f"{probe.path}: a ZIP file without a Word document inside")
        if broken:
            raise DamagedFile(f"{probe.path}: damaged Word file ({broken} is corrupt)")
        result = mammoth.convert_to_html(BytesIO(probe.data), style_map=_STYLE_MAP)
    except DamagedFile:
        raise
    except (zipfile.BadZipFile, EOFError) as error:
        raise DamagedFile(
            f"{probe.path}: damaged Word file, not a readable ZIP ({error})"
        ) from None
    except Exception as error:  # mammoth raises KeyError, ValueError, XML errors…
        name = type(error).__name__
        raise DamagedFile(f"{probe.path}: damaged Word file ({name}: {error})") from None
    return result.value, [m.message for m in result.messages if m.type == "warning"]


_DC = "{http://purl.org/dc/elements/1.1/}"
_APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def _properties(probe: Probe) -> dict[str, str]:
    """The author and company (its publisher) of the file's document properties, where
    they name someone. Not its dates: a file made from a template, or by a program, keeps
    the template's ("python-docx" writes 2013), which no reader should hear as the year."""
    from lxml import etree

    found: dict[str, str | None] = {"author": None, "publisher": None}
    with zipfile.ZipFile(BytesIO(probe.data)) as archive:
        names = set(archive.namelist())
        try:
            if "docProps/core.xml" in names:
                core = etree.fromstring(archive.read("docProps/core.xml"))
                found["author"] = core.findtext(f"{_DC}creator")
            if "docProps/app.xml" in names:
                found["publisher"] = etree.fromstring(archive.read("docProps/app.xml")).findtext(
                    f"{_APP}Company"
                )
        except etree.XMLSyntaxError:
            return {}  # damaged properties say nothing; the text is what matters
    return metadata(found["author"], found["publisher"], None)


def convert(probe: Probe) -> Converted:
    """Return the blocks of a Word document, its title and its notes."""
    markup, warnings = _to_html(probe)
    root = parse(f"<html><body>{markup}</body></html>")
    notes = take_notes(root)
    title = None
    marked = root.xpath('//h1[contains(@class, "document-title")]')
    if marked:
        title = inline_text(marked[0]) or None
        for element in marked:
            element.drop_tree()
    counts: Counter[str] = Counter()
    found = html_blocks(root, counts)
    if not any(not isinstance(b, Heading) for b in found) and not title:
        raise NoText(f"{probe.path}: the Word document holds no text")
    if notes:
        counts[why.NOTES_MOVED] += len(notes)
    return Converted(
        blocks=found,
        title=title,
        notes=notes,
        dropped=counts,
        warnings=_summary(warnings),
        metadata=_properties(probe),
    )


def _summary(warnings: list[str]) -> list[str]:
    """One line for all the styles mammoth did not know (read as plain text), then the rest."""
    styles = sorted({m.split(": ", 1)[1].split(" (", 1)[0] for m in warnings if _STYLE in m})
    rest = [m for m in warnings if _STYLE not in m]
    if styles:
        rest.insert(0, f"styles read as plain paragraphs or text: {', '.join(styles)}")
    return rest
