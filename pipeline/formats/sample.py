"""A retail sample per language: the book's first minutes after the opening credits.

Distributors (ACX, the stores) ask for one to five minutes a listener can hear before buying.
The sample starts where the report itself starts and ends at a sentence end between the
shortest and the longest length asked for. It is the book's own section files, frame for
frame, the last one cut in the pause after that sentence, and the profile's room tone after
it: nothing is decoded or encoded again, and its figures are composed from the whole
sections' (measured as they were written) and the cut end's. Such an excerpt is usually
within the profile's window on its own; where it is not, the excerpt is decoded, faded out
over the pause, brought to the level and encoded like any published file, and measured
whole.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pipeline import atomic
from pipeline.audio import compliance, composition, profiles
from pipeline.audio.compliance import measure_joinable
from pipeline.audio.ffmpeg import run_ffmpeg
from pipeline.audio.profiles import OutputProfile
from pipeline.audio.stitch import encode_mp3, encode_room_tone, join_mp3s, join_mp3s_until
from pipeline.audio.tags import write_tags
from pipeline.publish.format import Artifact, Format, register_format
from pipeline.publish.publication import Publication
from pipeline.store import content_key

# 2: brought to the level on its own; 3: the sections' frames, when they hold the profile
SAMPLE_VERSION = 3
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


@dataclass(frozen=True)
class Span:
    """The section files a sample plays, in order, and where it stops in the last one."""

    files: list[Path]
    stop: float  # seconds into the last file
    first: int = 0  # the first file's place among the sections


def section_span(starts: list[float], files: list[Path], cut: Cut) -> Span | None:
    """The sections a cut plays, given where each file starts in the book (seconds); None
    when the cut does not start where a section does (to the millisecond)."""
    first = next((i for i, start in enumerate(starts) if abs(start - cut.start) < 0.001), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(starts) and starts[last + 1] < cut.end:
        last += 1
    # Half the fade's pause: a frame copy stops on a frame, so it stops mid-pause, never
    # in the next sentence's first sound.
    return Span(files[first : last + 1], cut.end - FADE_S / 2 - starts[last], first)


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

        def copy_frames(into: Path) -> bool:
            """The sample as the sections' own frames; False if it misses the profile on its
            own (its report is kept for the gate when it holds it)."""
            chapters = publication.chapters(language)
            span = section_span(
                [c.start_ms / 1000 for c in chapters], publication.section_paths(language), cut
            )
            if span is None:
                return False
            sounds = publication.section_keys(language)[span.first :]
            with tempfile.TemporaryDirectory() as work:
                tone = _room_tone(profile, Path(work))
                end = Path(work) / "end.mp3"
                join_mp3s_until(span.files[-1:], span.stop, end, tone)
                join_mp3s([*span.files[:-1], end], into)
                # The whole sections were measured as they were written (the audio gate
                # starts each one); only the cut end is measured here.
                parts = [
                    composition.part(path, sound, publication.store)
                    for path, sound in zip(span.files[:-1], sounds, strict=False)
                ]
                report = composition.check_joined([*parts, measure_joinable(end)], into, profile)
            if report.passed:
                check_key = compliance.check_key(audio_key, profile)
                publication.store.put_json("audio-checks", check_key, report.to_dict())
            return report.passed

        def write(temp: Path) -> None:
            # An edit after the sample's span changes only its tags (they name the report's
            # digest): the sound made before is kept in the store and tagged again.
            if not stored.is_file():
                with atomic.atomic_path(stored) as made:
                    if not copy_frames(made):
                        encode(made)
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


def _room_tone(profile: OutputProfile, folder: Path) -> Path | None:
    """The room tone a published file ends with, as MP3 frames (None for a profile without)."""
    if not profile.tail_silence_ms:
        return None
    tone = folder / "room-tone.mp3"
    encode_room_tone(profile.tail_silence_ms / 1000, tone, profile)
    return tone


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
