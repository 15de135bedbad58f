"""Audio from an engine (WAV or MP3 bytes, a pydub segment) as clip samples."""

from __future__ import annotations

import io

import numpy as np
from pydub import AudioSegment

from pipeline.wav import CLIP_SAMPLE_RATE


def samples_from_segment(segment: AudioSegment) -> np.ndarray:
    """Return a pydub segment as mono float32 samples at the clip rate."""
    segment = segment.set_channels(1).set_sample_width(2).set_frame_rate(CLIP_SAMPLE_RATE)
    pcm = np.frombuffer(segment.raw_data, dtype="<i2")
    return (pcm.astype(np.float32) / 32768.0).copy()


def samples_from_audio_bytes(data: bytes, audio_format: str) -> np.ndarray:
    """Decode WAV or MP3 bytes (through ffmpeg where needed) to clip samples."""
    return samples_from_segment(AudioSegment.from_file(io.BytesIO(data), format=audio_format))
