"""A podcast feed per language: ``feed.<lang>.xml``, the book as one episode.

Beside it go the artwork (``<doc>.<lang>.cover.jpg``, the cover the MP3s carry) and the
chapters (``<doc>.<lang>.chapters.json``, Podcasting 2.0 JSON chapters); the transcript is
the WebVTT the transcripts format wrote. Every link is absolute, from ``[publish] base_url``
or ``--base-url``; without one the feed is skipped (and said so), nothing else is.
"""

from __future__ import annotations

import hashlib
import uuid
from importlib.metadata import version
from pathlib import Path
from urllib.parse import quote, urlsplit

from pipeline.audio.tags import image_mime
from pipeline.errors import ConfigError
from pipeline.formats.epub_dates import first_built
from pipeline.formats.feed_check import check_feed
from pipeline.formats.feed_render import Episode, chapters_json, feed_xml
from pipeline.model import BlockKind
from pipeline.parsing import inline_plain_text
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication
from pipeline.store import content_key
from pipeline.transcripts import transcript_paths

# Bump when what the writer makes from the same content changes (2: the disclosure).
FEED_VERSION = 2
# Apple Podcasts cuts descriptions at 4000 bytes.
MAX_DESCRIPTION = 3900
NEEDS_BASE_URL = (
    "a podcast feed needs absolute links: set [publish] base_url in pipeline.toml or pass "
    "--base-url (where output/ is served); the feed is not made this build"
)
# Podcast apps list a show under its author (Apple requires itunes:author).
NEEDS_AUTHOR = (
    "the podcast feed needs an author or a publisher: set [book] author or publisher in "
    "pipeline.toml (or --author, --publisher); the other formats are made"
)


def checked_base_url(value: str) -> str:
    """``value`` without a trailing slash; ConfigError unless it is an absolute http(s) URL."""
    base = value.strip()
    parts = urlsplit(base)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"base URL {base!r} is not an absolute http(s) URL ([publish] base_url or --base-url)"
        )
    return base.rstrip("/")


def base_url(publication: Publication) -> str:
    """The URL output/ is served at, without a trailing slash (ConfigError if not absolute)."""
    return checked_base_url(publication.options.base_url or "")


def feed_path(publication: Publication, language: str) -> Path:
    return publication.out / f"feed.{language}.xml"


def cover_path(publication: Publication, language: str) -> Path:
    suffix = "png" if image_mime(publication.cover(language)) == "image/png" else "jpg"
    return publication.out / f"{publication.name}.{language}.cover.{suffix}"


def chapters_path(publication: Publication, language: str) -> Path:
    return publication.out / f"{publication.name}.{language}.chapters.json"


def description(publication: Publication, language: str, room: int = 0) -> str:
    """The show's description: the report's first paragraph (its title if it has none),
    cut to leave ``room`` characters for what follows it."""
    document = publication.editions[language].document
    limit = MAX_DESCRIPTION - room
    for block in document.blocks:
        if block.kind is BlockKind.PARAGRAPH:
            text = inline_plain_text(block.text).strip()
            if text:
                return text if len(text) <= limit else text[:limit] + "…"
    return document.title


def episode_notes(publication: Publication, language: str, disclosure: str) -> str:
    """The episode's description: the show's, then the disclosure line (kept whole; the
    show's text is cut to make room), so an app that shows only episode notes tells the
    listener the voice is synthetic."""
    return f"{description(publication, language, room=len(disclosure) + 2)}\n\n{disclosure}"


def episode_guid(book_key: str) -> str:
    """The episode's GUID: the same while the book's audio is the same, new when it changes."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pipeline:book:{book_key}')}"


def _writer(data: bytes):  # type: ignore[no-untyped-def]
    def write(temp: Path) -> None:
        temp.write_bytes(data)

    return write


@register_format
class Feed(Format):
    name = "feed"
    summary = "a podcast feed per language (RSS, iTunes and Podcasting 2.0 tags; needs a base URL)"
    stage = "audio"
    requires = ("mp3", "transcripts")

    def skipped(self, publication: Publication) -> str | None:
        if not publication.options.base_url:
            return NEEDS_BASE_URL
        if not (publication.options.author or publication.options.publisher):
            return NEEDS_AUTHOR
        return None

    def artifacts(self, publication: Publication) -> list[Artifact]:
        base = base_url(publication)
        artifacts = []
        for language in publication.narrated_languages:
            artifacts += self._language(publication, language, base)
        return artifacts

    def leftovers(self, publication: Publication, current: set[Path]) -> list[Path]:
        # Artwork of an earlier build in the other image type.
        return [
            path
            for language in publication.narrated_languages
            for path in publication.out.glob(f"{publication.name}.{language}.cover.*")
            if path not in current
        ]

    def _language(self, publication: Publication, language: str, base: str) -> list[Artifact]:
        name, folder = publication.name, f"{base}/{quote(publication.name)}"
        title = publication.editions[language].document.title
        tags = publication.book_tags(language)
        book_key = publication.book_key(language)
        cover = publication.cover(language)
        cover_digest = hashlib.sha256(cover).hexdigest()
        paths = {
            "feed": feed_path(publication, language),
            "cover": cover_path(publication, language),
            "chapters": chapters_path(publication, language),
            "book": publication.book_path(language),
            "transcript": transcript_paths(publication.out, name, language)["vtt"],
        }
        url = {kind: f"{folder}/{quote(path.name)}" for kind, path in paths.items()}
        about = description(publication, language)
        disclosure = publication.disclosure(language)
        line = disclosure.comment_line()
        notes = episode_notes(publication, language, line)
        feed_key = content_key(
            "feed",
            FEED_VERSION,
            version("feedgen"),
            name,
            language,
            book_key,
            url,
            about,
            tags.artist,
            tags.publisher,
            cover_digest,
            disclosure.identity(),
        )

        def write_chapters(temp: Path) -> None:
            text = chapters_json(
                title, tags.artist or tags.publisher, publication.chapters(language)
            )
            temp.write_text(text, encoding="utf-8")

        def write_feed(temp: Path) -> None:
            episode = Episode(
                feed_url=url["feed"],
                site_url=f"{folder}/",
                title=title,
                description=about,
                notes=notes,
                language=language,
                author=tags.artist or tags.publisher,
                owner=tags.publisher or tags.artist,
                image_url=url["cover"],
                guid=episode_guid(book_key),
                published=first_built(publication.store, content_key("episode", book_key)),
                audio_url=url["book"],
                audio_bytes=paths["book"].stat().st_size,
                duration_s=round(publication.duration(language)),
                chapters_url=url["chapters"],
                transcript_url=url["transcript"],
                disclosure=line,
            )
            data = feed_xml(episode)
            check_feed(data, episode, paths["feed"])
            temp.write_bytes(data)

        return [
            Artifact(paths["cover"], content_key("feed-cover", cover_digest), _writer(cover)),
            Artifact(
                paths["chapters"],
                content_key("feed-chapters", FEED_VERSION, book_key, title, tags.artist),
                write_chapters,
            ),
            Artifact(paths["feed"], feed_key, write_feed),
        ]
