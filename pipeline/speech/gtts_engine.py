"""gTTS (Google Translate's voice, online): sentences sent in pieces cut at our boundaries.

Google's endpoint takes 100 characters a request. Left to itself gTTS cuts longer text
wherever the 100th character falls and sends the pieces with no retry; here each sentence
is cut at clause and word boundaries first (``segment.chunk_text``), each piece is one request,
spaced out, retried with backoff on 429/5xx/timeouts, and the MP3 answers are decoded and
joined into one clip.
"""

from __future__ import annotations

import importlib.metadata
import os
import random
import time
from collections.abc import Callable
from functools import cached_property
from typing import Any

import numpy as np

from pipeline.audio.clips import samples_from_audio_bytes
from pipeline.errors import ConfigError, EngineError
from pipeline.net import Throttle, call_with_retry
from pipeline.segment import chunk_text
from pipeline.speech import Voice, register_synthesizer

# What Google's endpoint takes in one request: gTTS.GOOGLE_TTS_MAX_CHARS, written here so that
# listing the engines does not load gTTS and its HTTP stack (a test holds the two equal).
REQUEST_CHARS = 100
_SERVICE = "Google Text-to-Speech"
_OFFLINE_HINT = "use --tts kokoro or --tts espeak offline"

# Voices are Google hosts (top-level domains): the same language read with a local accent.
_VOICES = (
    Voice("com", "en", "English, United States (translate.google.com)"),
    Voice("us", "en", "English, United States"),
    Voice("ca", "en", "English, Canada"),
    Voice("co.uk", "en", "English, United Kingdom"),
    Voice("com.au", "en", "English, Australia"),
    Voice("co.in", "en", "English, India"),
    Voice("ie", "en", "English, Ireland"),
    Voice("co.za", "en", "English, South Africa"),
    Voice("com.ng", "en", "English, Nigeria"),
    Voice("com.mx", "es", "Spanish, Mexico"),
    Voice("us", "es", "Spanish, United States"),
    Voice("es", "es", "Spanish, Spain"),
    Voice("ca", "fr", "French, Canada"),
    Voice("fr", "fr", "French, France"),
    Voice("com.br", "pt", "Portuguese, Brazil"),
    Voice("pt", "pt", "Portuguese, Portugal"),
)
_DEFAULT_VOICES = {"en": "com", "es": "com.mx"}
# gTTS reads at two speeds; below this asks for its slow reading, otherwise normal.
_SLOW_BELOW = 0.8


class GttsSynthesizer:
    """Google Translate's text-to-speech through gTTS; needs the internet.

    ``max_chars`` is what one ``synthesize`` call takes, not one request: longer text is cut
    here into pieces of at most ``REQUEST_CHARS`` at sentence, clause and word boundaries,
    so a whole sentence stays one clip.
    """

    name = "gtts"
    workers = 1  # one request at a time: Google rate-limits this endpoint per client
    max_chars = 1000

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        timeout: float = 15.0,
        attempts: int = 5,
        min_interval_s: float = 0.25,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        # GTTS_URL: a proxy or mirror of Google's endpoint (and the tests' local server).
        self.endpoint = endpoint or os.environ.get("GTTS_URL") or None
        self.timeout = timeout
        self.attempts = attempts
        self._sleep = sleep
        self._rng = rng
        self._throttle = Throttle(min_interval_s, sleep=sleep)

    @cached_property
    def version(self) -> str:
        return f"gTTS {importlib.metadata.version('gTTS')}"

    def default_voice(self, language: str) -> str:
        return _DEFAULT_VOICES.get(language, "com")

    def voices(self) -> list[Voice]:
        return list(_VOICES)

    def synthesize(self, text: str, language: str, voice: str, speed: float) -> np.ndarray:
        """Return the spoken text as clip samples; one request per piece of ≤100 characters."""
        from gtts.lang import tts_langs

        if language not in tts_langs():
            raise ConfigError(f"gtts: Google Text-to-Speech has no language {language!r}")
        known = {v.name for v in _VOICES if v.language == language} | {"com"}
        if voice not in known:
            raise ConfigError(
                f"gtts: no voice {voice!r} for {language}; choose one of: "
                f"{', '.join(sorted(known))}"
            )
        # Pieces of bare punctuation have nothing to say (gTTS refuses them).
        pieces = [p for p in chunk_text(text, REQUEST_CHARS, language) if _speakable(p)]
        clips = [
            samples_from_audio_bytes(self._fetch(piece, language, voice, speed), "mp3")
            for piece in pieces
        ]
        return np.concatenate(clips) if clips else np.zeros(0, dtype=np.float32)

    def _fetch(self, piece: str, language: str, voice: str, speed: float) -> bytes:
        from gtts import gTTSError

        from pipeline.speech._gtts_request import Request

        request = Request(
            piece,
            endpoint=self.endpoint,
            tld=voice,
            lang=language,
            slow=speed < _SLOW_BELOW,
            lang_check=False,  # checked above, without gTTS's per-request lookup
            # Our speech normalisation has run already; gTTS's own rules would also let the
            # text grow past 100 characters and be cut again, blindly.
            pre_processor_funcs=[],
            timeout=self.timeout,
        )

        def attempt() -> bytes:
            self._throttle()
            try:
                audio = b"".join(request.stream())
            except gTTSError as error:
                if error.rsp is not None and error.rsp.ok:
                    raise EngineError(
                        f"gtts: the answer held no audio for {language} (has the service changed?)"
                    ) from error
                # gTTS raises inside its handler: the status, or the network failure, is the
                # context call_with_retry reads.
                raise
            if not audio:
                raise EngineError("gtts: the answer held no audio")
            return audio

        try:
            return call_with_retry(
                attempt,
                engine=self.name,
                attempts=self.attempts,
                sleep=self._sleep,
                rng=self._rng,
                service=_SERVICE,
                offline_hint=_OFFLINE_HINT,
            )
        except gTTSError as error:
            raise EngineError(f"gtts: {error}") from error


def _speakable(text: str) -> bool:
    return any(c.isalnum() for c in text)


@register_synthesizer("gtts", "Google Translate's voice, online")
def _make(**options: Any) -> GttsSynthesizer:
    return GttsSynthesizer(**options)
