"""The shared block renderer (web page and EPUB) and the figures' images, without a build."""

from __future__ import annotations

import os
from xml.etree import ElementTree

import pytest
from PIL import Image as PillowImage

from pipeline.formats._web.text import web_markup
from pipeline.formats.epub_xhtml import epub_markup
from pipeline.inline import inline_plain_text
from pipeline.model import Block, BlockKind, Figure, Table
from pipeline.publish.figures import find_images, image_type, local_name
from pipeline.publish.html import Renderer, note_id, renderer
from pipeline.publish.html_inline import inline_html, parse_inline
from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection, ReadAlongSentence, Timed
from pipeline.segment import block_sentences

XHTML = "{http://www.w3.org/1999/xhtml}"


def prose(kind: BlockKind, source: str, anchor: str, **fields: object) -> ReadAlongBlock:
    """A prose block with its sentences as the read-along model gives them (timed)."""
    block = Block(kind, source, **fields)  # type: ignore[arg-type]
    sentences = tuple(
        ReadAlongSentence(f"{anchor}-n{n}", text, Timed(n, n + 1, n, n + 1))
        for n, text in enumerate(block_sentences(block, "en"), start=1)
    )
    return ReadAlongBlock(block, sentences, unreviewed=False)


def parts(block: Block, anchor: str, *spoken: tuple[str, str]) -> ReadAlongBlock:
    """A block whose spoken parts are given (part, text), e.g. a table's announcement."""
    sentences = tuple(
        ReadAlongSentence(f"{anchor}-{part}", text, Timed(0, 1, 0, 1)) for part, text in spoken
    )
    return ReadAlongBlock(block, sentences, unreviewed=False)


def xhtml(lines: list[str] | str) -> ElementTree.Element:
    """The lines parsed as XML: well-formed, or the test fails here."""
    body = lines if isinstance(lines, str) else "\n".join(lines)
    return ElementTree.fromstring(
        '<body xmlns:epub="http://www.idpf.org/2007/ops">' + body + "</body>"
    )


# -- inline Markdown, sentence by sentence ----------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "Costs rose.[^1] Then [a *b*](https://x.org/?a=1&b=2) fell[^note-2].",
        "***Both*** `<b>` &amp; <i>html</i> ![alt *t*](p.png) [bad](javascript:alert(1))",
        "  Spaces   and\tbreaks  [^3]  ",
        "A [relative link](other.md) and **bold [link](http://e.org)**.",
    ],
)
def test_the_parsed_plain_text_is_exactly_what_the_narration_shows(source):
    assert parse_inline(source).plain == inline_plain_text(source)


def test_links_and_emphasis_stay_inside_their_sentence_and_references_follow_it():
    block = prose(
        BlockKind.PARAGRAPH,
        "Costs *rose* fast.[^1] See [the GAO report](https://www.gao.gov/x?a=1&b=2). "
        "It [spans two. Sentences](https://e.org) here.[^2]",
        "s1-b1",
    )
    html = renderer(web_markup(), "", []).sentences(block)
    root = xhtml(f"<p>{html}</p>")
    spans = root.findall("p/span")
    assert [s.get("id") for s in spans] == ["s1-b1-n1", "s1-b1-n2", "s1-b1-n3", "s1-b1-n4"]
    assert [("".join(s.itertext())) for s in spans] == [s.text for s in block.sentences]
    assert spans[0].find("em").text == "rose"  # type: ignore[union-attr]
    link = spans[1].find("a")
    assert link is not None and link.get("href") == "https://www.gao.gov/x?a=1&b=2"
    # A link across a sentence end is cut in two, one inside each sentence.
    assert [a.text for a in root.findall("p/span/a")][1:] == ["spans two.", "Sentences"]
    # The marker after "fast." follows the first sentence; the one at the end the last.
    assert "</span><sup" in html.split("s1-b1-n2")[0]
    assert html.rstrip().endswith("2</sup>")


def test_text_never_becomes_markup_and_unsafe_links_are_only_text():
    source = 'A <b onclick="x()">tag</b>, [bad](javascript:alert(1)) and [q](http://e.org/"q").'
    html = renderer(web_markup(), "", []).sentences(prose(BlockKind.PARAGRAPH, source, "s1-b1"))
    root = xhtml(f"<p>{html}</p>")
    assert root.find(".//b") is None and "onclick" not in html
    hrefs = [a.get("href") for a in root.iter("a")]
    assert hrefs == ["http://e.org/%22q%22"]  # markdown-it encodes; nothing else is a link
    assert "javascript" not in " ".join(str(h) for h in hrefs)


def test_a_sentence_the_markdown_does_not_contain_is_shown_as_it_is():
    block = ReadAlongBlock(
        Block(BlockKind.PARAGRAPH, "Something *else*."),
        (ReadAlongSentence("s1-b1-n1", "Edited <text> & more.", None),),
        unreviewed=False,
    )
    html = Renderer(epub_markup(), "").sentences(block)
    assert html == '<span id="s1-b1-n1">Edited &lt;text&gt; &amp; more.</span>'


# -- blocks ------------------------------------------------------------------------------------

TABLE = Table(
    header=("Program", "Agency", "Awards ($m)"),
    rows=(("Public *Assistance*", "FEMA", "1,240"), ("Community", "HUD[^1]", "860")),
    align=("left", "center", "right"),
)


def test_a_table_is_a_real_table_with_its_rows_as_read_along_targets():
    block = parts(
        Block(BlockKind.TABLE, "", table=TABLE),
        "s2-b3",
        ("n1", "Table 1, 2 rows: Program; Agency; Awards ($m)."),
        ("r1", "Public Assistance: Agency FEMA; Awards 1,240."),
        ("r2", "Community: Agency HUD; Awards 860."),
    )
    for markup in (web_markup(), epub_markup()):
        root = xhtml(Renderer(markup, "").blocks([block]))
        table = root.find(".//table")
        assert table is not None and table.get("id") == "s2-b3-n1"
        assert table.get("aria-label") == "Table 1, 2 rows: Program; Agency; Awards ($m)."
        heads = table.findall("thead/tr/th")
        assert [h.text for h in heads] == list(TABLE.header)
        assert {h.get("scope") for h in heads} == {"col"}
        rows = table.findall("tbody/tr")
        assert [r.get("id") for r in rows] == ["s2-b3-r1", "s2-b3-r2"]
        assert [len(r.findall("td")) for r in rows] == [3, 3]
        assert rows[0].find("td/em").text == "Assistance"  # type: ignore[union-attr]
        assert "right" in (rows[0].findall("td")[2].get("style") or "")
        assert rows[1].find("td/sup") is not None  # the reference, in its cell
    web = xhtml(Renderer(web_markup(), "").blocks([block]))
    assert {e.get("class") for e in web.iter() if e.get("id", "").startswith("s2-b3")} == {"s"}
    assert web.find("div").get("tabindex") == "0"  # type: ignore[union-attr]  # it may scroll


def test_a_table_announced_only_is_named_by_its_columns_and_its_rows_carry_no_anchor():
    block = parts(
        Block(BlockKind.TABLE, "", table=TABLE),
        "s1-b1",
        ("n1", "Table 1, with 2 rows, is in the text edition."),
    )
    root = xhtml(Renderer(epub_markup(language="es"), "").blocks([block]))
    assert root.find(".//table").get("aria-label") == "Tabla: Program; Agency; Awards ($m)"  # type: ignore[union-attr]
    assert [r.get("id") for r in root.findall(".//tbody/tr")] == [None, None]


def test_a_figure_shows_its_packaged_image_or_else_its_alt_text():
    figure = Block(BlockKind.FIGURE, "Map of *counties*", figure=Figure("m.png", "Caption <1>"))
    block = parts(figure, "s1-b2", ("n1", "Figure: Map of counties."))
    shown = xhtml(Renderer(epub_markup(images={"m.png": "images/abc.png"}), "").block(block))
    assert shown.find("figure").get("id") == "s1-b2-n1"  # type: ignore[union-attr]
    image = shown.find("figure/img")
    assert image is not None and image.get("src") == "images/abc.png"
    assert image.get("alt") == "Map of counties"
    assert shown.find("figure/figcaption").text == "Caption <1>"  # type: ignore[union-attr]
    absent = xhtml(Renderer(web_markup(), "").block(block))
    assert absent.find(".//img") is None
    assert absent.find("figure/p").text == "Map of counties"  # type: ignore[union-attr]
    assert absent.find("figure").get("class") == "s figure"  # type: ignore[union-attr]


def test_notes_link_both_ways_across_chapters_and_only_to_ids_that_exist():
    cited = prose(BlockKind.PARAGRAPH, "Funds rose.[^a] Again.[^a] Unknown.[^zz]", "s1-b1")
    note = parts(Block(BlockKind.FOOTNOTE, "A *note* citing [^b].", label="a"), "s2-b2")
    other = parts(Block(BlockKind.FOOTNOTE, "Never cited.", label="b"), "s2-b3")
    sections = [
        ReadAlongSection(1, "One", "one", (cited,)),
        ReadAlongSection(2, "Notes", "notes", (note, other)),
    ]
    text = renderer(epub_markup(), "", sections)
    one, two = (xhtml(text.section(s)) for s in sections)
    refs = one.findall(".//sup/a")
    assert [a.get("href") for a in refs] == ["chapter-02.xhtml#fn-a"] * 2
    assert [a.get("id") for a in refs] == ["fnref-a", "fnref-a.2"]
    assert {a.get("{http://www.idpf.org/2007/ops}type") for a in refs} == {"noteref"}
    assert one.findall(".//sup")[-1].find("a") is None  # no note "zz": no link to nothing
    asides = two.findall("aside")
    assert [a.get("id") for a in asides] == ["fn-a", "fn-b"]
    assert asides[0].get("{http://www.idpf.org/2007/ops}type") == "footnote"
    back = asides[0].find(".//a[@role='doc-backlink']")
    assert back is not None and back.get("href") == "chapter-01.xhtml#fnref-a"
    assert asides[0].find(".//sup/a").get("href") == "#fn-b"  # type: ignore[union-attr]
    # Note b is cited only inside note a: its back link goes there, in the same file.
    assert asides[1].find(".//a[@role='doc-backlink']").get("href") == "#fnref-b"  # type: ignore[union-attr]


def test_note_ids_are_safe_whatever_the_label():
    assert note_id("12") == "fn-12"
    odd = note_id('a"b <c>')
    assert odd.startswith("fn-a-b-c-") and all(c.isalnum() or c in "-_" for c in odd)


def test_quotes_nest_with_lists_inside_and_code_and_breaks_are_shown():
    blocks = [
        prose(BlockKind.QUOTE, "Outer quote.", "s1-b1", quote_depth=1),
        prose(BlockKind.QUOTE, "Inner quote.", "s1-b2", quote_depth=2),
        prose(BlockKind.LIST_ITEM, "Item in quote.", "s1-b3", quote_depth=1, list_depth=1),
        prose(BlockKind.LIST_ITEM, "Numbered.", "s1-b4", ordinal=7, list_depth=1),
        prose(BlockKind.LIST_ITEM, "Quoted in item.", "s1-b5", quote_depth=1, list_depth=1),
        ReadAlongBlock(Block(BlockKind.CODE, "a < b && c", label="python {x}"), (), False),
        ReadAlongBlock(Block(BlockKind.BREAK, ""), (), False),
    ]
    for markup in (web_markup(), epub_markup()):
        root = xhtml(Renderer(markup, "").blocks(blocks))
        outer = root.find("blockquote")
        assert outer is not None and outer.find("p/span").text == "Outer quote."  # type: ignore[union-attr]
        assert outer.find("blockquote/p/span").text == "Inner quote."  # type: ignore[union-attr]
        assert outer.find("ul/li/span").text == "Item in quote."  # type: ignore[union-attr]
        ol = root.find("ol")
        assert ol is not None and ol.get("start") == "7" and ol.find("li").get("value") == "7"  # type: ignore[union-attr]
        assert ol.find("li/blockquote/p/span").text == "Quoted in item."  # type: ignore[union-attr]
        code = root.find("pre/code")
        assert code is not None and code.text == "a < b && c"
        assert code.get("class") == "language-python"
        assert root.find("hr") is not None


# -- the figures' images -----------------------------------------------------------------------


def test_image_types_are_read_from_the_bytes():
    assert image_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert image_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert image_type(b"GIF89a") == "image/gif"
    assert image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert image_type(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert image_type(b"root:x:0:0:root:/root:/bin/bash") is None


@pytest.mark.parametrize(
    "src",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "C:\\Windows\\win.ini",
        "https://example.com/a.png",
        "//example.com/a.png",
        "file:///etc/passwd",
        "%2e%2e/secret.png",
        "figures/%2e%2e/%2e%2e/secret.png",
        "figures\\..\\..\\secret.png",
    ],
)
def test_remote_absolute_and_outside_paths_have_no_local_name(src):
    assert local_name(src) is None


def test_only_safe_existing_images_are_found_and_each_problem_names_its_file(tmp_path):
    folder = tmp_path / "source"
    (folder / "figures").mkdir(parents=True)
    PillowImage.new("RGB", (8, 6), (200, 40, 40)).save(folder / "figures" / "map one.png")
    PillowImage.new("RGB", (8, 6)).save(tmp_path / "secret.png")  # outside the folder
    os.symlink(tmp_path / "secret.png", folder / "figures" / "link.png")
    (folder / "notes.txt").write_text("not an image")
    found, problems = find_images(
        folder,
        [
            "figures/map%20one.png",
            "./figures/map%20one.png",
            "../secret.png",
            "%2e%2e/secret.png",
            "figures/link.png",
            "notes.txt",
            "figures/missing.png",
            "https://example.com/x.png",
        ],
    )
    assert set(found) == {"figures/map%20one.png", "./figures/map%20one.png"}
    image = found["figures/map%20one.png"]
    assert image.name == "figures/map one.png" and image.media_type == "image/png"
    assert image.content_name.endswith(".png") and " " not in image.content_name
    assert [p.split(":")[0] for p in problems] == [
        str(folder / "figures" / "link.png"),
        str(folder / "notes.txt"),
        str(folder / "figures" / "missing.png"),
    ]


def test_inline_html_of_a_cell_keeps_the_reference_in_place():
    html = inline_html("HUD[^1] *x*", lambda label: f"<sup>{label}</sup>")
    assert html == "HUD<sup>1</sup> <em>x</em>"
