"""MPEG audio frames read straight from an MP3 file: the header tag and every frame's bitrate.

ffprobe reports one nominal bitrate; whether a file is really constant-bitrate is told by its
frames, and by the tag LAME (and ffmpeg's muxer) writes in the first frame: "Info" for a
constant bitrate, "Xing" (or Fraunhofer's "VBRI") for a variable one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from pipeline.errors import AudioError

# Layer III bitrates in kbps by index, for MPEG-1 and for MPEG-2/2.5.
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
_SAMPLE_RATES = (44_100, 48_000, 32_000)
_VERSIONS = {3: 1.0, 2: 2.0, 0: 2.5}  # the header's version bits → MPEG version


@dataclass(frozen=True)
class FrameSurvey:
    tag: str | None  # "Info", "Xing", "VBRI", or None when the first frame carries no tag
    bitrates: Counter[int]  # kbps → number of audio frames (the tag frame left out)
    sample_rate: int
    mono: bool
    samples_per_frame: int = 1152  # MPEG-1 Layer III; MPEG-2 and 2.5 carry 576

    @property
    def frames(self) -> int:
        return sum(self.bitrates.values())

    @property
    def duration(self) -> float:
        """The audio frames' length in seconds, to the microsecond: the figure ffprobe gives
        for a file with a frame-count tag (LAME's and ffmpeg's muxer write one)."""
        return round(self.frames * self.samples_per_frame / self.sample_rate, 6)

    @property
    def constant(self) -> bool:
        """One bitrate in every audio frame, and no tag that declares otherwise."""
        return len(self.bitrates) == 1 and self.tag not in ("Xing", "VBRI")

    @property
    def mean_kbps(self) -> float:
        return sum(k * n for k, n in self.bitrates.items()) / max(1, self.frames)


@dataclass(frozen=True)
class _Header:
    version: float
    bitrate: int
    sample_rate: int
    length: int
    mono: bool


def _header(data: _Window | bytes, at: int) -> _Header | None:
    if at + 4 > len(data) or data[at] != 0xFF or data[at + 1] & 0xE0 != 0xE0:
        return None
    b1, b2, b3 = data[at + 1], data[at + 2], data[at + 3]
    version_bits, layer_bits = (b1 >> 3) & 3, (b1 >> 1) & 3
    bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 3
    if version_bits not in _VERSIONS or layer_bits != 1 or bitrate_index in (0, 15):
        return None  # not Layer III, or a free-format or invalid bitrate
    if rate_index == 3:
        return None
    version = _VERSIONS[version_bits]
    bitrate = _BITRATES[1 if version == 1.0 else 2][bitrate_index]
    sample_rate = int(_SAMPLE_RATES[rate_index] / {1.0: 1, 2.0: 2, 2.5: 4}[version])
    per_frame = 144 if version == 1.0 else 72
    length = per_frame * bitrate * 1000 // sample_rate + ((b2 >> 1) & 1)
    return _Header(version, bitrate, sample_rate, length, mono=(b3 >> 6) == 3)


def _skip_id3v2(data: _Window | bytes) -> int:
    if data[:3] != b"ID3" or len(data) < 10:
        return 0
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | (byte & 0x7F)
    footer = 10 if data[5] & 0x10 else 0
    return 10 + size + footer


def _tag_in(data: _Window | bytes, at: int, header: _Header) -> str | None:
    side_info = (17 if header.mono else 32) if header.version == 1.0 else (9 if header.mono else 17)
    for offset, names in ((4 + side_info, (b"Info", b"Xing")), (4 + 32, (b"VBRI",))):
        found = bytes(data[at + offset : at + offset + 4])
        if found in names:
            return found.decode("ascii")
    return None


class _Window:
    """A file read through a sliding window: indexed like bytes, held 1 MB at a time.

    Walking a long book's frames through mmap would bring the whole file into memory
    (every page is touched); this keeps the measurement's memory flat.
    """

    SIZE = 1 << 20

    def __init__(self, handle: BinaryIO, length: int) -> None:
        self._handle, self._length = handle, length
        self._start, self._data = 0, b""

    def __len__(self) -> int:
        return self._length

    def _load(self, start: int, end: int) -> None:
        if not (self._start <= start and end <= self._start + len(self._data)):
            self._handle.seek(start)
            self._start, self._data = start, self._handle.read(max(self.SIZE, end - start))

    def __getitem__(self, key: int | slice) -> Any:
        if isinstance(key, slice):
            start, end = key.start or 0, min(key.stop, self._length)
            if start >= end:
                return b""
            self._load(start, end)
            return self._data[start - self._start : end - self._start]
        self._load(key, key + 1)
        return self._data[key - self._start]

    def find(self, needle: bytes, start: int) -> int:
        while start < self._length:
            self._load(start, min(start + self.SIZE, self._length))
            found = self._data.find(needle, start - self._start)
            if found >= 0:
                return self._start + found
            start = self._start + len(self._data)
        return -1


def survey(path: Path) -> FrameSurvey:
    """Walk every frame of an MP3 file; AudioError if it holds no MPEG Layer III audio."""
    with open(path, "rb") as handle:
        length = path.stat().st_size
        if length == 0:
            raise AudioError(f"{path}: empty file, no MP3 frames")
        return _walk(_Window(handle, length), path)


def _walk(data: _Window, path: Path) -> FrameSurvey:
    at = _skip_id3v2(data)
    first: _Header | None = None
    tag: str | None = None
    bitrates: Counter[int] = Counter()
    # A file's frames repeat a handful of headers (padding on or off): each is decoded once.
    decoded: dict[bytes, _Header | None] = {}
    while at + 4 <= len(data):
        raw = data[at : at + 4]
        if raw in decoded:
            header = decoded[raw]
        else:
            header = decoded[raw] = _header(raw, 0)
        # A false sync inside junk is told apart by a real frame right after it.
        if header is None or (first is None and _header(data, at + header.length) is None):
            if data[at : at + 3] == b"TAG":
                break  # ID3v1 at the end
            following = data.find(b"\xff", at + 1)
            at = following if following >= 0 else len(data)
            continue
        if first is None:
            first = header
            tag = _tag_in(data, at, header)
            if tag is None:
                bitrates[header.bitrate] += 1
        else:
            bitrates[header.bitrate] += 1
        at += header.length
    if first is None:
        raise AudioError(f"{path}: no MPEG Layer III frames found")
    per_frame = 1152 if first.version == 1.0 else 576
    return FrameSurvey(tag, bitrates, first.sample_rate, first.mono, per_frame)
