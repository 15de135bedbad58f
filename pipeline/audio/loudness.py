"""Loudness: measure the book once (EBU R128), then one gain for the book and its sections.

A single measured gain, applied linearly to the book and to every section file, is what
two-pass ``loudnorm`` in linear mode amounts to, without its 192 kHz resampling (five times
slower here). Where the gain would push the true peak past the limit, a limiter catches the
few peaks above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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
    true_peak: float  # dBTP
    loudness_range: float  # LU
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
    if measured.true_peak + gain > profile.true_peak - 0.5:
        # alimiter works on sample peaks; half a dB of margin covers the inter-sample ones.
        ceiling = 10 ** ((profile.true_peak - 0.5) / 20)
        filters.append(f"alimiter=limit={ceiling:.4f}:level=disabled:attack=2:release=50")
    return ",".join(filters)
