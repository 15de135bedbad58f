"""EPUB 3 read-along books: ``<doc>.<lang>.epub``, the text with its narration in sync.

One XHTML document per section with an ``id`` on every sentence, one SMIL Media Overlay per
section clipping that section's MP3 (inside the book) sentence by sentence, the cover the
MP3s carry, and the navigation. Each book is checked before it is renamed into place: by
EPUBCheck, or, when only its words and timings changed since a book EPUBCheck passed, by the
checks of ``epub_structure``; a book EPUBCheck faults fails the build and leaves the previous
one.
"""

from __future__ import annotations

import math
import tempfile
import uuid
from functools import partial
from importlib.metadata import version
from pathlib import Path

from pipeline.editions import UNREVIEWED_MARKERS
from pipeline.formats.epub_check import check_epub, vouched_for, warm_up_checker
from pipeline.formats.epub_dates import first_built
from pipeline.formats.epub_marks import judge_next_edits
from pipeline.formats.epub_package import BookImage, BookInfo, Chapter, cover_name, package
from pipeline.formats.epub_xhtml import (
    CONTENTS,
    STYLE,
    audio_name,
    chapter_name,
    chapter_xhtml,
    clips,
    cover_xhtml,
    epub_markup,
    overlay_name,
    overlay_smil,
    title_page_xhtml,
)
from pipeline.languages import SOURCE_LANGUAGE
from pipeline.provenance.disclosure import web_fields
from pipeline.publish.figures import Image, figure_images
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.html import renderer
from pipeline.publish.publication import Publication
from pipeline.publish.readalong import read_along
from pipeline.store import content_key

# Bump when what the writer makes from the same content changes (2: every block kind,
# figures' images, notes linked; a chapter that is not heard has no audio; 3: a title page
# and the package's digital source type disclose the synthetic voice).
EPUB_VERSION = 3
IMAGES = "images"  # the figures' images, inside the book

SUMMARIES = {
    "en": "Every sentence of the text is narrated by a synthetic voice and highlighted while "
    "it is read (EPUB Media Overlays).",
    "es": "Cada oración del texto está narrada por una voz sintética y se resalta mientras se "
    "lee (EPUB Media Overlays).",
}


def epub_path(publication: Publication, language: str) -> Path:
    return publication.out / f"{publication.name}.{language}.epub"


def book_identifier(name: str, language: str) -> str:
    """The book's dc:identifier: a UUID made from the document's name and language, so each
    edition keeps its identity across rebuilds (readers match updates by it)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pipeline:epub:{name}:{language}')}"


def review_mark(publication: Publication, language: str) -> str:
    """The mark after an unreviewed machine-translated block ("" when marks are off)."""
    if not publication.options.mark_unreviewed:
        return ""
    return UNREVIEWED_MARKERS.get(language, "").strip().strip("*")


def epub_key(publication: Publication, language: str) -> str:
    """The content key of everything the book is made from (no file is read for it)."""
    edition = publication.editions[language]
    blocks = [
        [repr(block), edition.is_flagged(block)]
        for section in edition.document.sections
        for block in section.blocks
    ]
    cues = [[(c.start, c.end, c.anchor) for c in audio.cues] for audio in edition.audio]
    return content_key(
        "epub",
        EPUB_VERSION,
        version("ebooklib"),
        STYLE,
        publication.name,
        language,
        [s.title for s in edition.document.sections],
        blocks,
        review_mark(publication, language),
        cues,
        publication.section_keys(language),
        publication.book_tags(language).identity(),
        publication.disclosure(language).identity(),
        [(src, image.digest, image.media_type) for src, image in _images(publication, language)],
    )


def _images(publication: Publication, language: str) -> list[tuple[str, Image]]:
    """The packaged images this edition's figures show, by src, in the text's order."""
    found = figure_images(publication)
    sources = [
        block.figure.src
        for block in publication.editions[language].document.blocks
        if block.figure is not None and block.figure.src in found
    ]
    return [(src, found[src]) for src in dict.fromkeys(sources)]


def _image_name(image: Image) -> str:
    return f"{IMAGES}/{image.content_name}"


def _chapters(publication: Publication, language: str) -> list[Chapter]:
    sections = read_along(publication, language)
    images = {src: _image_name(image) for src, image in _images(publication, language)}
    text = renderer(epub_markup(language, images), review_mark(publication, language), sections)
    seconds = publication.section_seconds(language)
    chapters = []
    for section in sections:
        n, path = section.number, section.file
        # Whole milliseconds, rounded down: no clip may end past the end of its file.
        duration_ms = math.floor(seconds[path] * 1000) if path else 0
        found = clips(section, duration_ms) if path else []
        chapters.append(
            Chapter(
                number=n,
                title=section.title,
                xhtml_name=chapter_name(n),
                xhtml=chapter_xhtml(section, language, text),
                smil_name=overlay_name(n) if found else None,
                smil=overlay_smil(n, found) if found else None,
                audio_name=audio_name(n),
                audio=path.read_bytes() if path and found else b"",
                duration_ms=duration_ms,
            )
        )
    return chapters


def make_epub(publication: Publication, language: str, key: str) -> bytes:
    """The read-along book of ``language`` as EPUB bytes (same content, same bytes)."""
    edition = publication.editions[language]
    tags = publication.book_tags(language)
    voice = edition.voice
    disclosure = web_fields(publication.disclosure(language))
    info = BookInfo(
        identifier=book_identifier(publication.name, language),
        title=edition.document.title,
        language=language,
        creator=tags.artist,
        publisher=tags.publisher,
        date=tags.year,
        modified=first_built(publication.store, key),
        narrator=f"{voice.engine} ({voice.voice})" if voice else "synthetic voice",
        summary=SUMMARIES.get(language, SUMMARIES["en"]),
        contents_title=CONTENTS.get(language, CONTENTS["en"]),
        provenance=tuple(disclosure["opf_meta"].items()),
    )
    cover = publication.cover(language)
    cover_page = cover_xhtml(language, edition.document.title, cover_name(cover))
    imprint = ", ".join(part for part in (tags.publisher, tags.year) if part)
    title_page = title_page_xhtml(
        language,
        edition.document.title,
        tags.artist,
        imprint,
        disclosure["text"],
        disclosure["meta"],
    )
    # Two paths to the same bytes are one image in the book.
    unique = {_image_name(image): image for _, image in _images(publication, language)}
    images = tuple(
        BookImage(name, image.media_type, image.path.read_bytes()) for name, image in unique.items()
    )
    chapters = _chapters(publication, language)
    return package(info, chapters, cover, STYLE, cover_page, images, title_page)


@register_format
class Epub(Format):
    name = "epub"
    summary = "an EPUB 3 read-along book per language: text and narration in sync (EPUBCheck)"
    stage = "audio"
    requires = ("mp3",)

    def artifacts(self, publication: Publication) -> list[Artifact]:
        return [self._book(publication, language) for language in publication.narrated_languages]

    def prepare(self, publication: Publication) -> None:
        # Java and EPUBCheck's schemas take seconds to load: they load while the sections
        # are stitched and encoded, unless the books already here have a structure EPUBCheck
        # passed (a rebuild, or an edit of words, most likely keeps it: no Java at all; the
        # first edit of a reviewed translation too, its book judged ahead: ``epub_marks``).
        # Before stitching no edition is narrated yet: the voiced ones will be.
        voiced = [lang for lang, edition in publication.editions.items() if edition.voice]
        if any(not vouched_for(epub_path(publication, lang), publication.store) for lang in voiced):
            warm_up_checker()

    def _book(self, publication: Publication, language: str) -> Artifact:
        path = epub_path(publication, language)
        key = epub_key(publication, language)

        def write(temp: Path) -> None:
            temp.write_bytes(make_epub(publication, language, key))
            # EPUBCheck refuses a file not named *.epub: show it the temp file under the
            # book's name. A fault raises here, before the runner renames anything.
            with tempfile.TemporaryDirectory(prefix="epubcheck-") as folder:
                checked = Path(folder) / path.name
                checked.symlink_to(temp.resolve())
                check_epub(checked, path, publication.store)
            # While EPUBCheck is up anyway, the books a translator's next edit makes are too.
            if language != SOURCE_LANGUAGE and review_mark(publication, language):
                judge_next_edits(publication, language, path, partial(make_epub, key=key))

        # Two books check side by side: Java's start-up is mostly waiting on one core.
        return Artifact(path, key, write, parallel=True)
