"""The read-along web edition: ``output/<doc>/web/``, one folder a publisher uploads.

``index.html`` opens the page in the reader's browser language (English otherwise);
``en.html`` and ``es.html`` hold the title, a summary, the book's player, the chapters, the
downloads and the full text, each sentence a span with its anchor, highlighted while it is
heard (cue data embedded as JSON, from ``read_along``: the transcripts' timeline);
``embed.html`` is the block for the report's own page. The CSS and JS beside the pages ship
in ``pipeline/formats/_web``: no CDN, no framework, no build step; it works from ``file://``.

The audio and the other downloads are in ``web/files/`` (the output folder's layout below
it), as hard links to the published files (a copy where the file system cannot link), so
the folder is complete on its own and costs no disk; the figures' images are copies in
``web/files/figures/`` (as they lie beside the report; only safe local paths, see
``pipeline.publish.figures``). Each file is keyed by the content of what it copies, so a
rebuild with no edit links or copies nothing.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from pipeline.editions import UNREVIEWED_MARKERS
from pipeline.formats._web.page import (
    SCRIPT,
    STYLESHEET,
    Download,
    Page,
    page_name,
    render_embed,
    render_index,
    render_page,
)
from pipeline.formats._web.strings import unreviewed_mark
from pipeline.publish.figures import figure_images
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication
from pipeline.publish.readalong import read_along
from pipeline.store import content_key
from pipeline.transcripts import transcript_paths

FOLDER = "web"
FILES = "files"  # the downloads, below the web folder
FIGURES = "figures"  # the figures' images, below the downloads (as in the source folder)


def _text_writer(content: str) -> Callable[[Path], None]:
    def write(temp: Path) -> None:
        temp.write_text(content, encoding="utf-8")

    return write


def _copy_writer(source: Path) -> Callable[[Path], None]:
    # A copy, never a link: the source folder is the author's, and a tool that rewrites
    # the uploaded folder must not reach into it.
    def write(temp: Path) -> None:
        shutil.copyfile(source, temp)

    return write


def _link_writer(source: Path) -> Callable[[Path], None]:
    def write(temp: Path) -> None:
        temp.unlink()
        try:
            os.link(source, temp)
        except OSError:  # another file system, or one without hard links
            shutil.copyfile(source, temp)

    return write


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Offered:
    """A published file a page offers, with the content key it was written from."""

    kind: str  # "book", "m4b", "section", "edition", "vtt", "srt", "chapters_vtt"
    path: Path
    key: str
    title: str = ""  # a section file's chapter title


def _offered(publication: Publication, language: str) -> list[Offered]:
    """What a language's page offers, audio first. Audio files are keyed as the runner
    keyed them (so nothing is read; the book's key names its disclosure, so a re-tagged
    book is linked again); text files, a few kB, by their bytes."""
    out, name = publication.out, publication.name
    offered: list[Offered] = []
    if language in publication.narrated_languages:
        book, key = publication.book_path(language), publication.book_file_key(language)
        offered.append(Offered("book", book, key))
        m4b = book.with_suffix(".m4b")
        # The m4b format runs before this one when both are asked for (``after``), so a
        # book built now is here already.
        if "m4b" in publication.options.formats and m4b.exists():
            offered.append(Offered("m4b", m4b, key))
        for section, path, section_key in zip(
            publication.spoken_sections(language),
            publication.section_paths(language),
            publication.section_keys(language),
            strict=True,
        ):
            offered.append(Offered("section", path, section_key, section.title))
    texts = [("edition", out / f"{name}.{language}.md")]
    if language in publication.narrated_languages:
        paths = transcript_paths(out, name, language)
        texts += [("vtt", paths["vtt"]), ("srt", paths["srt"]), ("chapters_vtt", paths["chapters"])]
    offered += [Offered(kind, path, _digest(path)) for kind, path in texts if path.exists()]
    return offered


def _page(
    publication: Publication, language: str, downloads: list[Download], figures: dict[str, str]
) -> Page:
    edition = publication.editions[language]
    narrated = language in publication.narrated_languages
    voice = edition.voice
    book = next((d.href for d in downloads if d.kind == "book"), None)
    options = publication.options
    marked = options.mark_unreviewed and language in UNREVIEWED_MARKERS
    return Page(
        language=language,
        title=edition.document.title,
        sections=tuple(read_along(publication, language)),
        book=book,
        duration=publication.duration(language) if narrated else 0.0,
        voice=f"{voice.engine} ({voice.voice})" if voice else "",
        downloads=tuple(downloads),
        languages=tuple(publication.languages),
        revision=publication.revision,
        mark=unreviewed_mark(language) if marked else "",
        figures=tuple(sorted(figures.items())),
        disclosure=publication.disclosure(language) if narrated and book else None,
        author=options.author,
        imprint=", ".join(part for part in (options.publisher, options.year) if part),
        credited=_credited(publication, language),
    )


def _credited(publication: Publication, language: str) -> tuple[str, ...]:
    """The opening credits' lines naming the author and the publisher, in ``language``
    (``credits.source_blocks``: after the title, in that order), without their full stops."""
    opening = publication.editions[language].opening
    options = publication.options
    named = bool(options.author) + bool(options.publisher)
    if opening is None or not named:
        return ()
    return tuple(block.text.rstrip(".") for block in opening.section.blocks[1 : 1 + named])


def _asset(name: str) -> str:
    return resources.files("pipeline.formats._web").joinpath(name).read_text(encoding="utf-8")


@register_format
class Web(Format):
    name = "web"
    summary = "a read-along web edition in web/: a page per language, audio and downloads"
    stage = "audio"
    requires = ("mp3", "transcripts")
    after = ("m4b",)  # offered when made

    def artifacts(self, publication: Publication) -> list[Artifact]:
        folder = publication.out / FOLDER
        artifacts: list[Artifact] = []
        figures: dict[str, str] = {}
        for src, image in figure_images(publication).items():
            relative = f"{FILES}/{FIGURES}/{image.name}"
            figures[src] = quote(relative)
            key = content_key("web-figure", relative, image.digest)
            artifacts.append(Artifact(folder / relative, key, _copy_writer(image.path)))
        pages: list[Page] = []
        for language in publication.languages:
            downloads = []
            for item in _offered(publication, language):
                relative = item.path.relative_to(publication.out).as_posix()
                key = content_key("web-file", relative, item.key)
                writer = _link_writer(item.path)
                artifacts.append(Artifact(folder / FILES / relative, key, writer))
                size = item.path.stat().st_size
                downloads.append(Download(item.kind, f"{FILES}/{relative}", size, item.title))
            pages.append(_page(publication, language, downloads, figures))

        texts = {STYLESHEET: _asset(STYLESHEET), SCRIPT: _asset(SCRIPT)}
        texts.update({page_name(page.language): render_page(page) for page in pages})
        texts["index.html"] = render_index(pages)
        texts["embed.html"] = render_embed(pages, FOLDER)
        for name, content in texts.items():
            key = content_key("web-text", name, content)
            artifacts.append(Artifact(folder / name, key, _text_writer(content)))
        return artifacts

    def leftovers(self, publication: Publication, current: set[Path]) -> list[Path]:
        # The folder is this format's own: anything it did not write this time is stale
        # (a renamed chapter's file, the M4B of a build that made one). Hidden files are the
        # runner's temporaries.
        folder = publication.out / FOLDER
        if not folder.is_dir():
            return []
        return [
            path
            for path in folder.rglob("*")
            if path.is_file() and path not in current and not path.name.startswith(".")
        ]
