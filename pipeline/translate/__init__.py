"""Translation engines behind one small protocol, registered by name."""

from __future__ import annotations

from typing import Any, Protocol

from pipeline.registry import Registry
from pipeline.translate.glossary import Glossary


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


class TranslatorFactory(Protocol):
    """What an engine module registers: it receives the glossary (an engine may protect its
    terms, as Apertium does, or ignore it: the stage checks every output against it) and
    the engine's own settings (a base URL, a clock for tests), all by keyword."""

    def __call__(self, *, glossary: Glossary, **settings: Any) -> Translator: ...


TRANSLATORS: Registry[Translator] = Registry("translator", "pipeline.translate")
register_translator = TRANSLATORS.register


def translator_names() -> list[str]:
    return TRANSLATORS.names()


def make_translator(name: str, *, glossary: Glossary | None = None, **settings: Any) -> Translator:
    """Return the engine registered as ``name``; ConfigError names the choices if unknown."""
    return TRANSLATORS.make(name, glossary=glossary or Glossary(), **settings)
