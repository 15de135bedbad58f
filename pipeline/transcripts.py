"""Transcripts: WebVTT and SRT captions, one cue per sentence, and a WebVTT chapters track.

Cue times come from stitching, where every sentence's place is counted in samples, so they
are exact rather than estimated. In the book, a section's first sample lies at its chapter's
start plus the profile's head room tone, and not a further encoder delay (ffprobe's
``start_time``, about 25 ms a file): each section file begins with that delay, but the
player skips the first file's delay only, which moves the book's clock back by one delay, so
every later section's own delay brings its first sample exactly to its chapter's start
(measured on decoded books in tests/test_transcripts.py). ``timeline_offset`` is there for a
player whose clock counts from the first packet instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import atomic
from pipeline.audio.stitch import SectionAudio
from pipeline.audio.tags import Chapter
from pipeline.wav import CLIP_SAMPLE_RATE


@dataclass(frozen=True)
class TimedText:
    start: float  # seconds
    end: float
    text: str


@dataclass(frozen=True)
class TranscriptSection:
    """A chapter of the book: where it lies, and its sentences timed within its audio."""

    title: str
    start: float  # where the chapter starts in the book, seconds
    end: float  # where it ends
    cues: tuple[TimedText, ...]  # relative to the section's first sample
    lead_in: float = 0.0  # from the chapter's start to the section's first sample

    @property
    def audio_start(self) -> float:
        return self.start + self.lead_in


@dataclass(frozen=True)
class _Cue:
    start_ms: int
    end_ms: int
    text: str
    section: int


def transcript_sections(
    titles: Sequence[str],
    chapters: Sequence[Chapter],
    audio: Sequence[SectionAudio],
    lead_in: float = 0.0,
) -> list[TranscriptSection]:
    """Sections from stitching's sample-exact cues and the book's chapters.

    ``lead_in`` is the room tone the output profile puts before each section's audio
    (``profile.head_silence_ms / 1000``).
    """
    return [
        TranscriptSection(
            title,
            chapter.start_ms / 1000,
            chapter.end_ms / 1000,
            tuple(
                TimedText(c.start / CLIP_SAMPLE_RATE, c.end / CLIP_SAMPLE_RATE, c.text)
                for c in section.cues
            ),
            lead_in,
        )
        for title, chapter, section in zip(titles, chapters, audio, strict=True)
    ]


def _one_line(text: str) -> str:
    # A blank line ends a cue, so a cue's text is kept on one line.
    return " ".join(text.split())


def _absolute(
    sections: Sequence[TranscriptSection], duration: float | None, timeline_offset: float
) -> list[_Cue]:
    """Every cue in book milliseconds: in order, never overlapping, inside the book."""
    limit = None if duration is None else round((duration + timeline_offset) * 1000)
    cues: list[_Cue] = []
    for index, section in enumerate(sections):
        base = section.audio_start + timeline_offset
        for cue in section.cues:
            text = _one_line(cue.text)
            if not text:
                continue
            previous_end = cues[-1].end_ms if cues else 0
            start = max(round((base + cue.start) * 1000), previous_end)
            end = max(round((base + cue.end) * 1000), start + 1)
            if limit is not None:
                if start >= limit:
                    continue
                end = min(end, limit)
            cues.append(_Cue(start, end, text, index))
    return cues


def _timestamp(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def _vtt_time(ms: int) -> str:
    return _timestamp(ms, ".")


def _vtt_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _note(text: str) -> str:
    # A comment ends at a blank line and may not hold "-->".
    return "NOTE " + _one_line(text).replace("-->", "->")


def to_webvtt(
    sections: Sequence[TranscriptSection],
    duration: float | None = None,
    timeline_offset: float = 0.0,
    notes: bool = True,
) -> str:
    """A WebVTT captions file: one cue per sentence, a NOTE naming each chapter before it."""
    blocks = ["WEBVTT"]
    noted = -1
    for cue in _absolute(sections, duration, timeline_offset):
        if notes and cue.section != noted:
            blocks.append(_note(f"Chapter {cue.section + 1}: {sections[cue.section].title}"))
            noted = cue.section
        blocks.append(
            f"{_vtt_time(cue.start_ms)} --> {_vtt_time(cue.end_ms)}\n{_vtt_text(cue.text)}"
        )
    return "\n\n".join(blocks) + "\n"


def chapters_webvtt(
    sections: Sequence[TranscriptSection],
    duration: float | None = None,
    timeline_offset: float = 0.0,
) -> str:
    """A WebVTT chapters track (``<track kind="chapters">``): one cue per chapter, its title."""
    blocks = ["WEBVTT"]
    previous_end = 0
    limit = None if duration is None else round((duration + timeline_offset) * 1000)
    for index, section in enumerate(sections, start=1):
        start = max(round((section.start + timeline_offset) * 1000), previous_end)
        end = max(round((section.end + timeline_offset) * 1000), start + 1)
        if limit is not None:
            if start >= limit:
                break
            end = min(end, limit)
        title = _vtt_text(_one_line(section.title)) or f"Chapter {index}"
        blocks.append(f"chapter-{index}\n{_vtt_time(start)} --> {_vtt_time(end)}\n{title}")
        previous_end = end
    return "\n\n".join(blocks) + "\n"


def to_srt(
    sections: Sequence[TranscriptSection],
    duration: float | None = None,
    timeline_offset: float = 0.0,
) -> str:
    """SubRip captions: numbered cues, one per sentence."""
    blocks = []
    for number, cue in enumerate(_absolute(sections, duration, timeline_offset), start=1):
        start, end = _timestamp(cue.start_ms, ","), _timestamp(cue.end_ms, ",")
        # SRT has no escapes; an arrow in the text would read as a timing line.
        blocks.append(f"{number}\n{start} --> {end}\n{cue.text.replace('-->', '->')}")
    return "\n\n".join(blocks) + "\n" if blocks else ""


def transcript_paths(out_dir: Path, name: str, language: str) -> dict[str, Path]:
    """Where a book's transcripts go: ``<doc>.<lang>.vtt``, ``.srt`` and ``.chapters.vtt``."""
    stem = f"{name}.{language}"
    return {
        "vtt": out_dir / f"{stem}.vtt",
        "srt": out_dir / f"{stem}.srt",
        "chapters": out_dir / f"{stem}.chapters.vtt",
    }


def write_transcripts(
    out_dir: Path,
    name: str,
    language: str,
    sections: Sequence[TranscriptSection],
    duration: float | None = None,
) -> dict[str, Path]:
    """Write the captions (WebVTT, SRT) and the chapters track, atomically; return the paths."""
    paths = transcript_paths(out_dir, name, language)
    atomic.write_text(paths["vtt"], to_webvtt(sections, duration))
    atomic.write_text(paths["srt"], to_srt(sections, duration))
    atomic.write_text(paths["chapters"], chapters_webvtt(sections, duration))
    return paths
