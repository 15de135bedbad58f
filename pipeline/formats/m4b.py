"""An M4B audiobook (AAC, MP4 chapters, cover) made from each finished MP3 book."""

from __future__ import annotations

from pathlib import Path

from pipeline.audio.m4b import write_m4b
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication


@register_format
class M4b(Format):
    name = "m4b"
    summary = "an M4B audiobook (AAC, chapters, cover) beside each MP3 book"
    requires = ("mp3",)

    def artifacts(self, publication: Publication) -> list[Artifact]:
        return [self._book(publication, language) for language in publication.narrated_languages]

    def _book(self, publication: Publication, language: str) -> Artifact:
        book = publication.book_path(language)

        def write(temp: Path) -> None:
            write_m4b(
                book,
                temp,
                publication.book_tags(language),
                publication.chapters(language),
                publication.cover(language),
            )
            publication.finish_audio(temp, book.with_suffix(".m4b"), language)

        # Same content and disclosure as the MP3 book, so the same key.
        return Artifact(book.with_suffix(".m4b"), publication.book_file_key(language), write)
