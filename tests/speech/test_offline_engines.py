"""The offline speech engines, driven for real: espeak-ng, and a Kokoro smoke test."""

from pathlib import Path

import numpy as np
import pytest

from pipeline import assets
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


def _models_beside(folder: Path) -> Path:
    """A models folder of this test's own: the installed Kokoro files, linked."""
    kokoro = folder / "kokoro"
    kokoro.mkdir(parents=True)
    installed = assets.models_dir() / "kokoro"
    for name in (assets.KOKORO_MODEL_FILE, assets.KOKORO_VOICES_FILE):
        (kokoro / name).symlink_to(installed / name)
    return kokoro


@pytest.mark.slow
@pytest.mark.kokoro
def test_kokoro_keeps_its_optimised_model_and_speaks_the_same_from_it(tmp_path, monkeypatch):
    kokoro = _models_beside(tmp_path / "models")
    monkeypatch.setenv("PIPELINE_MODELS", str(tmp_path / "models"))
    text = "Both countries share a border of nearly two thousand miles."
    first = make_synthesizer("kokoro").synthesize(text, "en", "af_heart", 1.0)
    kept = list((kokoro / "optimised").glob("*.onnx"))
    assert len(kept) == 1 and kept[0].stat().st_size > 50_000_000
    assert not list((kokoro / "optimised").glob(".*.part"))  # no temp file left behind
    again = make_synthesizer("kokoro").synthesize(text, "en", "af_heart", 1.0)
    np.testing.assert_array_equal(first, again)  # the same samples, from the kept graph
    kept[0].write_bytes(b"not a model")  # damaged: optimised again, and kept again
    assert len(make_synthesizer("kokoro").synthesize("Hi.", "en", "af_heart", 1.0)) > 0
    assert kept[0].stat().st_size > 50_000_000


@pytest.mark.slow
@pytest.mark.kokoro
def test_kokoro_loads_where_it_cannot_keep_an_optimised_model(tmp_path, monkeypatch):
    kokoro = _models_beside(tmp_path / "models")
    monkeypatch.setenv("PIPELINE_MODELS", str(tmp_path / "models"))
    # A file where the optimised models would go: no folder can be made there (for root
    # too, who writes into read-only folders).
    (kokoro / "optimised").write_text("in the way", encoding="utf-8")
    samples = make_synthesizer("kokoro").synthesize("Hi.", "en", "af_heart", 1.0)
    assert len(samples) > 0
    assert (kokoro / "optimised").read_text(encoding="utf-8") == "in the way"
