"""Clips on disk: the one sample format every engine's audio is kept in, as 16-bit WAV.

The lowest audio module: engines, the store and stitching all read or write clips through
it, and it imports nothing of the project's but the atomic writer.
"""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np

from pipeline import atomic

# Every clip is kept at this rate, mono, 16-bit: sentences from any engine join exactly.
CLIP_SAMPLE_RATE = 24_000


def pcm16(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as little-endian 16-bit PCM (clipped, rounded)."""
    clipped = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)
    return (clipped * 32767.0).round().astype("<i2").tobytes()


def write_clip(path: Path, samples: np.ndarray) -> None:
    """Write samples as a 16-bit mono WAV at the clip rate, atomically."""
    with atomic.atomic_path(path, "clip") as temp, wave.open(str(temp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(CLIP_SAMPLE_RATE)
        w.writeframes(pcm16(samples))


def wav_is_whole(path: Path) -> bool:
    """True if ``path`` is a readable WAV whose data is as long as its header says."""
    try:
        with wave.open(str(path), "rb") as w:
            frames, width, channels = w.getnframes(), w.getsampwidth(), w.getnchannels()
            data = w.readframes(frames)
    except (wave.Error, EOFError, OSError):
        return False
    return frames > 0 and len(data) == frames * width * channels
