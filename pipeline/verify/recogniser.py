"""The recogniser: whisper-base through faster-whisper (offline), and its transcript cache.

Transcripts are kept in the store under a key made of the clip's key, the recogniser's model
and its settings, so checking a book again costs only the clips that changed.
"""

from __future__ import annotations

import importlib.metadata
import os
import threading
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline import assets
from pipeline.errors import EngineError
from pipeline.store import Store, content_key

# The recogniser's settings; all of them are part of each transcript's cache key.
# Beam size barely matters here: on the convocation report (Kokoro, 64 clips) beams 1, 2 and 5
# made 7, 9 and 6 English and 15, 19 and 18 Spanish errors in 1564 words, and CPU time was
# within 10%, because encoding each clip's 30-second window is most of the cost.
BEAM_SIZE = 2
CPU_THREADS = 2
COMPUTE_TYPE = "int8"
_ASR_RATE = 16_000
# On noise or mumbling whisper can loop ("so I'm going to… so I'm going to…") to its 448-token
# limit, which takes seconds and means nothing. Speech is under ~5 tokens a second, so a clip
# gets a budget in proportion to its length, with room to spare.
_TOKENS_PER_SECOND = 8
_TOKENS_BASE = 24
_TOKENS_MAX = 440


def _token_budget(seconds: float) -> int:
    return min(_TOKENS_MAX, _TOKENS_BASE + round(_TOKENS_PER_SECOND * seconds))


class Transcriber:
    """whisper-base through faster-whisper: one model, loaded on first use, offline only."""

    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = model_dir
        self.calls = 0  # transcriptions run (not cached): what the tests count
        self._model: Any = None
        self._lock = threading.Lock()

    @cached_property
    def id(self) -> str:
        """Everything besides the audio that decides a transcript; part of its cache key."""
        version = importlib.metadata.version("faster-whisper")
        return (
            f"faster-whisper {version} whisper-base {assets.WHISPER_MODEL_SHA256[:16]} "
            f"{COMPUTE_TYPE} beam {BEAM_SIZE} t0 no-vad no-context "
            f"tokens {_TOKENS_BASE}+{_TOKENS_PER_SECOND}/s"
        )

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                folder = self.model_dir or assets.whisper_dir()
                # A folder path never reaches the hub; the flag makes sure nothing else does.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                from faster_whisper import WhisperModel

                try:
                    self._model = WhisperModel(
                        str(folder),
                        device="cpu",
                        compute_type=COMPUTE_TYPE,
                        cpu_threads=CPU_THREADS,
                    )
                except (RuntimeError, ValueError, OSError) as error:
                    raise EngineError(f"whisper: cannot load {folder}: {error}") from None
            return self._model

    def transcribe(self, audio: Path, language: str) -> str:
        """Return what the recogniser hears in a WAV or MP3 file, in ``language``."""
        model = self._loaded()
        from faster_whisper.audio import decode_audio

        try:
            samples = decode_audio(str(audio), sampling_rate=_ASR_RATE)
            segments, _ = model.transcribe(
                samples,
                language=language,
                beam_size=BEAM_SIZE,
                # One try at temperature 0: the fallbacks re-decode a clip up to five times
                # when it sounds bad, which is slow and only hides what a listener hears.
                temperature=0.0,
                vad_filter=False,
                condition_on_previous_text=False,
                max_new_tokens=_token_budget(len(samples) / _ASR_RATE),
            )
            text = " ".join(segment.text.strip() for segment in segments)
        except (RuntimeError, ValueError, OSError) as error:
            raise EngineError(f"whisper: cannot transcribe {audio.name}: {error}") from None
        self.calls += 1
        return text.strip()


_shared: Transcriber | None = None


def default_transcriber() -> Transcriber:
    """Return the process's one recogniser (its model takes 2 s and 300 MB to load)."""
    global _shared
    if _shared is None:
        _shared = Transcriber()
    return _shared


def transcribe(audio: Path, language: str) -> str:
    """Return what whisper-base hears in a WAV or MP3 file (language forced: "en" or "es")."""
    return default_transcriber().transcribe(audio, language)


def transcript_key(clip: str, language: str, asr: str | None = None) -> str:
    """The store key of the transcript of the clip keyed ``clip`` (``asr``: a Transcriber's
    id; default: the one this module uses)."""
    return content_key("transcript", clip, language, asr or Transcriber().id)


def cached_transcript(
    clip: str, audio: Path, language: str, store: Store, transcriber: Transcriber
) -> tuple[str, bool]:
    """Return (transcript, made now): from the store when the clip keyed ``clip`` was heard."""
    key = transcript_key(clip, language, transcriber.id)
    found = store.get_json("transcripts", key)
    if isinstance(found, dict) and isinstance(found.get("text"), str):
        return found["text"], False
    text = transcriber.transcribe(audio, language)
    store.put_json("transcripts", key, {"text": text, "asr": transcriber.id})
    return text, True
