"""Synthetic speech-like narration for the audio tests, as real files made once a session."""

from __future__ import annotations

from pathlib import Path

import pytest
from audio.speechlike import narration

from pipeline.wav import write_clip


@pytest.fixture(scope="session")
def narration_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A section WAV of synthetic narration, quiet with strong plosives: reaching a target
    level drives its peaks into the limiter."""
    path = tmp_path_factory.mktemp("narration") / "section.wav"
    write_clip(path, narration(peak=0.3, plosives=6.0))
    return path


@pytest.fixture(scope="session")
def loud_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Narration peaking at full scale, as an engine might hand it over un-normalised."""
    path = tmp_path_factory.mktemp("loud") / "section.wav"
    write_clip(path, narration(peak=1.0))
    return path
