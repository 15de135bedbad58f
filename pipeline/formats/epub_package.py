"""An EPUB 3 package from finished parts: EbookLib writes the container, the package
document and the navigation; we add what it does not make (the Media Overlay metadata) and
repack its zip so the same content gives the same bytes.

EbookLib carries overlays as far as the manifest goes (a SMIL item, ``media-overlay`` on a
content document, ``<meta>`` with ``refines``); the SMIL itself and the durations are ours.
Its zip takes the clock's time for every entry and writes entries in insertion order, so
:func:`stable_zip` rewrites it: ``mimetype`` first and stored, the rest sorted, fixed times.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from pipeline.audio.tags import image_mime
from pipeline.formats.epub_xhtml import ACTIVE_CLASS, TITLE_PAGE_NAME, clock

# Zip's earliest date: an entry's time says nothing about its content.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# Already compressed: deflating them again costs time and saves nothing.
_STORED_SUFFIXES = (".mp3", ".jpg", ".jpeg", ".png", ".gif", ".webp")


@dataclass(frozen=True)
class Chapter:
    """One section of the book: its XHTML, its overlay and MP3 (if anything in it is
    spoken; a notes section has neither), with the overlay's length in milliseconds."""

    number: int
    title: str
    xhtml_name: str
    xhtml: str
    smil_name: str | None
    smil: str | None
    audio_name: str
    audio: bytes
    duration_ms: int


@dataclass(frozen=True)
class BookImage:
    """An image the text shows (a figure), by its name inside the book."""

    name: str  # "images/<digest>.png"
    media_type: str
    data: bytes


@dataclass(frozen=True)
class BookInfo:
    identifier: str  # urn:uuid:…, stable for the document and language
    title: str
    language: str
    creator: str
    publisher: str
    date: str
    modified: datetime  # UTC
    narrator: str
    summary: str  # what the accessibility summary says
    contents_title: str
    # How the book was made, as package <meta property=…> values (schema:digitalSourceType).
    provenance: tuple[tuple[str, str], ...] = ()


def _overlay_metadata(book, info: BookInfo, chapters: list[Chapter]) -> None:  # type: ignore[no-untyped-def]
    spoken = [c for c in chapters if c.smil is not None]
    total = sum(c.duration_ms for c in spoken)
    meta = [
        ({"property": "media:active-class"}, ACTIVE_CLASS),
        ({"property": "media:narrator"}, info.narrator),
        ({"property": "media:duration"}, clock(total)),
    ]
    meta += [
        ({"property": "media:duration", "refines": f"#mo-{c.number:02d}"}, clock(c.duration_ms))
        for c in spoken
    ]
    for attributes, value in meta:
        book.add_metadata(None, "meta", value, attributes)


def _accessibility_metadata(book, info: BookInfo) -> None:  # type: ignore[no-untyped-def]
    # schema.org accessibility properties, so stores and readers can tell a read-along book.
    for prop, value in [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "auditory"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "synchronizedAudioText"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", info.summary),
    ]:
        book.add_metadata(None, "meta", value, {"property": prop})


def cover_name(cover: bytes) -> str:
    """The cover image's name inside the book, by its type (PNG or JPEG)."""
    return "cover.png" if image_mime(cover) == "image/png" else "cover.jpg"


def package(
    info: BookInfo,
    chapters: list[Chapter],
    cover: bytes,
    style: str,
    cover_page: str,
    images: tuple[BookImage, ...] = (),
    title_page: str = "",
) -> bytes:
    """The EPUB's bytes: same arguments, same bytes. The spine: the cover, the title page
    (if given), the chapters."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(info.identifier)
    book.set_title(info.title)
    book.set_language(info.language)
    if info.creator:
        book.add_author(info.creator)
    if info.publisher:
        book.add_metadata("DC", "publisher", info.publisher)
    if info.date:
        book.add_metadata("DC", "date", info.date)
    _overlay_metadata(book, info, chapters)
    _accessibility_metadata(book, info)
    for prop, value in info.provenance:
        book.add_metadata(None, "meta", value, {"property": prop})

    book.set_cover(cover_name(cover), cover, create_page=False)
    book.add_item(epub.EpubItem("style", "style.css", "text/css", style.encode("utf-8")))
    cover_item = epub.EpubItem(
        "cover-page", "cover.xhtml", "application/xhtml+xml", cover_page.encode("utf-8")
    )
    book.add_item(cover_item)
    spine: list = [cover_item]
    if title_page:
        title_item = epub.EpubItem(
            "title-page", TITLE_PAGE_NAME, "application/xhtml+xml", title_page.encode("utf-8")
        )
        book.add_item(title_item)
        spine.append(title_item)
    for c in chapters:
        item = epub.EpubItem(
            f"c-{c.number:02d}", c.xhtml_name, "application/xhtml+xml", c.xhtml.encode("utf-8")
        )
        if c.smil is not None:
            item.media_overlay = f"mo-{c.number:02d}"
            book.add_item(epub.EpubSMIL(f"mo-{c.number:02d}", c.smil_name, c.smil.encode("utf-8")))
        book.add_item(item)
        if c.smil is not None:  # a chapter not heard (the notes) carries no audio
            audio = epub.EpubItem(f"audio-{c.number:02d}", c.audio_name, "audio/mpeg", c.audio)
            book.add_item(audio)
        spine.append(item)
    for n, image in enumerate(images, start=1):
        book.add_item(epub.EpubItem(f"image-{n:03d}", image.name, image.media_type, image.data))
    book.toc = [epub.Link(c.xhtml_name, c.title, f"toc-{c.number:02d}") for c in chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav(title=info.contents_title))
    book.spine = spine

    raw = io.BytesIO()
    # ebooklib's zip is only read back by ``stable_zip``, which compresses the final one: level
    # 0 spares deflating and inflating the audio (megabytes a chapter) for nothing.
    options = {"mtime": info.modified, "epub3_pages": False, "compresslevel": 0}
    epub.write_epub(raw, book, options)
    return stable_zip(raw.getvalue())


def stable_zip(data: bytes) -> bytes:
    """The zip ``data`` rewritten reproducibly: ``mimetype`` first and stored (as OCF
    requires), every other entry in name order, all with one fixed time and mode."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda name: (name != "mimetype", name))
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.create_system = 3  # Unix, whatever machine builds it
            entry.external_attr = 0o100644 << 16
            stored = name == "mimetype" or name.lower().endswith(_STORED_SUFFIXES)
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(name), compresslevel=9)
    return out.getvalue()
