"""Translation engines behind one small protocol, registered by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pipeline.errors import ConfigError


class Translator(Protocol):
    """Turns blocks of inline Markdown from one language into another.

    ``translate_blocks`` receives every block of one section at once, so an engine can do a
    section in one call (Apertium: one process per section) and keep the order: the result
    has one translation per input block.
    """

    name: str
    offline: bool  # runs on this machine, quickly and at no cost (a plan may use it)
    batch: bool  # takes a whole section per call (else the stage sends one block at a time)

    @property
    def version(self) -> str:
        """What changes the output besides the text (engine release, settings); part of keys."""
        ...

    def translate_blocks(self, blocks: list[str], source: str, target: str) -> list[str]: ...


TranslatorFactory = Callable[..., Translator]
_REGISTRY: dict[str, TranslatorFactory] = {}


def register_translator(name: str) -> Callable[[TranslatorFactory], TranslatorFactory]:
    def add(factory: TranslatorFactory) -> TranslatorFactory:
        _REGISTRY[name] = factory
        return factory

    return add


def translator_names() -> list[str]:
    _load_engines()
    return sorted(_REGISTRY)


def make_translator(name: str, **options: object) -> Translator:
    """Return the engine registered as ``name``; ConfigError names the choices if unknown."""
    _load_engines()
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown translator {name!r}; choose one of: {', '.join(sorted(_REGISTRY))}"
        ) from None
    return factory(**options)


def _load_engines() -> None:
    # Importing an engine module registers it; the imports are cheap (engines load lazily).
    from pipeline.translate import apertium, online  # noqa: F401
