"""The read-along text: each language's edition, sentence by sentence, with where each
sentence is heard in the book and in its section's file.

Formats that show text beside audio (the web page, EPUB Media Overlays) read this, so they
link the same sentences to the same moments. Times come from the stitched clips (the same
timeline as the WebVTT transcript), never from an aligner: a sentence's anchor
(``s2-b3-n1``) is carried from the narration script through stitching into its cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.model import Block
from pipeline.prepare import script_context
from pipeline.publish.publication import Publication
from pipeline.speech.script import block_parts, sentence_anchor
from pipeline.wav import CLIP_SAMPLE_RATE


@dataclass(frozen=True)
class Timed:
    """Where a sentence is heard, in seconds: in the book, and in its section's file."""

    start: float
    end: float
    section_start: float
    section_end: float


@dataclass(frozen=True)
class ReadAlongSentence:
    anchor: str  # unique in the document; the same place in every language's edition
    text: str  # as the edition shows it (plain text)
    timed: Timed | None  # None where nothing is spoken (not narrated, or no words)


@dataclass(frozen=True)
class ReadAlongBlock:
    block: Block
    sentences: tuple[ReadAlongSentence, ...]
    unreviewed: bool  # unreviewed machine translation: shown with the review mark


@dataclass(frozen=True)
class ReadAlongSection:
    number: int  # from 1
    title: str
    slug: str
    blocks: tuple[ReadAlongBlock, ...]
    start: float = 0.0  # the chapter, in seconds of the book (0 when not narrated)
    end: float = 0.0
    file: Path | None = None  # the section's MP3

    @property
    def sentences(self) -> list[ReadAlongSentence]:
        return [s for block in self.blocks for s in block.sentences]


def read_along(publication: Publication, language: str) -> list[ReadAlongSection]:
    """The edition of ``language`` as sections of timed sentences."""
    edition = publication.editions[language]
    context = script_context(edition.document, publication.options)
    heard: dict[int, int] = {}  # a section's index → its place among the narrated ones
    if edition.narrated:
        first = edition.first_chapter  # the opening credits come before the report
        heard = {index: first + place for place, index in enumerate(edition.spoken)}
    chapters = publication.chapters(language) if heard else []
    files = publication.section_paths(language) if heard else []
    lead_in = publication.profile.head_silence_ms / 1000
    sections = []
    for index, section in enumerate(edition.document.sections):
        number = index + 1
        times: dict[str, Timed] = {}
        start = end = 0.0
        place = heard.get(index)
        if place is not None:
            start, end = chapters[place].start_ms / 1000, chapters[place].end_ms / 1000
            for cue in edition.audio[place].cues:
                first = lead_in + cue.start / CLIP_SAMPLE_RATE
                last = lead_in + cue.end / CLIP_SAMPLE_RATE
                times[cue.anchor] = Timed(start + first, start + last, first, last)
        blocks = []
        for b, block in enumerate(section.blocks, start=1):
            parts = block_parts(block, language, context)
            sentences = []
            for part in parts:
                anchor = sentence_anchor(number, b, part.part)
                sentences.append(ReadAlongSentence(anchor, part.shown, times.get(anchor)))
            blocks.append(ReadAlongBlock(block, tuple(sentences), edition.is_flagged(block)))
        sections.append(
            ReadAlongSection(
                number,
                section.title,
                section.slug,
                tuple(blocks),
                start,
                end,
                files[place] if place is not None else None,
            )
        )
    return sections
