"""The offline speech engines, driven for real: espeak-ng, and a Kokoro smoke test."""

import numpy as np
import pytest

from pipeline.errors import EngineError
from pipeline.speech import make_synthesizer
from pipeline.wav import CLIP_SAMPLE_RATE


def _speech_seconds(samples: np.ndarray) -> float:
    loud = np.flatnonzero(np.abs(samples) > 0.02)
    return (loud[-1] - loud[0]) / CLIP_SAMPLE_RATE if len(loud) else 0.0


@pytest.mark.parametrize(
    ("language", "text"), [("en", "The house is red."), ("es", "La casa es roja.")]
)
def test_espeak_speaks_both_languages(language: str, text: str) -> None:
    engine = make_synthesizer("espeak")
    samples = engine.synthesize(text, language, engine.default_voice(language), 1.0)
    assert samples.dtype == np.float32
    assert 0.5 < _speech_seconds(samples) < 3.0


def test_espeak_speed_changes_the_length() -> None:
    engine = make_synthesizer("espeak")
    text = "A bilateral cabinet meeting could serve as an opportunity."
    slow = engine.synthesize(text, "en", "en-us", 0.7)
    fast = engine.synthesize(text, "en", "en-us", 1.5)
    assert len(slow) > 1.5 * len(fast)


def test_espeak_reads_text_that_looks_like_an_option() -> None:
    engine = make_synthesizer("espeak")
    assert len(engine.synthesize("--help me", "en", "en-us", 1.0)) > 0


def test_espeak_lists_voices_for_both_languages() -> None:
    languages = {v.language for v in make_synthesizer("espeak").voices()}
    assert {"en", "es"} <= languages


@pytest.mark.slow
@pytest.mark.kokoro
@pytest.mark.parametrize(
    ("language", "voice", "text"),
    [
        ("en", "af_heart", "The United States and Mexico should work together."),
        ("es", "em_alex", "Estados Unidos y México deben trabajar juntos."),
    ],
)
def test_kokoro_smoke(language: str, voice: str, text: str) -> None:
    engine = make_synthesizer("kokoro")
    assert engine.default_voice(language) == voice
    samples = engine.synthesize(text, language, voice, 1.0)
    assert samples.dtype == np.float32 and np.abs(samples).max() > 0.05
    assert 1.5 < _speech_seconds(samples) < 6.0


def test_kokoro_refuses_an_unknown_voice() -> None:
    with pytest.raises(EngineError, match="no voice 'zz_nobody'"):
        make_synthesizer("kokoro").synthesize("Hi.", "en", "zz_nobody", 1.0)
