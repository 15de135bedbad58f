"""A retail sample per language: the book's first minutes after the opening credits.

Distributors (ACX, the stores) ask for one to five minutes a listener can hear before buying.
The sample starts where the report itself starts, ends at a sentence end between the
shortest and the longest length asked for, fades out over the pause after that sentence,
and is cut from the finished book, so it is at the book's level; the profile's room tone
is put around it like any published file, and it is measured like any published file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.audio.ffmpeg import run_ffmpeg
from pipeline.audio.profiles import room_tone_filter
from pipeline.audio.tags import write_tags
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication
from pipeline.store import content_key

SAMPLE_VERSION = 1
FADE_S = 0.35  # the fade runs over the pause after the last sentence, not over its words


@dataclass(frozen=True)
class Cut:
    start: float  # seconds into the book
    end: float


def sample_cut(sentence_ends: list[float], start: float, shortest: float, longest: float) -> Cut:
    """Where the sample starts and ends: at ``start``, and just after the last sentence that
    ends between ``shortest`` and ``longest`` seconds later (the last sentence that ends
    before ``longest`` if none is that long; the first after ``longest`` if none ends
    before it)."""
    after = [end - start for end in sentence_ends if end > start]
    fits = [length for length in after if shortest <= length <= longest]
    shorter = [length for length in after if length < shortest]
    if fits:
        length = fits[-1]
    elif any(length > longest for length in after) and not shorter:
        length = min(after)
    else:
        length = (shorter or after or [longest])[-1]
    return Cut(start, start + length + FADE_S)


def sample_path(publication: Publication, language: str) -> Path:
    return publication.out / f"{publication.name}.{language}.sample.mp3"


@register_format
class Sample(Format):
    name = "sample"
    summary = "a retail sample per language: the first minutes after the opening credits"
    requires = ("mp3",)

    def artifacts(self, publication: Publication) -> list[Artifact]:
        return [self._sample(publication, lang) for lang in publication.narrated_languages]

    def _sample(self, publication: Publication, language: str) -> Artifact:
        options = publication.options
        ends = [
            section.audio_start + cue.end
            for section in publication.timeline(language)
            for cue in section.cues
        ]
        cut = sample_cut(
            ends,
            publication.body_start(language),
            options.sample_seconds[0],
            options.sample_seconds[1],
        )
        profile = publication.profile
        tags = publication.sample_tags(language)

        def write(temp: Path) -> None:
            fade = f"afade=t=out:st={cut.end - cut.start - FADE_S:.3f}:d={FADE_S}"
            chain = ",".join(f for f in (fade, room_tone_filter(profile)) if f)
            run_ffmpeg(
                [
                    "-ss",
                    f"{cut.start:.3f}",
                    "-to",
                    f"{cut.end:.3f}",
                    "-i",
                    str(publication.book_path(language)),
                    "-af",
                    chain,
                    *profile.encoder_options(),
                    "-map_metadata",
                    "-1",
                    "-f",
                    "mp3",
                    str(temp),
                ]
            )
            write_tags(str(temp), tags, v2_version=options.id3v2_version)

        key = content_key(
            "sample",
            SAMPLE_VERSION,
            publication.book_key(language),
            round(cut.start, 3),
            round(cut.end, 3),
            tags.identity(),
        )
        return Artifact(sample_path(publication, language), key, write, audio=True)
