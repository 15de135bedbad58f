"""The MP3 audiobooks: a file per section at the book's level, and the chaptered book.

The book is the section files joined frame for frame, so each chapter mark equals its
section file's duration exactly, and the audio gate composes its figures from theirs (each
section is measured as it is written; an edit measures only the sections it changed). Tags
and chapters are written and read back before the file is renamed into place.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.audio.encodes import encode_section
from pipeline.audio.stitch import join_mp3s
from pipeline.audio.tags import verify_tags, write_tags
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication


@register_format
class Mp3(Format):
    name = "mp3"
    summary = "section MP3s and a chaptered, tagged MP3 book per language (always made)"
    always = True

    def artifacts(self, publication: Publication) -> list[Artifact]:
        artifacts = []
        for language in publication.narrated_languages:
            artifacts += self._sections(publication, language)
        # Books after every section: the languages' section encodes run side by side, then
        # the languages' books.
        for language in publication.narrated_languages:
            artifacts.append(self._book(publication, language))
        return artifacts

    def _sections(self, publication: Publication, language: str) -> list[Artifact]:
        edition = publication.editions[language]
        profile = publication.profile
        version = publication.options.id3v2_version
        # ACX judges every file it is sent; podcast apps get the book.
        measured = profile.name == "acx"

        def writer(i: int, path: Path):
            def write(temp: Path) -> None:
                level = publication.level_filter(language)
                key = publication.script_keys(language)[i]
                encode_section(publication.store, key, edition.audio[i].wav, temp, level, profile)
                write_tags(str(temp), publication.section_tags(language)[i], v2_version=version)
                disclosure = publication.section_disclosures(language)[i]
                publication.finish_audio(temp, path, language, disclosure)

            return write

        return [
            Artifact(path, key, writer(i, path), audio=measured, parallel=True, part=True)
            for i, (path, key) in enumerate(
                zip(
                    publication.section_paths(language),
                    publication.section_keys(language),
                    strict=True,
                )
            )
        ]

    def _book(self, publication: Publication, language: str) -> Artifact:
        version = publication.options.id3v2_version

        def write(temp: Path) -> None:
            tags, chapters = publication.book_tags(language), publication.chapters(language)
            join_mp3s(publication.section_paths(language), temp)
            write_tags(str(temp), tags, chapters, v2_version=version)
            publication.finish_audio(temp, publication.book_path(language), language)
            verify_tags(str(temp), tags, chapters)

        return Artifact(
            publication.book_path(language),
            publication.book_file_key(language),
            write,
            audio=True,
            parallel=True,
            batch="books",
            parts=tuple(publication.section_paths(language)),
        )

    def leftovers(self, publication: Publication, current: set[Path]) -> list[Path]:
        old = []
        for language in publication.narrated_languages:
            folder = publication.out / "sections" / language
            old += [path for path in folder.glob("*.mp3") if path not in current]
        return old
