"""EPUB 3 read-along books: the text, its Media Overlays, the package, EPUBCheck."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest
from mutagen.id3 import ID3

from pipeline.audio.ffmpeg import probe_duration
from pipeline.build import build
from pipeline.config import BuildOptions
from pipeline.errors import EngineUnavailable
from pipeline.formats.epub import book_identifier
from pipeline.formats.epub_check import EpubInvalid, check_epub, run_epubcheck
from pipeline.formats.epub_package import stable_zip
from pipeline.formats.epub_xhtml import (
    ACTIVE_CLASS,
    REVIEW_MARK_CLASS,
    clips,
    clock,
    render_blocks,
    title_page_xhtml,
)
from pipeline.model import Block, BlockKind
from pipeline.provenance.disclosure import SCHEMA_ORG_TRAINED
from pipeline.provenance.tagging import read_id3_disclosure
from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection, ReadAlongSentence, Timed
from pipeline.store import Store

# Adapted from the Congressional Research Service's summaries of levee policy (U.S.
# government work, public domain): three sections, a bulleted and a numbered list.
LEVEES = """\
# Levee Safety: Federal Roles and Options for Congress

The Nation's levees protect homes, farms and businesses from floods. Many of them are decades \
old, and their owners often lack the money to maintain them.

## Background

Levees are built by federal, state and local governments and by private owners. The U.S. Army \
Corps of Engineers maintains a national inventory of levees.

- About 2,300 levee systems are in the federal program.
- Local sponsors operate most of them after construction.

## Issues for Congress

Congress may consider whether to expand assistance for levee rehabilitation. It may also \
consider *how* risk is communicated to people who live behind levees.

1. Fund inspections of levees outside the federal program.
2. Require that flood risk be disclosed when property is sold.
"""

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "smil": "http://www.w3.org/ns/SMIL",
    "x": "http://www.w3.org/1999/xhtml",
}
CLOCK = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d\d\d)$")


def seconds(value: str) -> float:
    hours, minutes, secs, millis = (int(g) for g in CLOCK.match(value).groups())  # type: ignore[union-attr]
    return hours * 3600 + minutes * 60 + secs + millis / 1000


def shows_review_marks(book: Path) -> bool:
    with zipfile.ZipFile(book) as epub:
        chapters = [name for name in epub.namelist() if name.endswith(".xhtml")]
        return any(f'class="{REVIEW_MARK_CLASS}"'.encode() in epub.read(n) for n in chapters)


# -- pure parts (fast) ---------------------------------------------------------------------


def test_clock_values_are_full_smil_clocks_to_the_millisecond():
    assert clock(0) == "0:00:00.000"
    assert clock(59_999) == "0:00:59.999"
    assert clock(3_723_004) == "1:02:03.004"


def _section(starts: list[float | None]) -> ReadAlongSection:
    """One paragraph whose sentences start (in the section's file) at ``starts``."""
    sentences = tuple(
        ReadAlongSentence(
            f"s1-b1-n{i}", f"Sentence {i}.", None if s is None else Timed(s, s + 0.5, s, s + 0.5)
        )
        for i, s in enumerate(starts, start=1)
    )
    block = ReadAlongBlock(Block(BlockKind.PARAGRAPH, "x"), sentences, False)
    return ReadAlongSection(1, "One", "one", (block,))


def test_clips_play_the_whole_file_without_gap_or_overlap():
    found = clips(_section([0.7, 2.0, None, 3.25]), 5_000)
    assert [(c.anchor, c.begin, c.end) for c in found] == [
        ("s1-b1-n1", 0, 2_000),  # from the file's start: the lead-in belongs to the first
        ("s1-b1-n2", 2_000, 3_250),  # an unspoken sentence gets no clip
        ("s1-b1-n4", 3_250, 5_000),  # the last runs to the file's end
    ]


def test_a_sentence_with_no_time_of_its_own_is_left_out_and_nothing_passes_the_end():
    found = clips(_section([0.5, 1.0, 1.0, 9.0]), 4_000)
    assert [(c.anchor, c.begin, c.end) for c in found] == [
        ("s1-b1-n1", 0, 1_000),
        ("s1-b1-n3", 1_000, 4_000),
    ]


def _block(kind: BlockKind | str, text: str, **fields: object) -> ReadAlongBlock:
    sentence = ReadAlongSentence(f"a{abs(hash(text)) % 1000}", text, None)
    return ReadAlongBlock(Block(kind, text, **fields), (sentence,), False)  # type: ignore[arg-type]


def test_lists_nest_inside_their_items_and_unknown_blocks_become_paragraphs():
    blocks = [
        _block(BlockKind.LIST_ITEM, "First.", ordinal=3, list_depth=1),
        _block(BlockKind.LIST_ITEM, "Inner & more.", list_depth=2),
        _block(BlockKind.LIST_ITEM, "Second.", ordinal=4, list_depth=1),
        _block("table", "A table cell."),  # a kind the renderer does not know yet
        _block(BlockKind.HEADING, "Deep.", level=9),
    ]
    xhtml = "\n".join(render_blocks(blocks, mark=""))
    root = ElementTree.fromstring(f"<body>{xhtml}</body>")  # well-formed, nested properly
    ol = root.find("ol")
    assert ol is not None and ol.get("start") == "3"
    first, second = ol.findall("li")
    assert first.find("ul/li/span").text == "Inner & more."  # type: ignore[union-attr]
    assert second.find("span").text == "Second."  # type: ignore[union-attr]
    assert root.find("p/span").text == "A table cell."  # type: ignore[union-attr]
    assert root.find("h6") is not None


def test_stable_zip_gives_the_same_bytes_whatever_the_clock_and_order():
    def zipped(order: list[str], when: tuple[int, ...]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name in order:
                z.writestr(zipfile.ZipInfo(name, date_time=when), name.encode() * 20)
        return out.getvalue()

    names = ["EPUB/b.xhtml", "mimetype", "EPUB/a.xhtml", "META-INF/container.xml"]
    one = stable_zip(zipped(names, (2024, 5, 6, 7, 8, 10)))
    two = stable_zip(zipped(list(reversed(names)), (2025, 1, 2, 3, 4, 6)))
    assert one == two
    entries = zipfile.ZipFile(io.BytesIO(one)).infolist()
    assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
    assert [e.filename for e in entries[1:]] == sorted(names[:1] + names[2:])
    assert one[30:38] == b"mimetype"  # OCF: readable at a fixed offset


def test_the_title_page_is_well_formed_whatever_the_title_and_leaves_out_empty_lines():
    page = title_page_xhtml(
        "es", "Ríos & <presas>", "", "GAO, 2024", "Narrado con voz sintética.", {"a": 'x"y'}
    )
    root = ElementTree.fromstring(page.encode("utf-8"))
    assert root.find("x:body/x:section/x:h1", NS).text == "Ríos & <presas>"  # type: ignore[union-attr]
    shown = [p.get("class") for p in root.findall("x:body/x:section/x:p", NS)]
    assert shown == ["imprint", "disclosure"]  # no byline without an author
    assert root.find("x:head/x:meta[@name='a']", NS).get("content") == 'x"y'  # type: ignore[union-attr]


def test_without_java_the_check_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no java on it
    with pytest.raises(EngineUnavailable, match="default-jre-headless"):
        run_epubcheck(tmp_path / "any.epub")


# -- a real build (slow: espeak, ffmpeg, Java) ---------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("epub")
    source = root / "source" / "levees.md"
    source.parent.mkdir()
    source.write_text(LEVEES, encoding="utf-8")
    options = BuildOptions(
        tts="espeak",
        out_dir=root / "output",
        cache_dir=root / "cache",
        author="Congressional Research Service",
        publisher="Library of Congress",
        year="2021",
        formats=frozenset({"epub"}),
    )
    result = build(source, options)
    return source, options, result.out_dir


def _opf(book: zipfile.ZipFile) -> ElementTree.Element:
    return ElementTree.fromstring(book.read("EPUB/content.opf"))


def _metas(opf: ElementTree.Element, prop: str) -> dict[str | None, str]:
    found = opf.findall(f"opf:metadata/opf:meta[@property='{prop}']", NS)
    return {m.get("refines"): m.text or "" for m in found}


@pytest.mark.slow
def test_epubcheck_reports_no_error_and_no_warning(built):
    _, options, out = built
    for language in ("en", "es"):
        path = out / f"levees.{language}.epub"
        assert run_epubcheck(path) == []  # nothing at all: no fatal, error, warning or info
        # The build's verdict is kept: asking again does not start Java.
        assert check_epub(path, path, Store(options.store_dir)) == []
    assert len(list((options.store_dir / "epub-checks").rglob("*.json"))) == 2


@pytest.mark.slow
def test_every_par_points_at_a_sentence_and_inside_its_chapter_mp3(built, tmp_path):
    _, _, out = built
    for language in ("en", "es"):
        book = zipfile.ZipFile(out / f"levees.{language}.epub")
        opf = _opf(book)
        durations = _metas(opf, "media:duration")
        overlays = opf.findall("opf:manifest/opf:item[@media-type='application/smil+xml']", NS)
        assert len(overlays) == 3
        total = 0.0
        for item in overlays:
            smil = ElementTree.fromstring(book.read(f"EPUB/{item.get('href')}"))
            pars = smil.findall(".//smil:par", NS)
            audio_name = {p.find("smil:audio", NS).get("src") for p in pars}  # type: ignore[union-attr]
            assert len(audio_name) == 1  # each overlay clips its own chapter's file
            mp3 = tmp_path / f"{language}-{item.get('id')}.mp3"
            mp3.write_bytes(book.read(f"EPUB/{audio_name.pop()}"))
            length = probe_duration(mp3)
            previous_end = 0.0
            for par in pars:
                text = par.find("smil:text", NS).get("src")  # type: ignore[union-attr]
                document, anchor = text.split("#")  # type: ignore[union-attr]
                xhtml = ElementTree.fromstring(book.read(f"EPUB/{document}"))
                assert xhtml.find(f".//*[@id='{anchor}']", NS) is not None, text
                audio = par.find("smil:audio", NS)
                begin = seconds(audio.get("clipBegin"))  # type: ignore[union-attr,arg-type]
                end = seconds(audio.get("clipEnd"))  # type: ignore[union-attr,arg-type]
                assert begin < end <= length
                assert begin >= previous_end  # consecutive clips do not overlap
                previous_end = end
            own = seconds(durations[f"#{item.get('id')}"])
            assert own == pytest.approx(previous_end, abs=0.001)  # the overlay's own length
            total += own
        assert seconds(durations[None]) == pytest.approx(total, abs=0.0015)
        assert total == pytest.approx(probe_duration(out / f"levees.{language}.mp3"), abs=1.0)


@pytest.mark.slow
def test_every_sentence_has_an_id_and_every_spoken_one_a_par(built):
    _, _, out = built
    vtt = (out / "levees.en.vtt").read_text(encoding="utf-8")
    book = zipfile.ZipFile(out / "levees.en.epub")
    spans = pars = 0
    for name in sorted(n for n in book.namelist() if n.endswith(".xhtml") and "chapter" in n):
        xhtml = ElementTree.fromstring(book.read(name))
        spans += len(xhtml.findall(".//x:span[@id]", NS))
        smil = ElementTree.fromstring(book.read(name.replace(".xhtml", ".smil")))
        pars += len(smil.findall(".//smil:par", NS))
    assert spans == pars == vtt.count(" --> ") == 13


@pytest.mark.slow
def test_the_package_carries_metadata_cover_navigation_and_review_marks(built):
    _, options, out = built
    for language in ("en", "es"):
        book = zipfile.ZipFile(out / f"levees.{language}.epub")
        opf = _opf(book)
        meta = opf.find("opf:metadata", NS)
        assert meta.find("dc:identifier", NS).text == book_identifier("levees", language)  # type: ignore[union-attr]
        assert meta.find("dc:language", NS).text == language  # type: ignore[union-attr]
        assert meta.find("dc:creator", NS).text == options.author  # type: ignore[union-attr]
        assert meta.find("dc:publisher", NS).text == options.publisher  # type: ignore[union-attr]
        assert meta.find("dc:date", NS).text == options.year  # type: ignore[union-attr]
        assert meta.find("dc:title", NS).text  # type: ignore[union-attr]
        assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", _metas(opf, "dcterms:modified")[None])
        assert _metas(opf, "media:active-class")[None] == ACTIVE_CLASS
        assert f".{ACTIVE_CLASS}" in book.read("EPUB/style.css").decode()

        cover = opf.find("opf:manifest/opf:item[@properties='cover-image']", NS)
        apic = ID3(out / f"levees.{language}.mp3").getall("APIC")[0].data
        assert book.read(f"EPUB/{cover.get('href')}") == apic  # type: ignore[union-attr]

        nav = ElementTree.fromstring(book.read("EPUB/nav.xhtml"))
        links = nav.findall(".//x:nav/x:ol/x:li/x:a", NS)
        assert [a.get("href") for a in links] == [f"chapter-0{n}.xhtml" for n in (1, 2, 3)]

        chapters = "".join(book.read(f"EPUB/chapter-0{n}.xhtml").decode() for n in (1, 2, 3))
        # No translation memory beside this report: every Spanish block is machine-made.
        marks = chapters.count("[traducción automática, pendiente de revisión]")
        assert marks == (0 if language == "en" else chapters.count('class="unreviewed"'))
        assert language == "en" or marks >= 10


@pytest.mark.slow
def test_the_title_page_and_the_package_disclose_the_synthetic_voice(built):
    _, options, out = built
    lines = {
        "en": "Narrated by a synthetic voice (espeak, voice en-us).",
        # No translation memory beside this report: every Spanish block is machine-made.
        "es": "Narrado con voz sintética (espeak, voz es-419). "
        "Traducción automática pendiente de revisión (10 de 10 bloques).",
    }
    for language, line in lines.items():
        book = zipfile.ZipFile(out / f"levees.{language}.epub")
        opf = _opf(book)
        assert _metas(opf, "schema:digitalSourceType") == {None: SCHEMA_ORG_TRAINED}
        spine = [i.get("idref") for i in opf.findall("opf:spine/opf:itemref", NS)]
        assert spine[:3] == ["cover-page", "title-page", "c-01"]  # before the first chapter

        page = ElementTree.fromstring(book.read("EPUB/titlepage.xhtml"))
        shown = {p.get("class"): p.text for p in page.findall(".//x:section/x:p", NS)}
        assert shown == {
            "byline": options.author,
            "imprint": f"{options.publisher}, {options.year}",
            "disclosure": line,
        }
        meta = {m.get("name"): m.get("content") for m in page.findall("x:head/x:meta[@name]", NS)}
        assert meta["ai-disclosure"] == line
        # The machine-readable record is the one the book's MP3 carries.
        assert json.loads(meta["ai-disclosure-json"]) == read_id3_disclosure(
            out / f"levees.{language}.mp3"
        )


@pytest.mark.slow
def test_the_zip_is_reproducible_and_a_rebuild_rewrites_nothing(built, tmp_path):
    source, options, out = built
    books = [out / f"levees.{language}.epub" for language in ("en", "es")]
    entries = zipfile.ZipFile(books[0]).infolist()
    assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
    assert [e.filename for e in entries[1:]] == sorted(e.filename for e in entries[1:])
    assert {e.date_time for e in entries} == {(1980, 1, 1, 0, 0, 0)}

    before = [book.stat().st_mtime_ns for book in books]
    build(source, options)
    assert [book.stat().st_mtime_ns for book in books] == before

    # The same content built elsewhere (same cache) gives the same bytes.
    elsewhere = replace(options, out_dir=tmp_path / "again")
    build(source, elsewhere)
    for book in books:
        assert (tmp_path / "again" / "levees" / book.name).read_bytes() == book.read_bytes()


@pytest.mark.slow
def test_an_epub_epubcheck_faults_is_one_line_naming_the_file(built, tmp_path):
    *_, out = built
    broken = tmp_path / "levees.en.epub"
    with zipfile.ZipFile(out / "levees.en.epub") as good, zipfile.ZipFile(broken, "w") as bad:
        for entry in good.infolist():
            data = good.read(entry)
            if entry.filename.endswith("chapter-01.smil"):
                data = data.replace(b'clipEnd="', b'clipEnd="soon', 1)
            bad.writestr(entry, data)
    with pytest.raises(EpubInvalid) as raised:
        check_epub(broken, Path("output/levees/levees.en.epub"), Store(tmp_path / "store"))
    message = str(raised.value)
    assert message.startswith("output/levees/levees.en.epub: EPUBCheck finds 1 error")
    assert "chapter-01.smil" in message and "\n" not in message


@pytest.mark.slow
def test_an_edit_of_words_keeps_epubchecks_verdict_and_a_new_structure_asks_again(
    built, tmp_path, monkeypatch
):
    _, options, out = built
    # A store and a source of this test's own: the other tests count the store's entries.
    shutil.copytree(options.cache_dir, tmp_path / "cache")
    edited = tmp_path / "source" / "levees.md"
    edited.parent.mkdir()
    # Words changed, and one more paragraph: more of the kinds of element the book has.
    words = LEVEES.replace("are decades old", "are many decades old")
    more = "inventory of levees.\n\nSome levees are private. Few are inspected.\n\n- About"
    words = words.replace("inventory of levees.\n\n- About", more)
    edited.write_text(words, encoding="utf-8")
    mine = replace(options, out_dir=tmp_path / "output", cache_dir=tmp_path / "cache")
    started: list[str] = []

    def counted(path: Path) -> list:
        started.append(path.name)
        return run_epubcheck(path)

    monkeypatch.setattr("pipeline.formats.epub_check.run_epubcheck", counted)
    warmed: list[str] = []
    monkeypatch.setattr("pipeline.formats.epub.warm_up_checker", lambda: warmed.append("java"))
    build(edited, mine)
    assert warmed == ["java"]  # no earlier book in this folder: Java loads beside the encodes
    book = tmp_path / "output" / "levees" / "levees.en.epub"
    assert b"many decades" in zipfile.ZipFile(book).read("EPUB/chapter-01.xhtml")
    assert b"Few are inspected" in zipfile.ZipFile(book).read("EPUB/chapter-02.xhtml")
    assert book.read_bytes() != (out / "levees.en.epub").read_bytes()
    assert started == []  # the verdict for this structure stands

    # A quotation: a kind of element the book did not have.
    edited.write_text(words + "\n> Levees reduce risk; they do not remove it.\n", "utf-8")
    build(edited, mine)
    assert sorted(started) == ["levees.en.epub", "levees.es.epub"]
    assert warmed == ["java"]  # the books before had a verdict: Java was not started early
    assert b"<blockquote" in zipfile.ZipFile(book).read("EPUB/chapter-03.xhtml")


@pytest.mark.slow
def test_the_first_edit_of_a_reviewed_translation_finds_its_book_judged_ahead(
    built, tmp_path, monkeypatch
):
    source, options, _ = built
    shutil.copytree(options.cache_dir, tmp_path / "cache")
    mine = replace(options, out_dir=tmp_path / "output", cache_dir=tmp_path / "cache")
    edited = tmp_path / "source" / "levees.md"
    edited.parent.mkdir()
    edited.write_text(LEVEES, encoding="utf-8")
    # The translator reviews every block: the Spanish book shows no mark.
    memory = polib.pofile(str(source.with_name("levees.es.po")))
    for entry in memory:
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    memory.save(str(edited.with_name("levees.es.po")))
    build(edited, mine)
    book = tmp_path / "output" / "levees" / "levees.es.epub"
    assert not shows_review_marks(book)

    # Then an edit of a reviewed paragraph: machine translated, marked, a new kind of element.
    edited.write_text(LEVEES.replace("expand assistance", "expand federal assistance"), "utf-8")
    started: list[str] = []

    def counted(path: Path) -> list:
        started.append(path.name)
        return run_epubcheck(path)

    monkeypatch.setattr("pipeline.formats.epub_check.run_epubcheck", counted)
    build(edited, mine)
    assert shows_review_marks(book)
    assert b"federal" in zipfile.ZipFile(book).read("EPUB/chapter-03.xhtml")
    assert started == []  # judged ahead, in the build before: Java was not started
    assert run_epubcheck(book) == []  # and EPUBCheck itself agrees
