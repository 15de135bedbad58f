"""Compliance: measure a finished MP3 and judge it against an output profile's limits.

Every figure is measured on the encoded file as a listener's player decodes it, not on the
audio before encoding: loudness, true peak and range (EBU R128, ffmpeg's ebur128), RMS,
sample peak, noise floor and room tone (from the decoded samples), and the bitrate mode read
from the MP3 frames themselves.
"""

from __future__ import annotations

import json
import math
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from pipeline.audio import loudness
from pipeline.audio.ffmpeg import probe
from pipeline.audio.loudness import SILENT_DB, Metered
from pipeline.audio.mp3frames import FrameSurvey, survey
from pipeline.audio.profiles import OutputProfile, Range
from pipeline.errors import AudioError
from pipeline.store import content_key

WINDOW_S = 0.010  # room tone is found in 10 ms windows
NOISE_BLOCK_S = 0.100  # the noise floor is the RMS of the quietest 100 ms blocks,
NOISE_SPAN_S = 0.500  # taken together over half a second, as ACX's own check listens
NOISE_BLOCKS = max(1, round(NOISE_SPAN_S / NOISE_BLOCK_S))
# A window quieter than this is room tone. Speech starts well above it, and it leaves 10 dB
# over the loudest noise floor ACX accepts.
ROOM_TONE_DB = -50.0


@dataclass(frozen=True)
class AudioFigures:
    """What was measured in one file."""

    codec: str
    sample_rate: int
    channels: int
    duration: float  # seconds, as decoded
    bitrate_kbps: float  # the frames' mean
    bitrate_mode: str  # "CBR" or "VBR"
    mp3_tag: str | None  # "Info", "Xing", "VBRI" or None
    integrated: float  # LUFS
    true_peak: float  # dBTP
    loudness_range: float  # LU
    rms: float  # dBFS
    sample_peak: float  # dBFS
    noise_floor: float  # dBFS
    head_silence: float  # seconds
    tail_silence: float  # seconds


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    value: float | int | str | None
    unit: str
    limit: str  # "" where the figure is reported, not judged
    passed: bool | None  # None where it is reported, not judged


@dataclass(frozen=True)
class ComplianceReport:
    file: str
    profile: str
    figures: tuple[Figure, ...]
    measured: AudioFigures | None = None
    # "measured": decoded and metered whole; "composed from N parts": see ``composition``.
    basis: str = "measured"

    @property
    def passed(self) -> bool:
        return all(f.passed is not False for f in self.figures)

    @property
    def failures(self) -> list[Figure]:
        return [f for f in self.figures if f.passed is False]

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "profile": self.profile,
            "passed": self.passed,
            "figures": [asdict(f) for f in self.figures],
            "measured": asdict(self.measured) if self.measured else None,
            "basis": self.basis,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)


def _probe(path: Path) -> dict:
    try:
        return probe(path, "-select_streams", "a:0", "-show_streams")["streams"][0]
    except (KeyError, IndexError):
        raise AudioError(f"ffprobe cannot read {path}: no audio stream") from None


@dataclass(frozen=True)
class _Decoded:
    powers: np.ndarray  # mean square of every 10 ms window (the last may be shorter)
    frames: int
    mean_power: float


def _meter_and_decode(path: Path, sample_rate: int, channels: int) -> tuple[Metered, _Decoded]:
    """One ffmpeg decodes the file once: its loudness metered (``loudness.meter_chain``)
    while its samples come through a pipe a few seconds at a time for the windows' power
    (memory stays flat however long the book)."""
    window = round(WINDOW_S * sample_rate) * channels
    powers: list[np.ndarray] = []
    samples, energy = 0, 0.0
    carry = np.zeros(0, dtype=np.float32)
    # stderr goes to a file: a damaged file can make ffmpeg complain at every frame, and a full
    # stderr pipe would stall it while we wait on stdout.
    with loudness.printed_blocks() as printed, tempfile.TemporaryFile() as errors:
        graph = f"[0:a]asplit=2[meter][samples];[meter]{loudness.meter_chain(printed)}[metered]"
        process = subprocess.Popen(
            ["ffmpeg", "-nostdin", "-hide_banner", "-nostats", "-i", str(path),
             "-filter_complex", graph, "-map", "[metered]", "-f", "null", "-",
             "-map", "[samples]", "-f", "f32le", "-"],
            stdout=subprocess.PIPE,
            stderr=errors,
        )  # fmt: skip
        assert process.stdout is not None
        with process.stdout:
            while block := process.stdout.read(window * 1000 * 4):
                pcm = np.concatenate([carry, np.frombuffer(block, dtype="<f4")])
                whole = len(pcm) // window * window
                # Each window's sum of squares in single precision (a few hundred samples),
                # summed over the file in double.
                rows = pcm[:whole].reshape(-1, window)
                sums = np.einsum("ij,ij->i", rows, rows).astype(np.float64)
                powers.append(sums / window)
                energy += float(sums.sum())
                samples += whole
                carry = pcm[whole:]
        failed = process.wait() != 0
        errors.seek(0)
        report = errors.read().decode(errors="replace")
        if failed:
            last = (report.strip().splitlines() or ["?"])[-1]
            raise AudioError(f"ffmpeg cannot decode {path}: {last}")
        metered = loudness.read_meters(report, Path(printed).read_text(encoding="utf-8"), path)
    if len(carry):
        squares = np.square(carry.astype(np.float64))
        powers.append(np.array([squares.mean()]))
        energy += float(squares.sum())
        samples += len(carry)
    decoded = _Decoded(
        np.concatenate(powers) if powers else np.zeros(0),
        samples // channels,
        energy / samples if samples else 0.0,
    )
    return metered, decoded


def _db(power: float) -> float:
    return SILENT_DB if power <= 0 else max(SILENT_DB, 10 * math.log10(power))


def _noise_floor(powers: np.ndarray) -> float:
    quietest = _quietest_blocks(powers)
    if len(quietest) == 0:
        return _db(float(np.mean(powers))) if len(powers) else SILENT_DB
    return _db(float(np.mean(quietest)))


def _room_tone(powers: np.ndarray) -> tuple[float, float]:
    loud = np.flatnonzero(powers > 10 ** (ROOM_TONE_DB / 10))
    if len(loud) == 0:
        whole = len(powers) * WINDOW_S
        return whole, whole
    return float(loud[0] * WINDOW_S), float((len(powers) - 1 - loud[-1]) * WINDOW_S)


@dataclass(frozen=True)
class Joinable:
    """A file's figures with what they are made of, kept so that the figures of files joined
    frame for frame can be composed from their parts' (``composition``) without decoding the
    whole again: the gating blocks, peaks and power, the momentary loudness every 100 ms,
    the quietest 100 ms blocks (the noise floor is their mean) and the count of MP3 frames."""

    figures: AudioFigures
    blocks: loudness.SectionBlocks
    momentary: tuple[float, ...]  # LUFS of each 400 ms block, one every 100 ms, in order
    quietest: tuple[float, ...]  # mean squares, quietest first, as many as the floor takes
    frames: int  # MPEG audio frames, the tag frame not counted; 0 where not MP3

    def to_dict(self) -> dict:
        return {
            "figures": asdict(self.figures),
            "blocks": self.blocks.to_json(),
            "momentary": list(self.momentary),
            "quietest": list(self.quietest),
            "frames": self.frames,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Joinable:
        return cls(
            AudioFigures(**data["figures"]),
            loudness.SectionBlocks.from_json(data["blocks"]),
            tuple(data["momentary"]),
            tuple(data["quietest"]),
            data["frames"],
        )


def _mp3_survey(path: Path) -> FrameSurvey | None:
    """The frames of a file named as an MP3 that holds MPEG audio; None for any other."""
    if path.suffix.lower() != ".mp3":
        return None
    try:
        return survey(path)
    except AudioError:
        return None


def _quietest_blocks(powers: np.ndarray) -> np.ndarray:
    """The mean squares of the quietest 100 ms blocks the noise floor is taken over."""
    per_block = round(NOISE_BLOCK_S / WINDOW_S)
    blocks = len(powers) // per_block
    if blocks == 0:
        return np.zeros(0)
    block_powers = powers[: blocks * per_block].reshape(blocks, per_block).mean(axis=1)
    return np.sort(block_powers)[:NOISE_BLOCKS]


def measure(path: Path) -> AudioFigures:
    """Measure an encoded audio file as its listeners will hear it."""
    return measure_joinable(path).figures


def measure_joinable(path: Path) -> Joinable:
    """Measure an encoded audio file as its listeners will hear it, keeping what its figures
    are made of."""
    if not path.is_file():
        raise AudioError(f"{path}: no such file")
    # An MP3's own frame headers say what ffprobe would (a process less per file measured).
    frames, stream = _mp3_survey(path), {}
    if frames is not None:
        codec, sample_rate, channels = "mp3", frames.sample_rate, 1 if frames.mono else 2
    else:
        stream = _probe(path)
        sample_rate, channels = int(stream.get("sample_rate", 0)), int(stream.get("channels", 0))
        codec = str(stream.get("codec_name", "unknown"))
    if not sample_rate or not channels:
        raise AudioError(f"{path}: ffprobe finds no sample rate or channels")
    metered, decoded = _meter_and_decode(path, sample_rate, channels)
    levels: loudness.Loudness | None = metered.summary
    if decoded.mean_power <= 0:
        levels = None  # digital silence: ebur128 has nothing to gate, every level fails
    elif metered.summary.integrated <= SILENT_DB:
        raise AudioError("the audio is silent: nothing to normalise")
    head, tail = _room_tone(decoded.powers)
    sample_peak = levels.sample_peak if levels and levels.sample_peak is not None else SILENT_DB
    bitrate, mode, tag, count = 0.0, "unknown", None, 0
    if frames is not None:
        bitrate, mode, tag = frames.mean_kbps, "CBR" if frames.constant else "VBR", frames.tag
        count = frames.frames
    elif codec != "mp3":
        bitrate = int(stream.get("bit_rate", 0)) / 1000
    figures = AudioFigures(
        codec=codec,
        sample_rate=sample_rate,
        channels=channels,
        duration=round(decoded.frames / sample_rate, 3),
        bitrate_kbps=round(bitrate, 2),
        bitrate_mode=mode,
        mp3_tag=tag,
        integrated=levels.integrated if levels else SILENT_DB,
        true_peak=levels.true_peak if levels and levels.true_peak is not None else SILENT_DB,
        loudness_range=levels.loudness_range or 0.0 if levels else 0.0,
        rms=round(_db(decoded.mean_power), 2),
        sample_peak=sample_peak,
        noise_floor=round(_noise_floor(decoded.powers), 2),
        head_silence=round(head, 3),
        tail_silence=round(tail, 3),
    )
    blocks = loudness.SectionBlocks(
        metered.blocks.blocks,
        metered.blocks.true_peak,
        metered.blocks.sample_peak,
        decoded.mean_power,
        decoded.frames * channels,
    )
    quietest = tuple(float(p) for p in _quietest_blocks(decoded.powers))
    return Joinable(figures, blocks, metered.momentary, quietest, count)


def _judged(
    name: str, label: str, value: float, unit: str, limit: Range | None, digits: int = 1
) -> Figure:
    shown = round(float(value), digits)
    if limit is None:
        return Figure(name, label, shown, unit, "", None)
    return Figure(name, label, shown, unit, limit.describe(unit), limit.holds(shown))


def _exact(name: str, label: str, value: float | int | str, unit: str, wanted: object) -> Figure:
    shown = f"{wanted} {unit}".strip()
    return Figure(name, label, value, unit, f"= {shown}", value == wanted)


def judge(
    figures: AudioFigures, profile: OutputProfile, file: str = "", basis: str = "measured"
) -> ComplianceReport:
    """Judge measured figures against the profile: one line per figure, passed or not."""
    limits = profile.limits
    found = figures
    rows = [
        _exact("codec", "Codec", found.codec, "", "mp3"),
        _exact("sample_rate", "Sample rate", found.sample_rate, "Hz", profile.sample_rate),
        _exact("channels", "Channels", found.channels, "", profile.channels),
        _exact(
            "bitrate_mode",
            "Bitrate mode",
            found.bitrate_mode,
            "",
            "CBR" if profile.constant_bitrate else found.bitrate_mode,
        ),
        _exact("bitrate", "Bitrate", round(found.bitrate_kbps, 1), "kbps", profile.bitrate_kbps)
        if profile.constant_bitrate
        else _judged("bitrate", "Bitrate", found.bitrate_kbps, "kbps", None),
        _judged("integrated", "Integrated loudness", found.integrated, "LUFS", limits.integrated),
        _judged("true_peak", "True peak", found.true_peak, "dBTP", limits.true_peak),
        _judged("loudness_range", "Loudness range", found.loudness_range, "LU", None),
        _judged("rms", "RMS level", found.rms, "dB", limits.rms),
        _judged("sample_peak", "Peak level", found.sample_peak, "dB", limits.sample_peak),
        _judged("noise_floor", "Noise floor", found.noise_floor, "dB", limits.noise_floor),
        _judged("head_silence", "Room tone, head", found.head_silence, "s", limits.head_silence, 2),
        _judged("tail_silence", "Room tone, tail", found.tail_silence, "s", limits.tail_silence, 2),
        _judged("duration", "Duration", found.duration, "s", limits.duration, 2),
    ]
    return ComplianceReport(file, profile.name, tuple(rows), figures, basis)


def check_key(sound: str, profile: OutputProfile) -> str:
    """The store key of a file's report: its sound (tags change no figure) and the profile."""
    return content_key("audio-check", sound, profile.identity())


def check(path: Path, profile: OutputProfile) -> ComplianceReport:
    """Measure an encoded file and judge it against the profile."""
    return judge(measure(path), profile, str(path))


def _shown(value: float | int | str | None) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def render_table(report: ComplianceReport) -> str:
    """The report as a plain-text table, one figure a line, ending with the verdict."""
    header = ("figure", "measured", "limit", "")
    rows = [
        (
            f.label,
            f"{_shown(f.value)} {f.unit}".strip(),
            f.limit or "(reported)",
            {True: "ok", False: "FAIL", None: ""}[f.passed],
        )
        for f in report.figures
    ]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = [f"{report.file}: profile {report.profile}"]
    for row in [header, *rows]:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    failed = len(report.failures)
    verdict = "passes" if report.passed else f"fails {failed} check{'s' if failed > 1 else ''}"
    lines.append(f"{verdict} ({report.profile})")
    return "\n".join(lines)


def reports_json(reports: list[ComplianceReport]) -> str:
    """Several files' reports as one JSON document (``audio-report.json``)."""
    return json.dumps(
        {"passed": all(r.passed for r in reports), "files": [r.to_dict() for r in reports]},
        indent=2,
        ensure_ascii=False,
    )
