"""The figures of an MP3 joined frame for frame from others, composed from theirs.

A book is its section files joined frame for frame, and a sample is some of them and a cut
piece; decoding and metering the whole again repeats what measuring each part already did.
Composing is exact for the peaks and the power; the gated loudness takes every part's
blocks together, and the duration and room tone follow the parts' frames, so a composed
figure differs from the whole file's measurement only where blocks, windows or the
decoder's padding straddle a join: hundredths of a unit, a frame of time. (The loudness
range, reported and never judged, is taken from every part's momentary loudness in order,
across the joins as the whole file's meter would; it is within a few tenths of ebur128's,
which reports no short-term loudness for a while after speech ends in digital silence.)
Near a limit that difference could decide the verdict, so a file whose composed figures come
within ``MARGINS`` of any limit, or miss one, is decoded and measured whole after all: a
failure is always a measurement.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from pipeline.audio import loudness
from pipeline.audio.compliance import (
    NOISE_BLOCKS,
    AudioFigures,
    ComplianceReport,
    Joinable,
    _db,
    check,
    judge,
    measure_joinable,
)
from pipeline.audio.loudness import SILENT_DB
from pipeline.audio.mp3frames import survey
from pipeline.audio.profiles import OutputProfile
from pipeline.errors import AudioError
from pipeline.store import Store, content_key

PART_VERSION = 1  # bumped when what ``Joinable`` keeps changes

# How far a composed figure may lie from the whole file's measurement (its unit's own): a
# verdict closer to a limit than this is measured.
MARGINS = {
    "integrated": 0.1,
    "true_peak": 0.1,
    "rms": 0.05,
    "sample_peak": 0.05,
    "noise_floor": 0.5,
    "head_silence": 0.05,
    "tail_silence": 0.05,
    "duration": 0.1,
}
_RANGE_GATE = -20.0  # LU: the loudness range's relative gate (EBU Tech 3342)


def short_terms(momentary: np.ndarray) -> np.ndarray:
    """The short-term loudness (3 s) every 100 ms, from the momentary (400 ms) every 100 ms:
    a 3 s window is seven whole 400 ms blocks and half of an eighth, so across a join it is
    taken from both sides as the whole file's meter would take it."""
    powers = 10 ** ((momentary + 0.691) / 10)
    # Seven blocks ending at each step, 4, 8, ... 24 steps before it, and half the block
    # 28 steps before (a block's power is the mean of its four 100 ms steps').
    weights = np.zeros(29)
    weights[0:28:4], weights[28] = 4.0, 2.0
    sums = np.convolve(powers, weights)[: len(powers)]
    terms = -0.691 + 10 * np.log10(np.maximum(sums / 30, 1e-30))
    terms[:29] = SILENT_DB  # as ebur128, none before the first 3 s are heard
    return terms


def loudness_range(momentary: np.ndarray) -> float:
    """EBU Tech 3342: the spread, 10th to 95th percentile, of the short-term loudness over
    the absolute gate and within 20 LU of their mean power."""
    terms = short_terms(momentary)
    loud = terms[terms > -70.0]
    if len(loud) == 0:
        return 0.0
    mean = 10 * math.log10(float(np.mean(10 ** (loud / 10))))
    kept = loud[loud > mean + _RANGE_GATE]
    return float(np.percentile(kept, 95) - np.percentile(kept, 10))


def _room_tone(parts: Sequence[Joinable]) -> float:
    """Seconds of room tone before the first sound of the parts in order."""
    seconds = 0.0
    for part in parts:
        if part.figures.head_silence < part.figures.duration:
            return seconds + part.figures.head_silence
        seconds += part.figures.duration
    return seconds


def compose(parts: Sequence[Joinable], whole: Path) -> AudioFigures | None:
    """The figures of ``whole``, the parts' frames joined in order, from the parts' own; None
    where they cannot be composed (no parts, not MP3s alike, too short for a noise floor)."""
    if not parts or any(p.frames == 0 or not p.quietest for p in parts):
        return None
    first = parts[0].figures
    if any(
        (p.figures.codec, p.figures.sample_rate, p.figures.channels)
        != (first.codec, first.sample_rate, first.channels)
        for p in parts
    ):
        return None
    frames = survey(whole)  # the whole file's frames: cheap, and exact for its bitrate
    per_frame = frames.samples_per_frame / frames.sample_rate
    # The joined file's decoder trims its encoder delay and padding once, where each part
    # trimmed its own: taken as the first part's.
    trimmed = parts[0].frames * per_frame - first.duration
    try:
        levels = loudness.combine([p.blocks for p in parts])  # the power and peaks too
    except AudioError:
        return None  # all silence: measured whole, where every level fails as it should
    quietest = np.sort(np.concatenate([np.array(p.quietest) for p in parts]))
    peaks = [p.figures.true_peak for p in parts]
    return AudioFigures(
        codec=first.codec,
        sample_rate=first.sample_rate,
        channels=first.channels,
        duration=round(frames.frames * per_frame - trimmed, 3),
        bitrate_kbps=round(frames.mean_kbps, 2),
        bitrate_mode="CBR" if frames.constant else "VBR",
        mp3_tag=frames.tag,
        integrated=round(levels.integrated, 1),
        true_peak=max(peaks),
        loudness_range=round(
            loudness_range(np.array([m for p in parts for m in p.momentary], dtype=float)), 1
        ),
        rms=round(levels.rms, 2) if levels.rms is not None else SILENT_DB,
        sample_peak=levels.sample_peak if levels.sample_peak is not None else SILENT_DB,
        noise_floor=round(_db(float(np.mean(quietest[:NOISE_BLOCKS]))), 2),
        head_silence=round(_room_tone(parts), 3),
        tail_silence=round(_room_tone([_reversed(p) for p in reversed(parts)]), 3),
    )


def _reversed(part: Joinable) -> Joinable:
    """The part with its head and tail swapped (the tail is the head of the reversed order)."""
    figures = part.figures
    swapped = replace(figures, head_silence=figures.tail_silence, tail_silence=figures.head_silence)
    return replace(part, figures=swapped)


def near_a_limit(report: ComplianceReport, profile: OutputProfile) -> bool:
    """Whether a composed figure is closer to one of the profile's limits than composing is
    sure to: its verdict could differ from the whole file's measurement."""
    limits = profile.limits
    for figure in report.figures:
        margin, limit = MARGINS.get(figure.name), getattr(limits, figure.name, None)
        if margin is None or limit is None or not isinstance(figure.value, (int, float)):
            continue
        value = float(figure.value)
        if limit.holds(value - margin) != limit.holds(value + margin):
            return True
    return False


def check_joined(
    parts: Sequence[Joinable], whole: Path, profile: OutputProfile
) -> ComplianceReport:
    """The report of ``whole``, the parts joined frame for frame: composed from the parts'
    figures where that is sure of the verdict, else measured from the whole file."""
    figures = compose(parts, whole)
    if figures is not None:
        report = judge(figures, profile, str(whole), basis=f"composed from {len(parts)} parts")
        if report.passed and not near_a_limit(report, profile):
            return report
    return check(whole, profile)


_locks: dict[tuple[Path, str], threading.Lock] = {}
_locks_guard = threading.Lock()


def part(path: Path, sound: str, store: Store) -> Joinable:
    """A part's measurement, from the store or measured now and kept under its ``sound`` (a
    key of the file's audio). Measured once however many threads ask at the same time: the
    audio gate starts it as the file is written, a sample waits for it."""
    key = content_key("audio-part", PART_VERSION, sound)
    with _locks_guard:
        lock = _locks.setdefault((store.root, key), threading.Lock())
    with lock:
        found = store.get_json("audio-parts", key)
        if found is not None:
            try:
                return Joinable.from_dict(found)
            except (KeyError, TypeError, ValueError):
                pass  # kept in another shape (a damaged file): measured again
        measured = measure_joinable(path)
        store.put_json("audio-parts", key, measured.to_dict())
        return measured
