"""Sentence clips as values: mono float32 samples at the clip rate, stored as 16-bit WAV."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
from pydub import AudioSegment

from pipeline import atomic
from pipeline.speech import CLIP_SAMPLE_RATE


def samples_from_segment(segment: AudioSegment) -> np.ndarray:
    """Return a pydub segment as mono float32 samples at the clip rate."""
    segment = segment.set_channels(1).set_sample_width(2).set_frame_rate(CLIP_SAMPLE_RATE)
    pcm = np.frombuffer(segment.raw_data, dtype="<i2")
    return (pcm.astype(np.float32) / 32768.0).copy()


def samples_from_audio_bytes(data: bytes, audio_format: str) -> np.ndarray:
    """Decode WAV or MP3 bytes (through ffmpeg where needed) to clip samples."""
    return samples_from_segment(AudioSegment.from_file(io.BytesIO(data), format=audio_format))


def pcm16(samples: np.ndarray) -> bytes:
    clipped = np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0)
    return (clipped * 32767.0).round().astype("<i2").tobytes()


def write_clip(path: Path, samples: np.ndarray) -> None:
    """Write samples as a 16-bit mono WAV at the clip rate, atomically."""
    with atomic.atomic_path(path) as temp, wave.open(str(temp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(CLIP_SAMPLE_RATE)
        w.writeframes(pcm16(samples))
