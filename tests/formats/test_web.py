"""The web edition's HTML, without a browser: escaping, the blocks, the files of a build."""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
from web_report import HOSTILE_HEADING, HOSTILE_SENTENCE

from pipeline.formats._web.disclosure import iso_duration
from pipeline.formats._web.page import Download, Page, render_embed, render_index, render_page
from pipeline.formats._web.strings import clock, file_size, spoken_length
from pipeline.formats._web.text import render_blocks, script_json
from pipeline.model import Block, BlockKind
from pipeline.provenance.disclosure import (
    SCHEMA_ORG_TRAINED,
    TRAINED_ALGORITHMIC_MEDIA,
    Disclosure,
    Translation,
)
from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection, ReadAlongSentence, Timed

VOID = {"meta", "link", "input", "br", "img", "hr", "source", "track"}


class Elements(HTMLParser):
    """Every element a browser's parser would make of a page, checked for balance."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.open: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "script":
            self.scripts.append(data)


def parsed(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    elements.close()
    assert elements.open == [], f"left open: {elements.open}"
    return elements


def block(kind: str, text: str, anchor: str, **fields: object) -> ReadAlongBlock:
    sentences = tuple(
        ReadAlongSentence(f"{anchor}-n{n}", sentence, Timed(n, n + 0.5, n, n + 0.5))
        for n, sentence in enumerate(text.split(" | "), start=1)
    )
    kind_value = BlockKind(kind) if kind in BlockKind.__members__.values() else kind
    return ReadAlongBlock(Block(kind_value, text, **fields), sentences, unreviewed=False)  # type: ignore[arg-type]


def page_of(sections: tuple[ReadAlongSection, ...], **fields: object) -> Page:
    values: dict = {
        "language": "en",
        "title": sections[0].title,
        "sections": sections,
        "book": "files/r.en.mp3",
        "duration": 125.0,
        "voice": "espeak (en-us)",
        "downloads": (Download("book", "files/r.en.mp3", 2_400_000),),
        "languages": ("en", "es"),
        "revision": "abc123",
        "mark": "",
    }
    values.update(fields)
    return Page(**values)


HOSTILE = (
    ReadAlongSection(
        1,
        "A <b>report</b> & more",
        "a-report",
        (
            block("heading", "A <b>report</b> & more", "s1-b1", level=1),
            block("paragraph", "Quote \" and ' and &amp;", "s1-b2"),
        ),
        0.0,
        10.0,
    ),
    ReadAlongSection(
        2,
        HOSTILE_HEADING,
        "risks",
        (
            block("heading", HOSTILE_HEADING, "s2-b1", level=2),
            block("paragraph", f"{HOSTILE_SENTENCE} | <!-- a comment --> and \u2028", "s2-b2"),
        ),
        10.0,
        20.0,
    ),
)


def test_report_text_never_becomes_markup_in_the_page_or_its_json():
    html = render_page(page_of(HOSTILE))
    elements = parsed(html)
    tags = [tag for tag, _ in elements.tags]
    assert "img" not in tags and "b" not in tags
    assert tags.count("script") == 2  # our script and the JSON data: nothing else
    assert "<img" not in html and "</script><script>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    data = json.loads(elements.scripts[-1])
    assert data["chapters"][1]["title"] == HOSTILE_HEADING  # the text survives, as text
    assert [cue[0] for cue in data["cues"]][:3] == ["s1-b1-n1", "s1-b2-n1", "s2-b1-n1"]


def test_embedded_json_cannot_close_its_script_element():
    dumped = script_json({"t": "</script><!-- <script> & \u2028"})
    assert "<" not in dumped and ">" not in dumped and "\u2028" not in dumped
    assert json.loads(dumped) == {"t": "</script><!-- <script> & \u2028"}


def test_titles_in_the_chooser_and_the_snippet_are_escaped():
    pages = [page_of(HOSTILE), page_of(HOSTILE, language="es", duration=3725.0)]
    for html in (render_index(pages), render_embed(pages)):
        assert "<b>" not in html and "&lt;b&gt;report&lt;/b&gt; &amp; more" in html
        parsed(html)
    embed = render_embed(pages)
    assert 'href="web/en.html"' in embed and 'href="web/es.html"' in embed
    assert "Is there a version in Spanish?" in embed and "1 h 02 min" in embed


def test_the_title_heading_is_the_pages_h1_with_its_sentence_and_is_not_repeated():
    html = render_page(page_of(HOSTILE))
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert h1 and 'id="s1-b1-n1"' in h1.group(1)
    assert html.count('id="s1-b1-n1"') == 1 and html.count("<h1") == 1


def test_lists_nest_and_an_ordered_items_second_paragraph_stays_in_its_item():
    blocks = (
        block("paragraph", "Intro.", "s1-b1"),
        block("list_item", "First.", "s1-b2", ordinal=1, list_depth=1),
        block("list_item", "More on first.", "s1-b3", ordinal=None, list_depth=1),
        block("list_item", "Nested bullet.", "s1-b4", ordinal=None, list_depth=2),
        block("list_item", "Second.", "s1-b5", ordinal=2, list_depth=1),
        block("paragraph", "After.", "s1-b6"),
        block("list_item", "A bullet.", "s1-b7", list_depth=1),
    )
    html = "".join(render_blocks(blocks, ""))
    parsed(html)
    shape = re.sub(r"<span[^>]*>[^<]*</span>", "·", html)
    assert shape == (
        '<p>·</p><ol><li value="1">·<p>·</p><ul><li>·</li></ul></li>'
        '<li value="2">·</li></ol><p>·</p><ul><li>·</li></ul>'
    )


def test_a_block_kind_the_page_does_not_know_yet_is_a_paragraph_of_its_sentences():
    blocks = (block("table", "Row one. | Row two.", "s1-b1"),)
    html = "".join(render_blocks(blocks, ""))
    assert html.startswith("<p><span") and html.count('class="s"') == 2


def test_unreviewed_blocks_keep_their_visible_mark():
    flagged = replace(block("paragraph", "Texto.", "s1-b2"), unreviewed=True)
    section = replace(HOSTILE[0], blocks=(HOSTILE[0].blocks[0], flagged))
    mark = "[traducción automática, pendiente de revisión]"
    html = render_page(page_of((section,), language="es", mark=mark))
    assert f'Texto.</span> <em class="mt">{mark}</em>' in html
    assert 'class="note"' in html  # and the page says what the mark means
    assert "traducción automática" not in render_page(page_of((section,), language="es"))


def test_durations_times_and_sizes_read_as_people_write_them():
    assert [spoken_length(s) for s in (45, 2045.4, 3725)] == ["45 s", "34 min 05 s", "1 h 02 min"]
    assert [clock(s) for s in (7.9, 754, 3723)] == ["0:07", "12:34", "1:02:03"]
    assert file_size(2_430_000, "en") == "2.4 MB" and file_size(2_430_000, "es") == "2,4 MB"
    assert file_size(800, "en") == "1 kB"


# -- a real build ------------------------------------------------------------------------


@pytest.mark.slow
def test_a_build_writes_one_folder_a_publisher_can_upload(web_build: Path):
    web = web_build / "web"
    names = {p.relative_to(web).as_posix() for p in web.rglob("*") if p.is_file()}
    expected = {"index.html", "en.html", "es.html", "embed.html"}
    expected |= {"read-along.css", "read-along.js"}
    expected |= {
        f"files/broadband.{lang}.{ext}" for lang in ("en", "es") for ext in ("mp3", "m4b", "md")
    }
    assert expected <= names
    assert sum(name.startswith("files/sections/es/") for name in names) == 5
    for page in ("en.html", "es.html"):  # every link of a page resolves inside the folder
        html = (web / page).read_text(encoding="utf-8")
        assert f'href="files/broadband.{page[:2]}.m4b" download' in html
        for href in re.findall(r'(?:href|src)="([^"#:]+)"', html):
            assert (web / href).is_file(), f"{page} links to {href}"
    book = web / "files" / "broadband.en.mp3"
    published = web_build / "broadband.en.mp3"
    # A hard link where the file system allows it: the folder costs no disk.
    assert book.read_bytes() == published.read_bytes()
    assert os.path.samefile(book, published) or book.stat().st_nlink == 1


@pytest.mark.slow
def test_page_weight_without_audio_is_under_150_kb_per_language(web_build: Path):
    web = web_build / "web"
    shared = (web / "read-along.css").stat().st_size + (web / "read-along.js").stat().st_size
    for language in ("en", "es"):
        weight = (web / f"{language}.html").stat().st_size + shared
        assert weight < 150_000, f"{language}: {weight} bytes"


@pytest.mark.slow
def test_cues_in_the_page_are_the_transcripts_cues(web_build: Path):
    for language in ("en", "es"):
        html = (web_build / "web" / f"{language}.html").read_text(encoding="utf-8")
        data = json.loads(parsed(html).scripts[-1])
        vtt = (web_build / f"broadband.{language}.vtt").read_text(encoding="utf-8")
        stamps = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d{3}) -->", vtt)
        vtt_starts = [
            int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in stamps
        ]
        assert len(data["cues"]) == len(vtt_starts) == 19
        for (_, start, _), expected in zip(data["cues"], vtt_starts, strict=True):
            assert abs(start - expected) < 0.0015


@pytest.mark.slow
def test_each_page_discloses_what_its_book_discloses(web_build: Path):
    from pipeline.provenance.tagging import read_id3_disclosure

    for language, line in (
        ("en", "Narrated by a synthetic voice (espeak, voice en-us)."),
        # No translation memory beside the report: every Spanish block is machine-made.
        (
            "es",
            "Narrado con voz sintética (espeak, voz es-419). Traducción automática "
            "pendiente de revisión (13 de 13 bloques).",
        ),
    ):
        html = (web_build / "web" / f"{language}.html").read_text(encoding="utf-8")
        meta, (node,) = _head_of(html)
        book = web_build / "web" / node["contentUrl"]
        assert book.read_bytes() == (web_build / f"broadband.{language}.mp3").read_bytes()
        assert json.loads(meta["ai-disclosure-json"]) == read_id3_disclosure(book)
        assert meta["ai-disclosure"] == line
        assert f'<p class="disclosure" id="disclosure">{line}</p>' in html
        assert (node["@type"], node["inLanguage"]) == ("AudioObject", language)
        assert node["digitalSourceType"] == SCHEMA_ORG_TRAINED
        assert re.fullmatch(r"PT(\d+M)?\d+S", node["duration"])


@pytest.mark.slow
def test_a_rebuild_with_no_edit_rewrites_and_links_nothing(web_build: Path):
    from pipeline.build import build
    from pipeline.config import BuildOptions

    web = web_build / "web"
    before = {p: p.stat().st_mtime_ns for p in web.rglob("*") if p.is_file()}
    root = web_build.parent.parent
    options = BuildOptions(
        tts="espeak",
        out_dir=root / "output",
        cache_dir=root / "cache",
        formats=frozenset({"web", "m4b"}),
    )
    build(root / "source" / "broadband.md", options)
    after = {p: p.stat().st_mtime_ns for p in web.rglob("*") if p.is_file()}
    assert after == before


def test_files_the_folder_no_longer_offers_are_left_over_but_temporaries_are_not(tmp_path):
    from types import SimpleNamespace

    from pipeline.formats.web import Web

    web = tmp_path / "web"
    kept, stale, temp = web / "en.html", web / "files" / "r.en.m4b", web / ".en.html.x.part"
    for path in (kept, stale, temp):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    publication = SimpleNamespace(out=tmp_path)
    assert Web().leftovers(publication, {kept}) == [stale]  # type: ignore[arg-type]


def test_the_snippet_and_the_chooser_promise_no_audio_the_build_did_not_make():
    pages = [page_of(HOSTILE, book=None, downloads=()), page_of(HOSTILE, language="es")]
    embed = render_embed(pages)
    assert "Is there an audio version?" not in embed
    assert "Leer y escuchar en español</span></a> (audiobook, 2 min 05 s)" in embed
    index = render_index(pages)
    assert ">Read in English</a>" in index and ">Leer y escuchar en español</a>" in index
    english = render_page(pages[0])
    assert "<audio" not in english and "no audio in this build" in english


# -- disclosure of the synthetic voice and the machine translation -----------------------

SPANISH_VOICE = Disclosure(
    "es",
    "espeak",
    "1.51",
    "es-419",
    "broadband.md",
    "ab" * 32,
    Translation.of(blocks=13, unreviewed=4, translator="apertium", source_language="en"),
)


def _head_of(html: str) -> tuple[dict[str, str], list[dict]]:
    """The page's ``<meta name>`` pairs and its JSON-LD nodes (every inline script but
    the last, the read-along data)."""
    elements = parsed(html)
    meta = {a["name"]: a["content"] for tag, a in elements.tags if tag == "meta" and "name" in a}
    return meta, [json.loads(script) for script in elements.scripts[:-1]]  # type: ignore[misc]


def test_a_page_discloses_its_synthetic_voice_to_machines_and_readers():
    title = HOSTILE[0].title  # "A <b>report</b> & more": text in the JSON-LD too
    html = render_page(page_of(HOSTILE, language="es", disclosure=SPANISH_VOICE, duration=3725.4))
    parsed(html)
    meta, ld = _head_of(html)
    line = "Narrado con voz sintética (espeak, voz es-419). "
    line += "Traducción automática pendiente de revisión (4 de 13 bloques)."
    assert meta["ai-disclosure"] == line
    assert json.loads(meta["ai-disclosure-json"]) == SPANISH_VOICE.record()
    assert meta["digital-source-type"] == TRAINED_ALGORITHMIC_MEDIA
    assert ld == [
        {
            "@context": "https://schema.org",
            "@type": "AudioObject",
            "name": title,
            "encodingFormat": "audio/mpeg",
            "contentUrl": "files/r.en.mp3",
            "duration": "PT1H2M5S",
            "digitalSourceType": SCHEMA_ORG_TRAINED,
            "inLanguage": "es",
        }
    ]
    assert "<b>" not in html.split("</head>")[0]
    # Readers see the same sentence under the player, which it describes.
    assert f'<p class="disclosure" id="disclosure">{line}</p>' in html
    assert 'aria-describedby="disclosure"' in html
    assert html.index("</audio>") < html.index('class="disclosure"') < html.index("<article")


def test_a_reviewed_translation_says_so_and_a_page_without_audio_discloses_nothing():
    reviewed = replace(SPANISH_VOICE, translation=Translation.of(13, 0, "apertium", "en"))
    html = render_page(page_of(HOSTILE, language="es", disclosure=reviewed))
    assert (
        "Traducción automática (apertium) revisada por una persona."
        in _head_of(html)[0]["ai-disclosure"]
    )
    assert "pendiente" not in html
    silent = render_page(page_of(HOSTILE, book=None, downloads=(), disclosure=SPANISH_VOICE))
    assert "ai-disclosure" not in silent and "ld+json" not in silent
    assert 'class="disclosure"' not in silent


def test_durations_for_machines_are_iso_8601():
    assert [iso_duration(s) for s in (0, 45, 105.6, 3600, 3725.4)] == [
        "PT0S",
        "PT45S",
        "PT1M46S",
        "PT1H",
        "PT1H2M5S",
    ]


def test_the_byline_names_the_author_publisher_and_year_under_the_title():
    html = render_page(page_of(HOSTILE, author="Jane <Doe> & Co", imprint="CRS, 2023"))
    assert '<p class="byline">By Jane &lt;Doe&gt; &amp; Co · CRS, 2023</p>' in html
    assert html.index('id="title"') < html.index('class="byline"') < html.index('class="summary"')
    assert '<meta name="author" content="Jane &lt;Doe&gt; &amp; Co">' in html
    spanish = render_page(page_of(HOSTILE, language="es", author="Jane Doe"))
    assert '<p class="byline">Por Jane Doe</p>' in spanish
    # With credits, the byline is their lines, as the book says them (a translator's words).
    credited = ("Escrito por la Fundación México–Estados Unidos", "Publicado por CRS, 2023")
    page = page_of(HOSTILE, language="es", author="U.S.-Mexico Foundation", credited=credited)
    assert (
        '<p class="byline">Escrito por la Fundación México–Estados Unidos · Publicado por CRS, '
        "2023</p>" in render_page(page)
    )
    bare = render_page(page_of(HOSTILE))
    assert "byline" not in bare and 'name="author"' not in bare
    parsed(html)
