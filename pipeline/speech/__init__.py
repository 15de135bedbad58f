"""Speech engines behind one small protocol, registered by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from pipeline.errors import ConfigError

# Every clip is kept at this rate, mono, 16-bit: sentences from any engine join exactly.
CLIP_SAMPLE_RATE = 24_000


@dataclass(frozen=True)
class Voice:
    name: str
    language: str
    description: str = ""


class Synthesizer(Protocol):
    """Turns one sentence of (speech-normalised) text into audio.

    ``synthesize`` returns mono float32 samples in [-1, 1] at ``CLIP_SAMPLE_RATE``.
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


SynthesizerFactory = Callable[..., Synthesizer]
_REGISTRY: dict[str, SynthesizerFactory] = {}


def register_synthesizer(name: str) -> Callable[[SynthesizerFactory], SynthesizerFactory]:
    def add(factory: SynthesizerFactory) -> SynthesizerFactory:
        _REGISTRY[name] = factory
        return factory

    return add


def synthesizer_names() -> list[str]:
    _load_engines()
    return sorted(_REGISTRY)


def make_synthesizer(name: str, **options: object) -> Synthesizer:
    """Return the engine registered as ``name``; ConfigError names the choices if unknown."""
    _load_engines()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown speech engine {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}"
        ) from None
    return factory(**options)


def _load_engines() -> None:
    from pipeline.speech import espeak, gtts_engine, kokoro  # noqa: F401
