"""A book's structure: equal for books that differ only in words and timings, different for
anything EPUBCheck judges, and None (ask EPUBCheck) when a varying part fails our checks."""

from __future__ import annotations

import io
import zipfile

from pipeline.formats.epub_structure import clock_seconds, structure_digest

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)


def _opf(total: str, part: str, modified: str, title: str) -> str:
    return f"""<?xml version='1.0' encoding='utf-8'?>
<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="id" version="3.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <meta property="dcterms:modified">{modified}</meta>
    <dc:identifier id="id">urn:uuid:0</dc:identifier>
    <dc:title>{title}</dc:title>
    <dc:language>en</dc:language>
    <meta property="media:duration">{total}</meta>
    <meta property="media:duration" refines="#mo-01">{part}</meta>
  </metadata>
  <manifest>
    <item href="chapter-01.smil" id="mo-01" media-type="application/smil+xml"/>
    <item href="chapter-01.xhtml" id="c-01" media-type="application/xhtml+xml"
          media-overlay="mo-01"/>
    <item href="audio/01.mp3" id="audio-01" media-type="audio/mpeg"/>
    <item href="style.css" id="style" media-type="text/css"/>
  </manifest>
  <spine><itemref idref="c-01"/></spine>
</package>"""


def _xhtml(sentences: list[str], digest: str) -> str:
    spans = " ".join(f'<span id="s1-b1-n{i}">{s}</span>' for i, s in enumerate(sentences, 1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" lang="en" xml:lang="en">
<head><meta charset="UTF-8"/><meta name="disclosure" content='{{"sha256": "{digest}"}}'/>
<title>Levees</title></head>
<body><section><p>{spans}</p></section></body>
</html>"""


def _smil(clips: list[tuple[str, str]]) -> str:
    pars = "".join(
        f'<par id="par-{i}"><text src="chapter-01.xhtml#s1-b1-n{i}"/>'
        f'<audio src="audio/01.mp3" clipBegin="{begin}" clipEnd="{end}"/></par>'
        for i, (begin, end) in enumerate(clips, 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><smil xmlns="http://www.w3.org/ns/SMIL" '
        f'version="3.0"><body><seq id="seq-01">{pars}</seq></body></smil>'
    )


def book(
    sentences: tuple[str, ...] = ("Levees protect homes.", "Many are old."),
    clips: tuple[tuple[str, str], ...] = (
        ("0:00:00.000", "0:00:02.500"),
        ("0:00:02.500", "0:00:04.250"),
    ),
    total: str = "0:00:04.250",
    part: str = "0:00:04.250",
    modified: str = "2026-12-03T10:00:00Z",
    title: str = "Levee Safety",
    audio: bytes = b"\xff\xfb\x90\x00" * 64,
    css: bytes = b"p { margin: 0 }",
    digest: str = "aa",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as epub:
        epub.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        epub.writestr("EPUB/audio/01.mp3", audio)
        epub.writestr("EPUB/chapter-01.smil", _smil(list(clips)))
        epub.writestr("EPUB/chapter-01.xhtml", _xhtml(list(sentences), digest))
        epub.writestr("EPUB/content.opf", _opf(total, part, modified, title))
        epub.writestr("EPUB/style.css", css)
        epub.writestr("META-INF/container.xml", CONTAINER)
        for name, data in (extra or {}).items():
            epub.writestr(name, data)
    return buffer.getvalue()


def test_words_timings_audio_and_dates_leave_the_structure_as_it_was():
    edited = book(
        sentences=("Levees protect homes &amp; farms.", "Many are decades old."),
        clips=(("0:00:00.000", "0:00:03.100"), ("0:00:03.100", "0:00:05.004")),
        total="0:00:05.004",
        part="0:00:05.004",
        modified="2026-12-04T08:30:00Z",
        audio=b"\xff\xfb\x90\x00" * 90,
        digest="bb",
    )
    assert structure_digest(book()) is not None
    assert structure_digest(edited) == structure_digest(book())


def test_more_or_fewer_of_the_same_kinds_of_element_leave_it_as_it_was():
    three = book(
        sentences=("One.", "Two.", "Three."),
        clips=(
            ("0:00:00.000", "0:00:01.000"),
            ("0:00:01.000", "0:00:02.000"),
            ("0:00:02.000", "0:00:04.250"),
        ),
    )
    assert structure_digest(three) == structure_digest(book())


def test_what_epubcheck_judges_makes_a_new_structure():
    first = structure_digest(book())
    assert structure_digest(book(title="Levee Safety, Revised")) != first  # package text
    assert structure_digest(book(css=b"p { margin: 1em }")) != first
    emphasis = ("Levees <em>protect</em> homes.", "Two.")  # a new kind of element
    assert structure_digest(book(sentences=emphasis)) != first
    marked = ("Levees protect homes.", 'Two.</span> <span class="review-mark">*')
    assert structure_digest(book(sentences=marked)) != first  # a new attribute


def test_a_varying_part_that_fails_our_checks_goes_to_epubcheck():
    backwards = (("0:00:02.500", "0:00:00.000"), ("0:00:02.500", "0:00:04.250"))
    assert structure_digest(book(clips=backwards)) is None
    assert structure_digest(book(total="0:00:09.000")) is None  # not the overlays' sum
    assert structure_digest(book(part="0:00:03.000", total="0:00:03.000")) is None  # too short
    assert structure_digest(book(modified="yesterday")) is None
    bad_clock = (("0:00:00.000", "soon"), ("0:00:02.500", "0:00:04.250"))
    assert structure_digest(book(clips=bad_clock)) is None
    assert structure_digest(b"not a zip") is None
    assert structure_digest(book(sentences=("Broken <b>markup.", "Two."))) is None


def test_ids_given_twice_and_references_that_land_nowhere_go_to_epubcheck():
    twice = ('One.</span> <span id="s1-b1-n1">Again.', "Two.")
    assert structure_digest(book(sentences=twice)) is None
    # Three clips for two sentences: the third names an id no chapter has.
    astray = (
        ("0:00:00.000", "0:00:01.000"),
        ("0:00:01.000", "0:00:02.000"),
        ("0:00:02.000", "0:00:04.250"),
    )
    assert structure_digest(book(clips=astray)) is None
    linked = ('See <a href="chapter-02.xhtml#top">the next chapter</a>.', "Two.")
    assert structure_digest(book(sentences=linked)) is None  # no such file
    assert structure_digest(book(extra={"EPUB/notes.txt": b"unlisted"})) is None


def test_clock_values_are_read_to_the_millisecond():
    assert clock_seconds("1:02:03.456") == 3723.456
    assert clock_seconds("0:00:05") == 5.0
