"""Every block kind in the published web page and EPUB of a real build (espeak, EPUBCheck):
tables, figures (packaged, or never read), notes, quotes, lists, code, breaks."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import lxml.html
import pytest
from blocks_report import COLUMNS, ROWS, BlocksBuild

from pipeline.build import build
from pipeline.formats.epub_check import run_epubcheck

pytestmark = pytest.mark.slow

X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
OPF = {"opf": "http://www.idpf.org/2007/opf"}


def page(built: BlocksBuild, language: str = "en") -> lxml.html.HtmlElement:
    return lxml.html.fromstring((built.out / "web" / f"{language}.html").read_bytes())


def book(built: BlocksBuild, language: str = "en") -> zipfile.ZipFile:
    return zipfile.ZipFile(built.out / f"oversight.{language}.epub")


def chapters(epub: zipfile.ZipFile) -> dict[str, ElementTree.Element]:
    names = sorted(n for n in epub.namelist() if n.startswith("EPUB/chapter-") and ".xhtml" in n)
    return {n.removeprefix("EPUB/"): ElementTree.fromstring(epub.read(n)) for n in names}


def every_output_byte(out: Path) -> bytes:
    """Every file under ``out``, the entries of EPUBs unpacked."""
    found = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found.append(data)
        if path.suffix == ".epub":
            with zipfile.ZipFile(io.BytesIO(data)) as epub:
                found += [epub.read(name) for name in epub.namelist()]
    return b"\n".join(found)


def test_the_table_is_a_real_table_in_the_page_and_the_book(blocks_build):
    for language in ("en", "es"):
        (table,) = page(blocks_build, language).xpath("//article//table")
        assert table.get("id") == "s2-b3-n1" and table.get("aria-label")
        assert len(table.xpath("thead/tr/th[@scope='col']")) == COLUMNS
        rows = table.xpath("tbody/tr")
        assert [r.get("id") for r in rows] == [f"s2-b3-r{n}" for n in range(1, ROWS + 1)]
        assert all(len(r.xpath("td")) == COLUMNS for r in rows)
        assert "right" in rows[0].xpath("td")[2].get("style")
        xhtml = chapters(book(blocks_build, language))["chapter-02.xhtml"]
        (table,) = xhtml.iter(f"{X}table")
        assert table.get("id") == "s2-b3-n1"
        assert len(table.findall(f"{X}thead/{X}tr/{X}th")) == COLUMNS
        ids = [r.get("id") for r in table.findall(f"{X}tbody/{X}tr")]
        assert ids == [f"s2-b3-r{n}" for n in range(1, ROWS + 1)]
    # The announcement names the table for assistive technology, in the page's language.
    assert page(blocks_build, "es").xpath("//table")[0].get("aria-label").startswith("Tabla 1")


def test_the_local_figure_is_packaged_byte_for_byte_and_nothing_else_is(blocks_build):
    source = blocks_build.image.read_bytes()
    web = blocks_build.out / "web"
    images = page(blocks_build).xpath("//article//img")
    assert [i.get("src") for i in images] == ["files/figures/figures/map.png"]
    assert images[0].get("alt") == "Map of counties that received assistance"
    assert (web / images[0].get("src")).read_bytes() == source
    assert [p.name for p in (web / "files" / "figures").rglob("*") if p.is_file()] == ["map.png"]

    epub = book(blocks_build)
    srcs = [img.get("src") for x in chapters(epub).values() for img in x.iter(f"{X}img")]
    assert len(srcs) == 1 and epub.read(f"EPUB/{srcs[0]}") == source
    opf = ElementTree.fromstring(epub.read("EPUB/content.opf"))
    items = opf.findall("opf:manifest/opf:item", OPF)
    figures = [i for i in items if i.get("href") == srcs[0]]
    assert len(figures) == 1 and figures[0].get("media-type") == "image/png"
    assert [i.get("href") for i in items if i.get("media-type", "").startswith("image/")] == [
        "cover.jpg",
        srcs[0],
    ]


def test_unsafe_and_missing_figures_show_their_alt_text_and_are_never_read(blocks_build):
    shown = page(blocks_build).xpath("//article//figure")
    texts = [f.xpath("string(p[@class='figure-alt'])") for f in shown]
    assert texts[1:] == [
        "Outside the report's folder",
        "Encoded path out of the folder",
        "A chart on another site",
        "A chart that was never added",
    ]
    assert [f.xpath("string(figcaption)") for f in shown][2] == "Encoded path"
    html = (blocks_build.out / "web" / "en.html").read_text(encoding="utf-8")
    for never in ("passwd", "secret.png", "example.com", "missing.png"):
        assert never not in html
    everything = every_output_byte(blocks_build.out)
    assert blocks_build.decoy.read_bytes() not in everything
    passwd = Path("/etc/passwd").read_bytes().splitlines()[0]
    assert passwd and passwd not in everything
    # The parser warns of the unsafe ones; the missing image is said once, naming the file.
    missing = [w for w in blocks_build.warnings if "missing.png" in w]
    assert len(missing) == 1 and str(blocks_build.source.parent / "figures") in missing[0]
    assert any("../../etc/passwd is outside" in w for w in blocks_build.warnings)
    assert any("example.com/chart.png is a remote address" in w for w in blocks_build.warnings)


def test_note_references_and_back_links_point_at_ids_that_exist(blocks_build):
    for language in ("en", "es"):
        html = page(blocks_build, language)
        refs = html.xpath("//a[@role='doc-noteref']")
        assert [a.get("href") for a in refs] == ["#fn-1", "#fn-2", "#fn-2"]
        links = refs + html.xpath("//a[@role='doc-backlink']")
        assert len(links) == 5
        for link in links:
            assert len(html.xpath(f"//*[@id='{link.get('href')[1:]}']")) == 1
        notes = html.xpath("//section[@id='s4']/aside[@role='doc-footnote']")
        assert [n.get("id") for n in notes] == ["fn-1", "fn-2"]

        files = chapters(book(blocks_build, language))
        refs = [a for x in files.values() for a in x.iter(f"{X}a") if a.get("role")]
        assert sorted(a.get(EPUB_TYPE) or a.get("role") for a in refs) == [
            "doc-backlink",
            "doc-backlink",
            "noteref",
            "noteref",
            "noteref",
        ]
        for link in refs:
            name, _, fragment = link.get("href").rpartition("#")
            target = files[name] if name else None
            assert target is None or target.find(f".//*[@id='{fragment}']") is not None
            if not name:  # within the same chapter
                owner = next(x for x in files.values() if link in x.iter())
                assert owner.find(f".//*[@id='{fragment}']") is not None
        notes = files["chapter-04.xhtml"].findall(f".//{X}aside")
        assert [n.get(EPUB_TYPE) for n in notes] == ["footnote", "footnote"]


def test_lists_quotes_code_and_breaks_are_shown_as_a_reader_expects(blocks_build):
    html = page(blocks_build)
    (ol,) = html.xpath("//section[@id='s3']/ol")
    assert ol.get("start") == "3"
    assert [li.get("value") for li in ol.xpath("li")] == ["3", "4", "5"]
    assert len(ol.xpath("li[2]/ul/li")) == 2
    (quote,) = html.xpath("//section[@id='s3']/blockquote")
    assert quote.xpath("string(blockquote/p)") == "Agencies should share data across programs."
    assert quote.xpath("string(ul/li)").strip() == "Agencies agreed with two recommendations."
    code = html.xpath("//pre/code")[0]
    assert code.text == "awarded = sum(grants) < obligated & reported"
    assert code.get("class") == "language-text"
    assert len(html.xpath("//section[@id='s3']/hr")) == 1
    link = html.xpath("//span[@id='s1-b2-n2']/a")[0]
    assert link.get("href") == "https://www.gao.gov/disaster-assistance"
    assert html.xpath("string(//span[@id='s1-b2-n2']/em)") == "gaps"


def test_the_notes_section_is_in_the_book_without_audio_and_the_page_without_times(blocks_build):
    epub = book(blocks_build)
    opf = ElementTree.fromstring(epub.read("EPUB/content.opf"))
    notes = opf.find("opf:manifest/opf:item[@href='chapter-04.xhtml']", OPF)
    assert notes is not None and notes.get("media-overlay") is None
    assert "EPUB/chapter-04.smil" not in epub.namelist()
    assert "EPUB/audio/04.mp3" not in epub.namelist()
    toc = page(blocks_build).xpath("//nav[@class='toc']//li")
    assert [bool(li.xpath(".//span[@class='time']")) for li in toc] == [True, True, True, False]


def test_epubcheck_finds_nothing_in_either_book(blocks_build):
    for language in ("en", "es"):
        assert run_epubcheck(blocks_build.out / f"oversight.{language}.epub") == []


def test_a_rebuild_copies_no_figure_and_rewrites_no_book(blocks_build):
    figure = blocks_build.out / "web" / "files" / "figures" / "figures" / "map.png"
    books = sorted(blocks_build.out.glob("*.epub"))
    before = [(p.stat().st_mtime_ns, p.stat().st_ino) for p in (figure, *books)]
    build(blocks_build.source, blocks_build.options)  # type: ignore[arg-type]
    assert [(p.stat().st_mtime_ns, p.stat().st_ino) for p in (figure, *books)] == before


def test_every_image_type_a_figure_may_have_passes_epubcheck(tmp_path):
    """PNG, JPEG, GIF, WebP and SVG figures in one book (no audio): EPUBCheck finds nothing."""
    from datetime import UTC, datetime

    from PIL import Image

    from pipeline.formats.epub_package import BookImage, BookInfo, Chapter, package
    from pipeline.formats.epub_xhtml import STYLE, chapter_xhtml, cover_xhtml, epub_markup
    from pipeline.model import Block, BlockKind, Figure
    from pipeline.publish.figures import find_images
    from pipeline.publish.html import Renderer
    from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection

    for name, form in (("a.png", "PNG"), ("b.jpg", "JPEG"), ("c.gif", "GIF"), ("d.webp", "WEBP")):
        Image.new("RGB", (24, 16), (20, 120, 60)).save(tmp_path / name, form)
    (tmp_path / "e.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="16">'
        '<rect width="24" height="16" fill="#147840"/></svg>',
        encoding="utf-8",
    )
    found, problems = find_images(tmp_path, ["a.png", "b.jpg", "c.gif", "d.webp", "e.svg"])
    assert problems == [] and len(found) == 5
    names = {src: f"images/{image.content_name}" for src, image in found.items()}
    blocks = tuple(
        ReadAlongBlock(Block(BlockKind.FIGURE, f"Figure {src}", figure=Figure(src, src)), (), False)
        for src in found
    )
    section = ReadAlongSection(1, "Figures", "figures", blocks)
    xhtml = chapter_xhtml(section, "en", Renderer(epub_markup("en", names), ""))
    assert xhtml.count("<img ") == 5
    cover = (tmp_path / "a.png").read_bytes()
    info = BookInfo(
        identifier="urn:uuid:0b8c7f5e-4a57-4b8f-9e55-2f1f3cfa0e11",
        title="Figures",
        language="en",
        creator="Test",
        publisher="Test",
        date="2024",
        modified=datetime(2024, 1, 1, tzinfo=UTC),
        narrator="nobody",
        summary="Figures of every type.",
        contents_title="Contents",
    )
    chapter = Chapter(1, "Figures", "chapter-01.xhtml", xhtml, None, None, "", b"", 0)
    images = tuple(
        BookImage(names[src], image.media_type, image.path.read_bytes())
        for src, image in found.items()
    )
    book = tmp_path / "figures.epub"
    book.write_bytes(
        package(info, [chapter], cover, STYLE, cover_xhtml("en", "Figures", "cover.png"), images)
    )
    assert run_epubcheck(book) == []
