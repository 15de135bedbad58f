"""A retail sample per language: the book's first minutes after the opening credits.

Distributors (ACX, the stores) ask for one to five minutes a listener can hear before buying.
The sample starts where the report itself starts, ends at a sentence end between the
shortest and the longest length asked for, fades out over the pause after that sentence,
and is cut from the finished book; it is brought to the profile's level and given its room
tone like any published file, and measured like one.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline import atomic
from pipeline.audio import profiles
from pipeline.audio.ffmpeg import run_ffmpeg
from pipeline.audio.stitch import encode_mp3
from pipeline.audio.tags import write_tags
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication
from pipeline.store import content_key

SAMPLE_VERSION = 2  # 2: brought to the level on its own
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

        audio_key = sample_audio_key(publication, language, cut)
        stored = publication.store.path("samples", audio_key, ".mp3")

        def encode(into: Path) -> None:
            fade = f"afade=t=out:st={cut.end - cut.start - FADE_S:.3f}:d={FADE_S}"
            with tempfile.TemporaryDirectory() as work:
                excerpt = Path(work) / "sample.wav"
                run_ffmpeg(
                    [
                        "-ss",
                        f"{cut.start:.3f}",
                        "-to",
                        f"{cut.end:.3f}",
                        "-i",
                        str(publication.book_path(language)),
                        "-af",
                        fade,
                        "-ac",
                        "1",
                        str(excerpt),
                    ]
                )
                # An excerpt of a book at the profile's level is within a dB of it; measured
                # on its own, it is brought to the level exactly, as any published file.
                level = profiles.level_filter_for(profile, [excerpt])
                encode_mp3(excerpt, into, level, profile)

        def write(temp: Path) -> None:
            # An edit after the sample's span changes only its tags (they name the report's
            # digest): the sound encoded before is kept in the store and tagged again.
            if not stored.is_file():
                with atomic.atomic_path(stored) as encoded:
                    encode(encoded)
            shutil.copyfile(stored, temp)
            write_tags(str(temp), tags, v2_version=options.id3v2_version)
            publication.finish_audio(temp, sample_path(publication, language), language)

        file_key = publication.book_file_key(language)
        key = content_key("sample", SAMPLE_VERSION, audio_key, tags.identity(), file_key)
        # The two languages' samples cut, measure and encode side by side, one ffmpeg a core.
        return Artifact(
            sample_path(publication, language),
            key,
            write,
            audio=True,
            parallel=True,
            sound_key=audio_key,
        )


def sample_audio_key(publication: Publication, language: str, cut: Cut) -> str:
    """The key of the sample's sound: the book's level and the sections it is cut from (with
    a margin, for an MP3 frame overlapping the cut), where they lie, and the cut."""
    margin_ms = 100
    start_ms, end_ms = round(cut.start * 1000) - margin_ms, round(cut.end * 1000) + margin_ms
    spanned = [
        [key, chapter.start_ms, chapter.end_ms]
        for key, chapter in zip(
            publication.script_keys(language), publication.chapters(language), strict=True
        )
        if chapter.end_ms > start_ms and chapter.start_ms < end_ms
    ]
    return content_key(
        "sample-audio",
        SAMPLE_VERSION,
        publication.level_key(language),
        spanned,
        round(cut.start, 3),
        round(cut.end, 3),
        publication.profile.identity(),
    )
