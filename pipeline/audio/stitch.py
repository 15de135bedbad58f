"""Stitching: clips and pauses into section audio, sections into a book, through ffmpeg.

Section audio is written frame by frame into a WAV (never the whole book in memory); the
book is ffmpeg's concat demuxer over the section WAVs, so its memory stays flat however long
the report. Every position is counted in samples, so chapter marks and transcript cues are
exact rather than estimated.
"""

from __future__ import annotations

import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline import atomic
from pipeline.audio.ffmpeg import concat_input, run_ffmpeg
from pipeline.audio.profiles import PODCAST, OutputProfile, file_filter
from pipeline.speech.script import Pause, Step, Utterance
from pipeline.store import Store
from pipeline.wav import CLIP_SAMPLE_RATE


@dataclass(frozen=True)
class Cue:
    start: int  # in samples at CLIP_SAMPLE_RATE
    end: int
    text: str
    anchor: str = ""  # the sentence of the edition it speaks (Utterance.anchor)


@dataclass(frozen=True)
class SectionAudio:
    wav: Path
    frames: int
    cues: tuple[Cue, ...]

    @property
    def seconds(self) -> float:
        return self.frames / CLIP_SAMPLE_RATE


def _silence_frames(ms: int) -> int:
    return round(ms * CLIP_SAMPLE_RATE / 1000)


# Engines leave a little near-silence at a clip's edges (espeak: tens of ms); trimmed to
# this level, the pauses a listener hears are the configured ones. The margin keeps soft
# onsets and breaths whole.
EDGE_SILENCE = round(32768 * 10 ** (-50 / 20))  # -50 dBFS
EDGE_MARGIN = round(CLIP_SAMPLE_RATE * 0.008)


def _spoken_part(path: Path) -> bytes:
    """The clip's samples without the near-silence at its edges."""
    with wave.open(str(path), "rb") as clip:
        data = clip.readframes(clip.getnframes())
    samples = np.frombuffer(data, dtype="<i2")
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > EDGE_SILENCE)
    if len(loud) == 0:
        return data
    start = max(0, int(loud[0]) - EDGE_MARGIN)
    end = min(len(samples), int(loud[-1]) + 1 + EDGE_MARGIN)
    return samples[start:end].tobytes()


def write_section_wav(steps: list[Step], store: Store, target: Path) -> SectionAudio:
    """Write the section's clips and pauses into one WAV; return where each sentence falls."""
    cues: list[Cue] = []
    position = 0
    with atomic.atomic_path(target) as temp, wave.open(str(temp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(CLIP_SAMPLE_RATE)
        for step in steps:
            if isinstance(step, Pause):
                frames = _silence_frames(step.ms)
                out.writeframes(b"\x00\x00" * frames)
            else:
                spoken = _spoken_part(store.path("clips", step.key, ".wav"))
                frames = len(spoken) // 2
                out.writeframes(spoken)
                _add_cue(cues, step, position, position + frames)
            position += frames
    return SectionAudio(target, position, tuple(cues))


def _add_cue(cues: list[Cue], step: Utterance, start: int, end: int) -> None:
    # The clauses of one long sentence make one cue.
    last = cues[-1] if cues else None
    if last and (last.anchor, last.text) == (step.anchor, step.sentence) and last.end <= start:
        cues[-1] = Cue(last.start, end, last.text, last.anchor)
    else:
        cues.append(Cue(start, end, step.sentence, step.anchor))


def section_audio_from_store(steps: list[Step], store: Store, key: str) -> SectionAudio:
    """The section WAV for a script: from the store if made before, else made now."""
    target = store.path("sections", key, ".wav")
    if store.has_wav("sections", key):
        return _measure(steps, store, target)
    return write_section_wav(steps, store, target)


def _measure(steps: list[Step], store: Store, wav: Path) -> SectionAudio:
    cues: list[Cue] = []
    position = 0
    for step in steps:
        if isinstance(step, Pause):
            frames = _silence_frames(step.ms)
        else:
            frames = len(_spoken_part(store.path("clips", step.key, ".wav"))) // 2
            _add_cue(cues, step, position, position + frames)
        position += frames
    return SectionAudio(wav, position, tuple(cues))


# A section file's container: ID3v2.3 (what most players read) and a Xing frame (its length).
MP3_CONTAINER_OPTIONS = ("-id3v2_version", "3", "-write_xing", "1", "-f", "mp3")


def _mp3_options(audio_filter: str | None, profile: OutputProfile) -> list[str]:
    whole_filter = file_filter(profile, audio_filter)
    filters = ["-af", whole_filter] if whole_filter else []
    return [*filters, *profile.encoder_options(), *MP3_CONTAINER_OPTIONS]


def encode_mp3(
    wav: Path, target: Path, audio_filter: str | None = None, profile: OutputProfile = PODCAST
) -> None:
    """Encode one WAV to MP3 as the profile says (with its room tone), atomically."""
    with atomic.atomic_path(target, "encode") as temp:
        run_ffmpeg(["-i", str(wav), *_mp3_options(audio_filter, profile), str(temp)])


def join_mp3s(parts: list[Path], target: Path) -> None:
    """Join MP3 files frame for frame (no re-encoding).

    Each part keeps its exact length in the whole, so a chapter that starts where the
    previous parts' durations add up starts exactly where its section's audio does.
    """
    with concat_input(parts) as inputs:
        run_ffmpeg(
            [
                *inputs,
                "-map_metadata",
                "-1",
                "-c",
                "copy",
                "-id3v2_version",
                "3",
                "-write_xing",
                "1",
                "-f",
                "mp3",
                str(target),
            ]
        )


def join_mp3s_until(parts: list[Path], stop: float, target: Path, tail: Path | None = None) -> None:
    """Join MP3 files frame for frame as ``join_mp3s`` does, the last one only up to ``stop``
    seconds into it (to the frame: 26 ms at 44.1 kHz), then ``tail`` whole, if given."""
    with tempfile.TemporaryDirectory(prefix="pipeline-cut-") as work:
        last = Path(work) / "last.mp3"
        run_ffmpeg(
            [
                "-i",
                str(parts[-1]),
                "-map",
                "0:a",
                "-t",
                f"{stop:.3f}",
                "-map_metadata",
                "-1",
                "-c",
                "copy",
                "-write_xing",
                "1",
                "-f",
                "mp3",
                str(last),
            ]
        )
        join_mp3s([*parts[:-1], last, *([tail] if tail else [])], target)


def encode_room_tone(seconds: float, target: Path, profile: OutputProfile) -> None:
    """``seconds`` of the profile's room tone (digital silence, as ``room_tone_filter`` adds)
    encoded as the profile says, to be joined frame for frame after other files."""
    layout = "mono" if profile.channels == 1 else "stereo"
    run_ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            f"anullsrc=r={profile.sample_rate}:cl={layout}",
            "-t",
            f"{seconds:.3f}",
            *profile.encoder_options(),
            "-write_xing",
            "1",
            "-f",
            "mp3",
            str(target),
        ]
    )
