"""The speech lexicon: loading, validating and merging the per-language TOML data.

What a language says (abbreviations, initialisms, currency names, the words put in place of
symbols) is data, in ``lexicon_{en,es}.toml`` in ``pipeline/speech``, merged with a report's
own ``pronunciations.{language}.toml``; the rules hold only the grammar.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pipeline.errors import ConfigError, line_mentioning
from pipeline.languages import LANGUAGES

Gender = Literal["m", "f"] | None


@dataclass(frozen=True)
class Currency:
    """How one currency sign is said: one unit, many units, the hundredth part."""

    one: str
    many: str
    cent: str = ""
    cents: str = ""


@dataclass(frozen=True)
class Unit:
    """How one unit of measure is said after a number: one of it, many of it."""

    one: str
    many: str


@dataclass(frozen=True)
class Lexicon:
    """What one language's rules say: pronunciations, abbreviations and the words for symbols.

    Built by ``load_lexicon`` from the built-in defaults and a report's own file. Not hashable
    (its tables are dicts); treat it as read-only.
    """

    language: str
    # Exact, case-sensitive tokens → how to say them; applied first, so they win everywhere.
    spoken_as: dict[str, str] = field(default_factory=dict)
    # Initialisms read letter by letter ("USMF" → "U S M F").
    spell_out: frozenset[str] = frozenset()
    # Abbreviations said in full anywhere ("e.g." → "for example").
    abbreviations: dict[str, str] = field(default_factory=dict)
    # Abbreviations said in full only before a number ("No. 5" → "number 5").
    before_number: dict[str, str] = field(default_factory=dict)
    # Abbreviations said in full only after a capitalised word ("Elm St." → "Elm Street").
    after_name: dict[str, str] = field(default_factory=dict)
    # Initialisms said as a name where they stand as a noun ("in the U.S." → "United States").
    as_noun: dict[str, str] = field(default_factory=dict)
    currencies: dict[str, Currency] = field(default_factory=dict)
    # Scale words after an amount ("billion") and how they are said in this language.
    scales: dict[str, str] = field(default_factory=dict)
    # Scale letters glued to an amount ("$2.4M", "$2bn"); the case matters ("M" is not "m").
    scale_suffixes: dict[str, str] = field(default_factory=dict)
    # Units of measure after a number ("kg", "km²", "°C"); exact, case-sensitive symbols.
    units: dict[str, Unit] = field(default_factory=dict)
    # Month names and their abbreviations ("Aug." → "August"), matched regardless of case.
    months: dict[str, str] = field(default_factory=dict)
    # Weekday names and abbreviations before a date ("vier." → "viernes").
    weekdays: dict[str, str] = field(default_factory=dict)
    # Time zones after a clock time ("EST", "UTC"), matched regardless of case and dots.
    time_zones: dict[str, str] = field(default_factory=dict)
    # Eras around a year ("A.D." → "AD", "a. C." → "antes de Cristo").
    eras: dict[str, str] = field(default_factory=dict)
    # Words that open an identifier: the numbers after them are read as labels, never as
    # ranges or sums ("Pub. L. 117-58" → "public law one seventeen fifty-eight").
    identifiers: dict[str, str] = field(default_factory=dict)
    # Words after which a Roman numeral is a number ("siglo XIX", "Title IV").
    roman_after: frozenset[str] = frozenset()
    # The words put in place of symbols and number parts ("dot", "percent", "point"...).
    words: dict[str, str] = field(default_factory=dict)
    # Words that never are the noun a number counts, nor the noun an initialism modifies.
    function_words: frozenset[str] = frozenset()
    # Spanish gender agreement of numbers with the noun after them; empty where none applies.
    feminine_endings: tuple[str, ...] = ()
    masculine_endings: tuple[str, ...] = ()
    feminine_words: frozenset[str] = frozenset()
    masculine_words: frozenset[str] = frozenset()
    # Nouns a number labels rather than counts ("Tabla 1" is "tabla uno", never "una").
    label_words: frozenset[str] = frozenset()

    def word(self, key: str) -> str:
        """Return the lexicon's word for ``key`` (e.g. "dot" → "punto")."""
        return self.words[key]


# --------------------------------------------------------------------------------------------
# Loading the lexicon

_TABLES = (
    "spoken_as", "abbreviations", "before_number", "after_name", "as_noun", "scales",
    "scale_suffixes", "months", "weekdays", "time_zones", "eras", "identifiers", "words",
)  # fmt: skip
_LISTS = ("spell_out", "function_words", "roman_after")
_AGREEMENT_LISTS = (
    "feminine_endings",
    "masculine_endings",
    "feminine_words",
    "masculine_words",
    "label_words",
)
_SECTIONS = (*_TABLES, *_LISTS, "currencies", "units", "agreement")
_CURRENCY_KEYS = ("one", "many", "cent", "cents")
_UNIT_KEYS = ("one", "many")
_REQUIRED_WORDS = (
    "and", "or", "dot", "at", "slash", "dash", "underscore", "percent", "point", "section",
    "sections", "number", "cents_joiner", "range_from", "range_to", "range_between", "range_and",
    "minus", "plus", "equals", "per", "over", "o_clock", "hour", "hours", "minute", "minutes",
    "second", "seconds", "quarter_of_year", "fiscal_year", "degree", "degrees",
)  # fmt: skip


def load_lexicon(language: str, directory: Path | None = None) -> Lexicon:
    """Return the lexicon for ``language``: the built-in one, overridden by the report's own.

    The report's file is ``directory / f"pronunciations.{language}.toml"``; a missing file (or
    no directory) is fine. A malformed one raises ConfigError naming the file and the line.
    """
    if language not in LANGUAGES:
        raise ConfigError(
            f"no speech normalisation for language {language!r}; choose one of: "
            f"{', '.join(LANGUAGES)}"
        )
    if directory is None:
        return _builtin_lexicon(language)
    path = Path(directory) / f"pronunciations.{language}.toml"
    if not path.is_file():
        return _builtin_lexicon(language)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read it ({error.strerror})") from None
    user = _parse(data, str(path))
    return _make_lexicon(language, _merge(_builtin_data(language), user))


@cache
def _builtin_data(language: str) -> dict[str, Any]:
    name = f"lexicon_{language}.toml"
    data = resources.files("pipeline.speech").joinpath(name).read_bytes()
    return _parse(data, f"pipeline/speech/{name}")


@cache
def _builtin_lexicon(language: str) -> Lexicon:
    return _make_lexicon(language, _builtin_data(language))


def _parse(data: bytes, source: str) -> dict[str, Any]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError(f"{source}, line {line}: not valid UTF-8") from None
    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        # tomllib (3.11) puts the place in the message: "... (at line 3, column 7)".
        place = re.search(r"\(at line (\d+), column \d+\)|\(at end of document\)", message)
        line = place.group(1) if place and place.group(1) else str(text.count("\n") + 1)
        reason = message[: place.start()].strip() if place else message
        raise ConfigError(f"{source}, line {line}: not valid TOML: {reason}") from None
    _check_shape(parsed, source, text)
    return parsed


def _check_shape(parsed: dict[str, Any], source: str, text: str) -> None:
    """Raise ConfigError, naming file and line, where the TOML holds the wrong kind of thing."""

    def fail(key: str, problem: str) -> None:
        raise ConfigError(f"{source}, line {line_mentioning(text, key)}: {problem}")

    for section, value in parsed.items():
        if section not in _SECTIONS:
            fail(section, f"unknown entry {section!r}; expected one of: {', '.join(_SECTIONS)}")
        if section in _LISTS:
            if not _is_list_of_strings(value):
                fail(section, f'{section} must be a list of quoted words, like ["USMF"]')
        elif section == "agreement":
            if not isinstance(value, dict):
                fail(section, "[agreement] must be a table")
            for key, words in value.items():
                if key not in _AGREEMENT_LISTS:
                    fail(key, f"unknown agreement list {key!r}")
                if not _is_list_of_strings(words):
                    fail(key, f"{key} must be a list of quoted words")
        elif section in ("currencies", "units"):
            keys = _CURRENCY_KEYS if section == "currencies" else _UNIT_KEYS
            noun = "currency" if section == "currencies" else "unit"
            if not isinstance(value, dict):
                fail(section, f"[{section}] must be a table")
            for sign, entry in value.items():
                if (
                    not isinstance(entry, dict)
                    or not {"one", "many"} <= entry.keys()
                    or not entry.keys() <= set(keys)
                    or not all(isinstance(v, str) for v in entry.values())
                ):
                    fail(
                        sign, f'{noun} {sign!r} must be like {{ one = "dollar", many = "dollars" }}'
                    )
        else:
            if not isinstance(value, dict):
                fail(section, f'[{section}] must be a table of "written" = "spoken" entries')
            for key, spoken in value.items():
                if not isinstance(spoken, str):
                    fail(key, f'{key!r} must be given a quoted text, like {key!r} = "..."')
                if not key.strip():
                    fail(key, f"an empty entry in [{section}]")


def _is_list_of_strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``override`` laid over it: tables merge by key, lists add up."""
    merged: dict[str, Any] = {
        key: dict(value) if isinstance(value, dict) else list(value) for key, value in base.items()
    }
    for section, value in override.items():
        if isinstance(value, list):
            merged[section] = [*merged.get(section, []), *value]
        elif section == "agreement":
            lists = merged.setdefault("agreement", {})
            for key, words in value.items():
                lists[key] = [*lists.get(key, []), *words]
        else:
            merged.setdefault(section, {}).update(value)
    return merged


def _make_lexicon(language: str, data: dict[str, Any]) -> Lexicon:
    words = dict(data.get("words", {}))
    missing = [key for key in _REQUIRED_WORDS if key not in words]
    if missing:
        raise ConfigError(f"the {language} lexicon lacks words for: {', '.join(missing)}")
    agreement = data.get("agreement", {})
    return Lexicon(
        language=language,
        spoken_as=dict(data.get("spoken_as", {})),
        spell_out=frozenset(data.get("spell_out", ())),
        abbreviations=dict(data.get("abbreviations", {})),
        before_number=dict(data.get("before_number", {})),
        after_name=dict(data.get("after_name", {})),
        as_noun=dict(data.get("as_noun", {})),
        currencies={sign: Currency(**entry) for sign, entry in data.get("currencies", {}).items()},
        scales=dict(data.get("scales", {})),
        scale_suffixes=dict(data.get("scale_suffixes", {})),
        units={sign: Unit(**entry) for sign, entry in data.get("units", {}).items()},
        months=dict(data.get("months", {})),
        weekdays=dict(data.get("weekdays", {})),
        time_zones=dict(data.get("time_zones", {})),
        eras=dict(data.get("eras", {})),
        identifiers=dict(data.get("identifiers", {})),
        roman_after=frozenset(w.lower() for w in data.get("roman_after", ())),
        words=words,
        function_words=frozenset(w.lower() for w in data.get("function_words", ())),
        # Longest endings first, so "-ciones" is tried before "-s"-style short ones.
        feminine_endings=tuple(
            sorted(agreement.get("feminine_endings", ()), key=len, reverse=True)
        ),
        masculine_endings=tuple(
            sorted(agreement.get("masculine_endings", ()), key=len, reverse=True)
        ),
        feminine_words=frozenset(w.lower() for w in agreement.get("feminine_words", ())),
        masculine_words=frozenset(w.lower() for w in agreement.get("masculine_words", ())),
        label_words=frozenset(w.lower() for w in agreement.get("label_words", ())),
    )
