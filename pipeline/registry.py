"""Registries: pluggable parts (speech engines, translators, published formats) by name.

One type for every family, like doit's checker tables: a part registers itself when its
module is imported, and the registry imports every module of its package the first time it
is asked, so a new engine or format is one module and nothing else to edit. The CLI's
choices and help text come from here too.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

from pipeline.errors import ConfigError

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    name: str
    factory: Callable[..., T]
    summary: str  # one line for help texts, e.g. "rule-based, offline"


class Registry(Generic[T]):
    """Factories of one kind of part, by name, discovered in a package."""

    def __init__(self, noun: str, package: str) -> None:
        self.noun = noun  # "speech engine", "translator", "format": for messages
        self.package = package
        self._entries: dict[str, Entry[T]] = {}
        self._discovered = False

    def register(
        self, name: str, summary: str = ""
    ) -> Callable[[Callable[..., T]], Callable[..., T]]:
        """A decorator: register the factory under ``name``."""

        def add(factory: Callable[..., T]) -> Callable[..., T]:
            self._entries[name] = Entry(name, factory, summary)
            return factory

        return add

    def unregister(self, name: str) -> None:
        """Forget ``name`` (a part registered for a while, as a test does)."""
        self._entries.pop(name, None)

    def _discover(self) -> None:
        # Importing a module registers what it defines; modules whose name starts with "_"
        # are helpers. Done once, on first use, so importing the package stays cheap.
        if self._discovered:
            return
        self._discovered = True
        package = importlib.import_module(self.package)
        for module in pkgutil.iter_modules(package.__path__):
            if not module.name.startswith("_"):
                importlib.import_module(f"{self.package}.{module.name}")

    def entries(self) -> Iterator[Entry[T]]:
        self._discover()
        return iter(sorted(self._entries.values(), key=lambda e: e.name))

    def names(self) -> list[str]:
        return [entry.name for entry in self.entries()]

    def __contains__(self, name: object) -> bool:
        self._discover()
        return name in self._entries

    def make(self, name: str, **options: object) -> T:
        """The part registered as ``name``; ConfigError (exit 2) names the choices if unknown."""
        self._discover()
        try:
            entry = self._entries[name]
        except KeyError:
            raise ConfigError(
                f"unknown {self.noun} {name!r}; choose one of: {', '.join(self.names())}"
            ) from None
        return entry.factory(**options)

    def help_text(self) -> str:
        """The choices for a help text: "a (what a is), b (what b is)"."""
        return ", ".join(f"{e.name} ({e.summary})" if e.summary else e.name for e in self.entries())
