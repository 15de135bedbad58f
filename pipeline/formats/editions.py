"""The text editions: ``<doc>.<lang>.md``, unreviewed machine translation marked."""

from __future__ import annotations

from pathlib import Path

from pipeline.editions import UNREVIEWED_MARKERS, render_markdown
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication
from pipeline.store import content_key


def _writer(text: str):
    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    return write


@register_format
class Editions(Format):
    name = "editions"
    summary = "the text of each language as Markdown (always made)"
    stage = "text"
    always = True

    def artifacts(self, publication: Publication) -> list[Artifact]:
        artifacts = []
        for language, edition in publication.editions.items():
            marker = UNREVIEWED_MARKERS[language] if publication.options.mark_unreviewed else ""
            text = render_markdown(edition.document, edition.flagged, marker)
            path = publication.out / f"{publication.name}.{language}.md"
            artifacts.append(Artifact(path, content_key("edition", text), _writer(text)))
        return artifacts
