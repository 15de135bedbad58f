"""Output profiles as data: how to encode a book for where it is published, and what to check.

A profile says how to encode (sample rate, channels, constant bitrate), what level to aim for
(integrated loudness for podcasts, RMS for ACX), how much room tone to add at the head and tail
of every file, and the limits a finished file must meet. ``podcast`` is the default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from pipeline.audio import loudness
from pipeline.errors import AudioError, ConfigError


@dataclass(frozen=True)
class Range:
    """An inclusive range; an open end is None."""

    low: float | None = None
    high: float | None = None

    def holds(self, value: float) -> bool:
        low_ok = self.low is None or value >= self.low
        return bool(low_ok and (self.high is None or value <= self.high))

    def describe(self, unit: str = "") -> str:
        suffix = f" {unit}" if unit else ""
        if self.low is not None and self.high is not None:
            return f"{self.low:g} to {self.high:g}{suffix}"
        if self.high is not None:
            return f"≤ {self.high:g}{suffix}"
        if self.low is not None:
            return f"≥ {self.low:g}{suffix}"
        return "any"


@dataclass(frozen=True)
class LevelTarget:
    """What the gain aims at, and the peak ceiling a limiter then holds."""

    measure: Literal["integrated", "rms"]
    level: float  # LUFS for "integrated", dBFS RMS for "rms"
    peak: float  # dBTP for "integrated", dBFS sample peak for "rms"
    # How far under ``peak`` the limiter sits: MP3 encoding lifts peaks a little.
    limiter_margin: float = 0.5
    # How far (dB) a book may drift from ``level`` after an edit before every section is
    # brought back to it: within it, unchanged sections keep their gain and are not re-encoded.
    tolerance: float = 0.5


@dataclass(frozen=True)
class Limits:
    """What a finished file must meet; a figure whose limit is None is reported, not judged."""

    integrated: Range | None = None  # LUFS
    true_peak: Range | None = None  # dBTP
    rms: Range | None = None  # dBFS
    sample_peak: Range | None = None  # dBFS
    noise_floor: Range | None = None  # dBFS
    head_silence: Range | None = None  # seconds of room tone before the first sound
    tail_silence: Range | None = None  # seconds of room tone after the last sound
    duration: Range | None = None  # seconds


@dataclass(frozen=True)
class OutputProfile:
    name: str
    description: str
    target: LevelTarget
    limits: Limits
    sample_rate: int = 44_100
    channels: int = 1
    bitrate_kbps: int = 128
    constant_bitrate: bool = True
    head_silence_ms: int = 0  # room tone added before every file's audio
    tail_silence_ms: int = 0  # and after it

    def encoder_options(self) -> list[str]:
        """ffmpeg output options for the MP3 encoder (no filters, no container options)."""
        return [
            "-ar",
            str(self.sample_rate),
            "-ac",
            str(self.channels),
            "-c:a",
            "libmp3lame",
            "-b:a",
            f"{self.bitrate_kbps}k",
            # libmp3lame is constant-bitrate unless asked for ABR or a VBR quality.
            "-abr",
            "0" if self.constant_bitrate else "1",
        ]

    def identity(self) -> dict:
        """What about the profile changes the encoded audio: part of every output's key."""
        return {
            "name": self.name,
            "target": self.target.__dict__,
            "sample_rate": self.sample_rate,
            "channels": self.channels,
            "bitrate_kbps": self.bitrate_kbps,
            "constant_bitrate": self.constant_bitrate,
            "head_silence_ms": self.head_silence_ms,
            "tail_silence_ms": self.tail_silence_ms,
        }


# Mono speech for podcast apps: -19 LUFS (-16 is the stereo figure), true peak -1 dBTP.
PODCAST = OutputProfile(
    name="podcast",
    description="podcast apps: mono speech at -19 LUFS, true peak ≤ -1 dBTP, MP3 128 kbps CBR",
    target=LevelTarget("integrated", loudness.PODCAST_MONO.integrated, -1.0),
    limits=Limits(
        integrated=Range(-20.0, -18.0),
        true_peak=Range(high=-1.0),
    ),
    bitrate_kbps=128,
)

# ACX (Audible) submission requirements, checked per file (one file per chapter). The RMS aim
# of -20 dB sits mid-window so that the limiter's small loss and the added room tone keep it
# inside; the head room tone leaves room for a voice's own lead-in silence under one second.
ACX = OutputProfile(
    name="acx",
    description=(
        "ACX audiobooks: RMS -23 to -18 dB, peaks ≤ -3 dB, noise floor ≤ -60 dB, "
        "MP3 192 kbps CBR 44.1 kHz, 0.5–1 s room tone at the head, 1–5 s at the tail"
    ),
    target=LevelTarget("rms", -20.0, -3.0, limiter_margin=0.5),
    limits=Limits(
        rms=Range(-23.0, -18.0),
        sample_peak=Range(high=-3.0),
        noise_floor=Range(high=-60.0),
        head_silence=Range(0.5, 1.0),
        tail_silence=Range(1.0, 5.0),
        duration=Range(high=120 * 60.0),
    ),
    bitrate_kbps=192,
    head_silence_ms=600,
    tail_silence_ms=1000,
)

PROFILES: dict[str, OutputProfile] = {p.name: p for p in (PODCAST, ACX)}
DEFAULT_PROFILE = PODCAST.name


def profile_named(name: str) -> OutputProfile:
    """The profile called ``name``; ConfigError naming the known ones otherwise."""
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise ConfigError(f"unknown audio profile {name!r} (known: {known})") from None


def loudness_profile(profile: OutputProfile) -> loudness.LoudnessProfile:
    """The profile's integrated-loudness target, for profiles that aim at one."""
    return loudness.LoudnessProfile(profile.name, profile.target.level, profile.target.peak)


def _limiter(ceiling_db: float) -> str:
    ceiling = 10 ** (ceiling_db / 20)
    return f"alimiter=limit={ceiling:.4f}:level=disabled:attack=2:release=50"


def gain_filter_for(
    profile: OutputProfile, measured: loudness.Loudness, correction: float = 0.0
) -> str:
    """The ffmpeg filter that brings ``measured`` audio to the profile's level and peak ceiling.

    For an integrated-loudness target this is ``loudness.gain_filter``. For an RMS target (ACX)
    the gain brings the unweighted RMS to the aim, and a limiter holds the sample peaks under
    the ceiling less the margin. ``correction`` (dB) is added to the gain.
    """
    if correction:
        rms = None if measured.rms is None else measured.rms - correction
        measured = replace(measured, integrated=measured.integrated - correction, rms=rms)
    target = profile.target
    if target.measure == "integrated":
        return loudness.gain_filter(measured, loudness_profile(profile))
    if measured.rms is None or measured.sample_peak is None:
        raise AudioError(f"the {profile.name} profile needs an RMS measurement; none was made")
    gain = target.level - measured.rms
    ceiling = target.peak - target.limiter_margin
    filters = [f"volume={gain:.2f}dB"]
    if measured.sample_peak + gain > ceiling:
        filters.append(_limiter(ceiling))
    return ",".join(filters)


def _achieved(profile: OutputProfile, level: loudness.Loudness) -> float:
    if profile.target.measure == "integrated":
        return level.integrated
    return level.rms if level.rms is not None else loudness.SILENT_DB


# The book's loudness through a filter (None: as stitched), however it is measured; the flag
# says the filter is the one the book will most likely be published at (what is measured
# through it may be encoded at it in the same pass).
LevelOf = Callable[[str | None, bool], loudness.Loudness]


def through(profile: OutputProfile, chain: str) -> str:
    """The filter a level chain is measured through: the output rate first, as encoded."""
    return f"aresample={profile.sample_rate},{chain}"


_PURE_GAIN = re.compile(r"^aresample=\d+,volume=(-?\d+(?:\.\d+)?)dB$")


def pure_gain(audio_filter: str) -> float | None:
    """The gain (dB) of a filter that is only a resampling and a gain, else None.

    Such a filter moves every loudness figure by the gain, so nothing need be measured
    through it; a limiter's effect has to be measured."""
    found = _PURE_GAIN.match(audio_filter)
    return float(found[1]) if found else None


def fresh_level(profile: OutputProfile, level_of: LevelOf, passes: int = 3) -> str:
    """The level filter for a book, corrected for what the limiter takes.

    Where the gain drives peaks into the limiter, the limited audio comes out quieter than
    aimed (a dB or more for speech with strong plosives); it is measured through the filter and
    the gain raised by the shortfall, at most ``passes`` measurements in all.
    """
    measured = level_of(None, False)
    correction = 0.0
    chain = gain_filter_for(profile, measured)
    for _ in range(passes - 1):
        if "alimiter" not in chain:
            break
        # Most books need no correction: the first chain measured is the one published.
        result = level_of(through(profile, chain), correction == 0.0)
        shortfall = profile.target.level - _achieved(profile, result)
        if abs(shortfall) < 0.2:
            break
        correction += shortfall
        chain = gain_filter_for(profile, measured, correction)
    return chain


def holds_level(profile: OutputProfile, chain: str, result: loudness.Loudness) -> bool:
    """Whether a book measured through ``chain`` is within the profile's tolerance of its
    level and its peaks under the ceiling a fresh filter would keep them under.

    A chain with a limiter holds the peaks itself (and every published book is measured
    after encoding); one without must leave the margin a fresh filter leaves."""
    target = profile.target
    if abs(target.level - _achieved(profile, result)) > target.tolerance:
        return False
    if "alimiter" in chain:
        return True
    peak = result.true_peak if target.measure == "integrated" else result.sample_peak
    return peak is not None and peak <= target.peak - target.limiter_margin


def book_level(
    profile: OutputProfile, level_of: LevelOf, previous: str | None, passes: int = 3
) -> str:
    """The level filter for a book: the one it was published at while the book, through it,
    still holds the profile's level (an edit then re-encodes only the sections it changed);
    else a fresh one (and every section is re-encoded at it)."""
    if previous is not None and holds_level(
        profile, previous, level_of(through(profile, previous), True)
    ):
        return previous
    return fresh_level(profile, level_of, passes)


def level_filter_for(
    profile: OutputProfile,
    files: list[Path],
    measured: loudness.Loudness | None = None,
    passes: int = 3,
) -> str:
    """The level filter for audio made of ``files`` end to end, measured as one stream."""

    def level_of(audio_filter: str | None, _: bool) -> loudness.Loudness:
        if audio_filter is None and measured is not None:
            return measured
        return loudness.measure(files, audio_filter)

    return fresh_level(profile, level_of, passes)


def room_tone_filter(profile: OutputProfile) -> str | None:
    """The filter that adds the profile's head and tail room tone, or None if it adds none.

    The silence is digital: a synthetic voice has no room, and -inf is under any noise floor.
    """
    filters = []
    if profile.head_silence_ms:
        filters.append(f"adelay=delays={profile.head_silence_ms}:all=1")
    if profile.tail_silence_ms:
        filters.append(f"apad=pad_dur={profile.tail_silence_ms / 1000:g}")
    return ",".join(filters) or None


def file_filter(profile: OutputProfile, level_filter: str | None) -> str | None:
    """The whole filter for one output file: the level first, then the room tone around it.

    With a level filter the audio is first resampled to the output rate, so that the limiter
    holds the peaks of the samples that are encoded: resampling after it (24 kHz clips to
    44.1 kHz) brings back inter-sample peaks over the ceiling.
    """
    resample = f"aresample={profile.sample_rate}" if level_filter else None
    parts = [f for f in (resample, level_filter, room_tone_filter(profile)) if f]
    return ",".join(parts) or None
