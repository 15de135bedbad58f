"""Speech engines behind one small protocol, registered by name.

Every module of this package is imported on the first registry lookup, so an engine module
registers itself with ``@register_synthesizer(name, summary)``; nothing else lists engines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from pipeline.registry import Registry


@dataclass(frozen=True)
class Voice:
    name: str
    language: str
    description: str = ""


class Synthesizer(Protocol):
    """Turns one sentence of (speech-normalised) text into audio.

    ``synthesize`` returns mono float32 samples in [-1, 1] at ``pipeline.wav.CLIP_SAMPLE_RATE``.
    ``workers`` says how many sentences may be spoken at once (processes that use one core
    each say 2 on two cores; an engine that already spreads one sentence over every core
    says 1).
    """

    name: str
    workers: int
    max_chars: int

    @property
    def version(self) -> str:
        """What changes the sound besides text, voice and speed; part of each clip's key."""
        ...

    def default_voice(self, language: str) -> str: ...

    def voices(self) -> list[Voice]: ...

    def synthesize(self, text: str, language: str, voice: str, speed: float) -> np.ndarray: ...


SYNTHESIZERS: Registry[Synthesizer] = Registry("speech engine", "pipeline.speech")
register_synthesizer = SYNTHESIZERS.register


def synthesizer_names() -> list[str]:
    return SYNTHESIZERS.names()


def make_synthesizer(name: str, **options: object) -> Synthesizer:
    """Return the engine registered as ``name`` (options go to its factory); ConfigError
    names the choices if unknown."""
    return SYNTHESIZERS.make(name, **options)
