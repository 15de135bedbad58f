"""Kokoro-82M (neural, offline, default) through kokoro-onnx."""

from __future__ import annotations

import importlib.metadata
import logging
import os
import threading
from functools import cached_property
from typing import Any

import numpy as np

from pipeline import assets
from pipeline.errors import EngineError
from pipeline.speech import Voice, register_synthesizer
from pipeline.wav import CLIP_SAMPLE_RATE

_DEFAULT_VOICES = {"en": "af_heart", "es": "em_alex"}
# Latin-American Spanish phonemes suit a U.S.-Mexico audience.
_PHONEMISER_LANGUAGE = {"en": "en-us", "es": "es-419"}
_VOICE_NOTES = {
    "af_heart": ("en", "American English, female"),
    "am_michael": ("en", "American English, male"),
    "ef_dora": ("es", "Latin-American Spanish, female"),
    "em_alex": ("es", "Latin-American Spanish, male"),
}


class KokoroSynthesizer:
    name = "kokoro"
    # A build runs one process per core, each speaking with one onnxruntime thread.
    workers = os.cpu_count() or 1
    max_chars = 400

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: Any = None

    @cached_property
    def version(self) -> str:
        return f"kokoro-onnx {importlib.metadata.version('kokoro-onnx')} v1.0-int8"

    def default_voice(self, language: str) -> str:
        return _DEFAULT_VOICES[language]

    def voices(self) -> list[Voice]:
        return [Voice(name, lang, note) for name, (lang, note) in _VOICE_NOTES.items()]

    def load(self) -> None:
        """Load the model now (a worker does, once); EngineUnavailable if it is missing."""
        self._loaded()

    def _loaded(self) -> Any:
        # Loading takes a second and 300 MB: only when a clip is actually needed.
        with self._lock:
            if self._engine is None:
                from kokoro_onnx import Kokoro
                from kokoro_onnx.session import resolve_providers

                from pipeline.speech.onnx_session import session

                # phonemizer warns on every sentence whose word count changes (it splits
                # "U.S."-like tokens): noise for our users, whose text is already normalised.
                logging.getLogger("phonemizer").setLevel(logging.ERROR)

                model, voices = assets.kokoro_files()
                # A build's worker processes each run one onnxruntime thread (the executor
                # sets PIPELINE_ENGINE_THREADS): processes use the cores better than threads.
                threads = int(os.environ.get("PIPELINE_ENGINE_THREADS") or 0)
                loaded = session(model, threads, resolve_providers())
                self._engine = Kokoro.from_session(loaded, str(voices))
            return self._engine

    def synthesize(self, text: str, language: str, voice: str, speed: float) -> np.ndarray:
        if voice not in _VOICE_NOTES:
            raise EngineError(f"kokoro: no voice {voice!r}; `pipeline voices` lists them")
        try:
            samples, rate = self._loaded().create(
                text, voice=voice, speed=speed, lang=_PHONEMISER_LANGUAGE.get(language, language)
            )
        except ValueError as error:
            raise EngineError(f"kokoro: {error}") from None
        if rate != CLIP_SAMPLE_RATE:
            raise EngineError(f"kokoro: unexpected sample rate {rate}")
        return np.asarray(samples, dtype=np.float32)


@register_synthesizer("kokoro", "Kokoro-82M: neural, offline, the default")
def _make(**_: object) -> KokoroSynthesizer:
    return KokoroSynthesizer()
