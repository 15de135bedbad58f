"""The glossary: terms and names that machine translation must render one fixed way."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from pipeline.errors import ConfigError


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    translation: str
    note: str = ""
    do_not_translate: bool = False
    # How the fixed rendering agrees with the article an engine put before it: "f", "m",
    # "fp", "mp" (plurals), or "none" (a name used without article, like "Estados Unidos");
    # "" leaves it alone.
    gender: str = ""

    @property
    def target(self) -> str:
        return self.term if self.do_not_translate else self.translation


# The article an engine chose (for the English word it translated) → the right one. Glossary
# terms are singular names and terms; an engine that took the next word for a verb or a
# plural ("works" → "obras") may have put a plural article.
_ARTICLES = {
    "f": {"el": "la", "del": "de la", "al": "a la", "un": "una", "los": "la", "las": "la"},
    "m": {"la": "el", "de la": "del", "a la": "al", "una": "un", "los": "el", "las": "el"},
    # Plural names ("Centros para el Control…", "Naciones Unidas").
    "mp": {
        "el": "los",
        "la": "los",
        "del": "de los",
        "al": "a los",
        "de la": "de los",
        "a la": "a los",
        "un": "unos",
        "una": "unos",
        "las": "los",
    },
    "fp": {
        "el": "las",
        "la": "las",
        "del": "de las",
        "al": "a las",
        "de la": "de las",
        "a la": "a las",
        "un": "unas",
        "una": "unas",
        "los": "las",
    },
    "none": {
        "el": "",
        "la": "",
        "los": "",
        "las": "",
        "del": "de",
        "al": "a",
        "de la": "de",
        "a la": "a",
    },
}
_ARTICLE = re.compile(r"(?<![\w])(de la|a la|del|al|el|la|los|las|un|una) $", re.IGNORECASE)


def agree_article(text: str, start: int, gender: str) -> tuple[str, int]:
    """Fix the article just before ``text[start:]`` for a term of ``gender``.

    Returns the new text and where the term now starts. A rule-based engine translates the
    article from English ("the") without knowing the protected term it stands before.
    """
    fixes = _ARTICLES.get(gender)
    found = _ARTICLE.search(text[:start]) if fixes else None
    if not found or found.group(1).lower() not in fixes:
        return text, start
    written = found.group(1)
    right = fixes[written.lower()]
    if written[0].isupper() and right:
        right = right[0].upper() + right[1:]
    replacement = f"{right} " if right else ""
    if not right and written[0].isupper():
        # "El Estados Unidos…" at a sentence start: the term now opens the sentence.
        replacement = ""
    new = text[: found.start()] + replacement + text[start:]
    return new, found.start() + len(replacement)


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
        text = "\n".join(f"{e.term}\t{e.target}\t{e.gender}" for e in self.entries)
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

    def keeping(self, names: Iterable[str]) -> Glossary:
        """This glossary, with ``names`` kept as they are wherever it does not say otherwise."""
        known = {e.term for e in self.entries}
        kept = tuple(
            GlossaryEntry(name, "", do_not_translate=True)
            for name in dict.fromkeys(names)
            if name and name not in known
        )
        return Glossary(self.entries + kept) if kept else self

    def with_defaults(self, defaults: Glossary) -> Glossary:
        """This glossary, with the entries of ``defaults`` for terms it does not have."""
        known = {e.term for e in self.entries}
        added = tuple(e for e in defaults.entries if e.term not in known)
        return Glossary(self.entries + added) if added else self

    def without(self, other: Glossary) -> Glossary:
        """This glossary less the entries ``other`` has."""
        theirs = set(other.entries)
        return Glossary(tuple(e for e in self.entries if e not in theirs))

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
    """Read a glossary CSV (term, translation, note, do_not_translate, gender); no file, none."""
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
        gender = (row.get("gender") or "").strip().lower()
        if gender not in ("", *_ARTICLES):
            raise ConfigError(f"{path}:{reader.line_num}: gender must be f, m, fp, mp or none")
        note = (row.get("note") or "").strip()
        entries.append(GlossaryEntry(term, translation, note, flag, gender))
    return Glossary(tuple(entries))


_HERE = Path(__file__).parent


@cache
def built_in_glossary(source: str = "en", target: str = "es") -> Glossary:
    """The terms every report of a language pair shares (``agencies.<pair>.csv`` beside
    this module: the Spanish names U.S. federal bodies give themselves); none for a pair
    without the file."""
    return load_glossary(_HERE / f"agencies.{source}-{target}.csv")


def report_glossary(path: Path, source: str = "en", target: str = "es") -> Glossary:
    """A report's glossary (``path``, if it exists) over the built-in one: its own entries
    win."""
    return load_glossary(path).with_defaults(built_in_glossary(source, target))
