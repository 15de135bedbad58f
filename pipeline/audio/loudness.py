"""Loudness: measure the book (EBU R128), then one gain for the book and its sections.

A single measured gain, applied linearly to the book and to every section file, is what
two-pass ``loudnorm`` in linear mode amounts to, without its 192 kHz resampling (five times
slower here). Where the gain would push the true peak past the limit, a limiter catches the
few peaks above it.

A book is measured section by section: each section's EBU R128 gating blocks (the loudness of
every 400 ms block, one every 100 ms) are kept with its peaks and power, and the book's
integrated loudness is gated over all its sections' blocks together (``combine``), so an edit
measures only the section it changed.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.audio.ffmpeg import concat_input, run_ffmpeg
from pipeline.errors import AudioError


@dataclass(frozen=True)
class LoudnessProfile:
    name: str
    integrated: float  # LUFS
    true_peak: float  # dBTP


# Our books are mono speech: the podcast target for mono is -19 LUFS (-16 is for stereo).
PODCAST_MONO = LoudnessProfile("podcast", integrated=-19.0, true_peak=-1.0)


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS
    # dBTP; None where it was not measured (through a limiter, which holds the peaks).
    true_peak: float | None
    # LU; None where it was not measured (a book combined from its sections' blocks).
    loudness_range: float | None
    # Unweighted levels, as ACX measures them (dBFS); None where they were not measured.
    rms: float | None = None
    sample_peak: float | None = None


_SUMMARY = re.compile(
    r"Summary:.*?I:\s*(?P<i>-?[\d.]+|-inf) LUFS.*?LRA:\s*(?P<lra>-?[\d.]+) LU"
    r".*?True peak:\s*Peak:\s*(?P<tp>-?[\d.]+|-inf) dBFS",
    re.S,
)
# astats prints its whole-stream figures last, after a line that says "Overall".
_OVERALL = re.compile(
    r"Overall.*?Peak level dB:\s*(?P<peak>-?[\d.]+|-inf).*?RMS level dB:\s*(?P<rms>-?[\d.]+|-inf)",
    re.S,
)
SILENT_DB = -120.0  # what we report for digital silence, where a decibel figure has no floor


def _decibels(text: str) -> float:
    return SILENT_DB if text == "-inf" else max(SILENT_DB, float(text))


def measure(files: list[Path], audio_filter: str | None = None) -> Loudness:
    """EBU R128 loudness, true peak and range, and RMS and sample peak, of the files end to end.

    With ``audio_filter``, what is measured is the audio after that filter.
    """
    # framelog=verbose keeps ebur128's line per 100 ms out of stderr: a long book's would be
    # megabytes of text held in memory only to be searched for the summary.
    meters = "ebur128=peak=true:framelog=verbose,astats=measure_perchannel=none"
    with concat_input(files) as inputs:
        report = run_ffmpeg(
            [
                "-nostats",
                *inputs,
                "-af",
                f"{audio_filter},{meters}" if audio_filter else meters,
                "-f",
                "null",
                "-",
            ]
        )
    # ffmpeg prints a summary per filter instance; the last one covers the whole stream.
    summaries = list(_SUMMARY.finditer(report))
    if not summaries:
        raise AudioError("ffmpeg ebur128 gave no loudness summary")
    found = summaries[-1]
    if found["i"] == "-inf":
        raise AudioError("the audio is silent: nothing to normalise")
    levels = list(_OVERALL.finditer(report))
    rms = _decibels(levels[-1]["rms"]) if levels else None
    sample_peak = _decibels(levels[-1]["peak"]) if levels else None
    return Loudness(
        float(found["i"]), _decibels(found["tp"]), float(found["lra"]), rms, sample_peak
    )


def gain_filter(measured: Loudness, profile: LoudnessProfile) -> str:
    """The ffmpeg filter that brings ``measured`` to the profile's loudness and peak limit."""
    gain = profile.integrated - measured.integrated
    filters = [f"volume={gain:.2f}dB"]
    if measured.true_peak is None or measured.true_peak + gain > profile.true_peak - 0.5:
        # alimiter works on sample peaks; half a dB of margin covers the inter-sample ones.
        ceiling = 10 ** ((profile.true_peak - 0.5) / 20)
        filters.append(f"alimiter=limit={ceiling:.4f}:level=disabled:attack=2:release=50")
    return ",".join(filters)


# -- per-section measurements, combined into the book's ---------------------------------

# Bumped when what ``measure_blocks`` records changes: part of the key it is stored under.
BLOCKS_VERSION = 1
_ABSOLUTE_GATE = -70.0  # LUFS: blocks quieter than this are silence (EBU R128)
_RELATIVE_GATE = -10.0  # LU under the loudness of the blocks over the absolute gate


@dataclass(frozen=True)
class SectionBlocks:
    """One stretch of audio's loudness as stored: enough to combine with its neighbours'.

    ``blocks`` is the loudness (LUFS, K-weighted) of every 400 ms gating block, one every
    100 ms, as ffmpeg's ebur128 meters them; the peaks are the stretch's highest, and
    ``mean_square`` with ``samples`` gives its unweighted power (ACX's RMS). The true peak
    (four times oversampled, the slow part of metering) is None where it was not metered.
    """

    blocks: tuple[float, ...]
    true_peak: float | None  # dBTP
    sample_peak: float  # dBFS
    mean_square: float  # of the samples, full scale = 1
    samples: int

    def to_json(self) -> dict:
        return {
            "blocks": list(self.blocks),
            "true_peak": self.true_peak,
            "sample_peak": self.sample_peak,
            "mean_square": self.mean_square,
            "samples": self.samples,
        }

    @classmethod
    def from_json(cls, data: dict) -> SectionBlocks:
        return cls(
            tuple(data["blocks"]),
            data["true_peak"],
            data["sample_peak"],
            data["mean_square"],
            data["samples"],
        )

    def with_gain(self, gain_db: float) -> SectionBlocks:
        """The same audio made ``gain_db`` louder (a linear gain moves every figure alike)."""
        return SectionBlocks(
            tuple(b + gain_db for b in self.blocks),
            None if self.true_peak is None else self.true_peak + gain_db,
            self.sample_peak + gain_db,
            self.mean_square * 10 ** (gain_db / 10),
            self.samples,
        )


_METADATA = re.compile(r"^lavfi\.r128\.(M|true_peak|sample_peak)=(\S+)$", re.M)
_SAMPLES = re.compile(r"Overall.*?Number of samples:\s*(\d+)", re.S)


@dataclass(frozen=True)
class Metered:
    """One file metered block by block: its blocks, peaks and power, the momentary loudness
    of every 400 ms block in order, silent ones too (one every 100 ms: where the short-term
    loudness of a file joined from others is taken from), and ebur128's own summary."""

    blocks: SectionBlocks
    momentary: tuple[float, ...]
    summary: Loudness


def measure_blocks(
    path: Path, audio_filter: str | None = None, true_peak: bool = True
) -> SectionBlocks:
    """Meter one file (through ``audio_filter`` if given): its gating blocks, peaks and power;
    the true peak only if asked."""
    return meter(path, audio_filter, true_peak).blocks


def meter_chain(printed_to: str, true_peak: bool = True) -> str:
    """The filters that meter what flows through them: ebur128 (every block's loudness
    printed to the file ``printed_to``; the true peak only if asked) and astats."""
    # framelog=verbose keeps ebur128's line per 100 ms out of stderr (see ``measure``).
    return (
        f"ebur128=peak={'true' if true_peak else 'sample'}:metadata=1:framelog=verbose,"
        f"ametadata=mode=print:file={printed_to},astats=measure_perchannel=none"
    )


def meter(path: Path, audio_filter: str | None = None, true_peak: bool = True) -> Metered:
    """Meter one file (through ``audio_filter`` if given) block by block, and as a whole."""
    with printed_blocks() as name:
        meters = meter_chain(name, true_peak)
        report = run_ffmpeg(
            [
                "-nostats",
                "-i",
                str(path),
                "-af",
                f"{audio_filter},{meters}" if audio_filter else meters,
                "-f",
                "null",
                "-",
            ]
        )
        return read_meters(report, Path(name).read_text(encoding="utf-8"), path, true_peak)


@contextlib.contextmanager
def printed_blocks() -> Iterator[str]:
    """A temp file for ``meter_chain`` to print blocks into, removed after."""
    fd, name = tempfile.mkstemp(prefix="pipeline-r128-", suffix=".txt")
    os.close(fd)
    try:
        yield name
    finally:
        os.unlink(name)


def read_meters(report: str, printed: str, path: Path, true_peak: bool = True) -> Metered:
    """What ``meter_chain`` measured: ``report`` is ffmpeg's stderr, ``printed`` the blocks
    file."""
    blocks, momentary, peak = [], [], 0.0
    for found in _METADATA.finditer(printed):
        value = float(found[2])
        if found[1] != "M":
            peak = max(peak, value)
            continue
        # ebur128 prints nan for a block of digital silence.
        momentary.append(SILENT_DB if math.isnan(value) else round(max(value, SILENT_DB), 3))
        if value > _ABSOLUTE_GATE:
            # Blocks under the absolute gate count for nothing (pauses, and the first 300 ms
            # before a whole block has been heard): not kept.
            blocks.append(round(value, 3))
    levels = list(_OVERALL.finditer(report))
    samples = _SAMPLES.search(report)
    if not levels or samples is None:
        raise AudioError(f"ffmpeg astats gave no levels for {path}")
    rms = _decibels(levels[-1]["rms"])
    sample_peak = _decibels(levels[-1]["peak"])
    summaries = list(_SUMMARY.finditer(report))
    whole = summaries[-1] if summaries else None
    return Metered(
        SectionBlocks(
            tuple(blocks),
            _level_db(peak * peak) if true_peak else None,
            sample_peak,
            0.0 if rms <= SILENT_DB else 10 ** (rms / 10),
            int(samples[1]),
        ),
        tuple(momentary),
        Loudness(
            float(whole["i"]) if whole and whole["i"] != "-inf" else SILENT_DB,
            _decibels(whole["tp"]) if whole else None,
            float(whole["lra"]) if whole else 0.0,
            rms,
            sample_peak,
        ),
    )


def _level_db(power: float) -> float:
    return SILENT_DB if power <= 0 else max(SILENT_DB, 10 * math.log10(power))


def _gated_loudness(blocks: np.ndarray) -> float | None:
    """EBU R128 integrated loudness (LUFS) of gating blocks' loudness; None if all are silence."""
    loud = blocks[blocks > _ABSOLUTE_GATE]
    if len(loud) == 0:
        return None
    # A block's loudness is -0.691 + 10 log10(its K-weighted power).
    powers = 10 ** ((loud + 0.691) / 10)
    threshold = -0.691 + 10 * math.log10(float(powers.mean())) + _RELATIVE_GATE
    return -0.691 + 10 * math.log10(float(powers[loud > threshold].mean()))


def combine(sections: Sequence[SectionBlocks]) -> Loudness:
    """The loudness of the sections played end to end, from their stored measurements.

    Exact for the peaks and the power; the integrated loudness gates every section's blocks
    together, so it differs from metering the joined audio only by the few blocks that would
    straddle two sections (hundredths of a LU on a book).
    """
    integrated = _gated_loudness(np.array([b for s in sections for b in s.blocks], dtype=float))
    if integrated is None:
        raise AudioError("the audio is silent: nothing to normalise")
    samples = sum(s.samples for s in sections)
    power = sum(s.mean_square * s.samples for s in sections) / samples if samples else 0.0
    peaks = [s.true_peak for s in sections]
    return Loudness(
        integrated=round(integrated, 3),
        true_peak=None if None in peaks else max(p for p in peaks if p is not None),
        loudness_range=None,
        rms=_level_db(power),
        sample_peak=max(s.sample_peak for s in sections),
    )
