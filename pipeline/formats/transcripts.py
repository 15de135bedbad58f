"""Transcripts of each book: WebVTT and SRT captions and a WebVTT chapters track."""

from __future__ import annotations

from pathlib import Path

from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication
from pipeline.store import content_key
from pipeline.transcripts import chapters_webvtt, to_srt, to_webvtt, transcript_paths

_RENDERERS = {"vtt": to_webvtt, "srt": to_srt, "chapters": chapters_webvtt}


@register_format
class Transcripts(Format):
    name = "transcripts"
    summary = "WebVTT and SRT captions, one cue per sentence, and a chapters track (always made)"
    requires = ("mp3",)
    always = True

    def artifacts(self, publication: Publication) -> list[Artifact]:
        artifacts = []
        for language in publication.narrated_languages:
            paths = transcript_paths(publication.out, publication.name, language)
            for kind, render in _RENDERERS.items():
                artifacts.append(self._artifact(publication, language, paths[kind], render))
        return artifacts

    def _artifact(self, publication: Publication, language: str, path: Path, render) -> Artifact:
        def write(temp: Path) -> None:
            text = render(publication.timeline(language), publication.duration(language))
            temp.write_text(text, encoding="utf-8")

        # The cues come from the stitched sections, the chapters from the book: both are
        # in the book's key, with the cue texts that the key does not see.
        cues = [
            [(c.start, c.end, c.text) for c in s.cues] for s in publication.editions[language].audio
        ]
        key = content_key("transcript", path.name, publication.book_key(language), cues)
        return Artifact(path, key, write)
