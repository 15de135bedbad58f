"""The glossary: terms and names that machine translation must render one fixed way."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pipeline.errors import ConfigError


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    translation: str
    note: str = ""
    do_not_translate: bool = False

    @property
    def target(self) -> str:
        return self.term if self.do_not_translate else self.translation


@dataclass(frozen=True)
class TermMiss:
    """A glossary term found in a source block whose fixed rendering is not in its translation."""

    term: str
    expected: str
    block: str


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...] = ()

    @cached_property
    def version(self) -> str:
        """A digest of the entries: machine translations are keyed by it."""
        text = "\n".join(f"{e.term}\t{e.target}" for e in self.entries)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.entries:
            return None
        # Longest first, so "Wilson Center's Mexico Institute" wins over "Wilson Center".
        terms = sorted((e.term for e in self.entries), key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in terms)
        return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")

    @cached_property
    def _by_term(self) -> dict[str, GlossaryEntry]:
        return {e.term: e for e in self.entries}

    def find(self, text: str) -> list[tuple[int, int, GlossaryEntry]]:
        """Return (start, end, entry) for every glossary term in ``text``, left to right."""
        if self._pattern is None:
            return []
        return [
            (m.start(), m.end(), self._by_term[m.group(0)]) for m in self._pattern.finditer(text)
        ]

    def misses(self, source: str, translation: str) -> list[TermMiss]:
        """Every term in ``source`` whose fixed rendering is missing from ``translation``."""
        folded = translation.casefold()
        found = {entry.term: entry for _, _, entry in self.find(source)}
        return [
            TermMiss(e.term, e.target, source)
            for e in found.values()
            if e.target.casefold() not in folded
        ]


def load_glossary(path: Path | None) -> Glossary:
    """Read a glossary CSV (term, translation, note, do_not_translate); no file, no terms."""
    if path is None or not path.exists():
        return Glossary()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the glossary is not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = {"term", "translation"} - set(reader.fieldnames or ())
    if missing:
        raise ConfigError(f"{path}: the glossary needs the columns {', '.join(sorted(missing))}")
    entries = []
    for row in reader:
        term = (row.get("term") or "").strip()
        if not term or term.startswith("#"):
            continue
        flag = (row.get("do_not_translate") or "").strip().lower() in ("1", "yes", "true", "x")
        translation = (row.get("translation") or "").strip()
        if not translation and not flag:
            raise ConfigError(
                f"{path}:{reader.line_num}: {term!r} has no translation and is not do-not-translate"
            )
        entries.append(GlossaryEntry(term, translation, (row.get("note") or "").strip(), flag))
    return Glossary(tuple(entries))
