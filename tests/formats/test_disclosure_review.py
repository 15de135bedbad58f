"""The web page, the EPUB and the feed follow what the books disclose: a review rewrites the
Spanish files with the reviewed wording and leaves the English ones alone; a review of the
notes alone (heard in no section file) reaches the book, the web folder and the feed; a
rebuild with nothing new rewrites nothing."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest
from reviewing import review_every_block

from pipeline.build import build
from pipeline.config import BuildOptions
from pipeline.provenance.tagging import read_id3_disclosure

pytestmark = pytest.mark.slow

# After a Congressional Research Service summary (U.S. government work, public domain).
DAMS = """\
# Dam Safety: Federal Programs and Issues for Congress

About 90,000 dams in the United States store water, control floods and produce power. \
Most are owned by states, local governments or private owners.

## Federal Programs

The National Dam Safety Program supports state regulators with grants and training. \
Federal agencies inspect the dams they own.

## Issues for Congress

Congress may consider whether to fund repairs of high-hazard dams that lack an owner able \
to pay for them.
"""
# A "Notes" section of footnotes: shown in the text, heard in no section file.
NOTE = "The National Inventory of Dams lists each dam's hazard potential."
NOTES = f"\nData come from federal inventories.[^1]\n\n## Notes\n\n[^1]: {NOTE}\n"
PENDING = "Traducción automática pendiente de revisión (6 de 6 bloques)."
REVIEWED = "Traducción automática (apertium) revisada por una persona."


def _files(out: Path, language: str) -> list[Path]:
    return [
        out / "web" / f"{language}.html",
        out / f"dams.{language}.epub",
        out / f"feed.{language}.xml",
    ]


def _said(out: Path) -> list[str]:
    """The Spanish disclosure as the page, the EPUB's title page and the feed say it."""
    page = (out / "web" / "es.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "dams.es.epub") as book:
        title_page = ElementTree.fromstring(book.read("EPUB/titlepage.xhtml"))
    feed = ElementTree.fromstring((out / "feed.es.xml").read_bytes())
    return [
        page.split('<p class="disclosure" id="disclosure">')[1].split("</p>")[0],
        "".join(title_page.itertext()).strip().splitlines()[-1],
        feed.findall("channel/item/description")[0].text.splitlines()[-1],  # type: ignore[union-attr]
    ]


@pytest.fixture(scope="module")
def options(tmp_path_factory: pytest.TempPathFactory) -> BuildOptions:
    """The build's options; each test gives its own folders, the clips' cache is shared."""
    return BuildOptions(
        tts="espeak",
        cache_dir=tmp_path_factory.mktemp("disclosure-cache"),
        author="Congressional Research Service",
        publisher="Library of Congress",
        year="2023",
        formats=frozenset({"web", "epub", "feed"}),
        base_url="https://example.org/reports/",
    )


def _built(tmp_path: Path, options: BuildOptions, text: str = DAMS) -> tuple[Path, BuildOptions]:
    source = tmp_path / "source" / "dams.md"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    options = replace(options, out_dir=tmp_path / "output")
    build(source, options)
    return source, options


def test_a_review_rewrites_the_spanish_files_only_and_a_rebuild_rewrites_nothing(tmp_path, options):
    source, options = _built(tmp_path, options)
    out = options.out_dir / "dams"
    assert all(line.endswith(PENDING) for line in _said(out)), _said(out)
    english = {path: path.stat().st_mtime_ns for path in _files(out, "en")}
    spanish = {path: path.stat().st_mtime_ns for path in _files(out, "es")}

    review_every_block(source.with_name("dams.es.po"))
    build(source, options)
    assert all(line.endswith(REVIEWED) for line in _said(out)), _said(out)
    assert all(path.stat().st_mtime_ns != spanish[path] for path in spanish)
    assert {path: path.stat().st_mtime_ns for path in english} == english

    every = _published(out)
    build(source, options)
    assert _published(out) == every


def test_reviewing_only_the_notes_reaches_the_book_the_web_folder_and_the_feed(tmp_path, options):
    """The notes are heard in no section file, so no section's disclosure changes, only
    the book's: the book is re-tagged, the web folder links the re-tagged file (not the
    one it replaced) and the feed gives the new count."""
    source, options = _built(tmp_path, options, DAMS + NOTES)
    out = options.out_dir / "dams"
    assert all(line.endswith("(9 de 9 bloques).") for line in _said(out)), _said(out)
    memory = source.with_name("dams.es.po")
    po = polib.pofile(str(memory))
    for entry in po:
        if entry.msgid in ("Notes", NOTE):
            entry.flags.remove("fuzzy")
    po.save(str(memory))
    build(source, options)
    book = out / "dams.es.mp3"
    translation = read_id3_disclosure(book)["translation"]  # type: ignore[index]
    assert (translation["unreviewed_blocks"], translation["blocks"]) == (7, 9)
    assert (out / "web" / "files" / book.name).read_bytes() == book.read_bytes()
    assert all(line.endswith("(7 de 9 bloques).") for line in _said(out)), _said(out)


def _published(out: Path) -> dict[Path, int]:
    """Every published file and when it was written (not the build's lock and reports)."""
    return {
        path: path.stat().st_mtime_ns
        for path in out.rglob("*")
        if path.is_file()
        and not path.name.startswith(".")
        and not path.name.endswith("report.json")
    }
