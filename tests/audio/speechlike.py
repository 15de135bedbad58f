"""Synthetic speech-like audio for the audio tests: made in a few milliseconds.

Imported by name (``from audio.speechlike import …``), never through ``conftest``: which
conftest that name finds depends on the order pytest collected the folders in."""

from __future__ import annotations

import numpy as np

from pipeline.wav import CLIP_SAMPLE_RATE


def speechlike(
    seconds: float, peak: float = 0.7, seed: int = 0, plosives: float = 2.5
) -> np.ndarray:
    """Voiced syllables with plosive bursts: speech's crest factor (peaks ~18 dB over RMS)."""
    rng = np.random.default_rng(seed)
    n = round(seconds * CLIP_SAMPLE_RATE)
    t = np.arange(n) / CLIP_SAMPLE_RATE
    pitch = 120 + 20 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / CLIP_SAMPLE_RATE
    voiced = sum(np.sin(k * phase) / k for k in range(1, 12))
    syllables = np.abs(np.sin(2 * np.pi * 2.5 * t)) ** 3
    signal = voiced * syllables + 0.05 * rng.standard_normal(n) * syllables
    # Plosives: short bursts, smoothed as a voice's are (a voice has little energy near 12 kHz).
    burst = np.convolve(rng.standard_normal(240), np.hanning(9) / np.hanning(9).sum(), "same")
    for at in rng.uniform(0.1, max(0.2, seconds - 0.4), size=max(1, int(seconds * 2))):
        start = int(at * CLIP_SAMPLE_RATE)
        signal[start : start + len(burst)] += plosives * burst * np.hanning(len(burst))
    return (signal / np.abs(signal).max() * peak).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * CLIP_SAMPLE_RATE), dtype=np.float32)


def narration(sentences: int = 3, peak: float = 0.7, plosives: float = 2.5) -> np.ndarray:
    """Sentences with pauses between, starting at once and ending on a chapter's 1.8 s pause,
    as a section WAV is stitched."""
    parts = []
    for i in range(sentences):
        parts.append(speechlike(2.0 + 0.4 * i, peak, seed=i, plosives=plosives))
        parts.append(silence(0.35 if i < sentences - 1 else 1.8))
    return np.concatenate(parts)
