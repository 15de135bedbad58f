"""Speech normalisation: rewrite a sentence as a narrator would say it, before a voice reads it.

The text made here is only ever heard, never shown to readers. It is a chain of small, named,
pure rules per language (like gTTS's tokenizer pre-processors), each a function
``(text, lexicon) -> text`` that tests can call alone. What a language says (abbreviations,
initialisms, currency names, the words put in place of symbols) is data, in
``lexicon_{en,es}.toml`` beside this module, merged with a report's own
``pronunciations.{language}.toml``; the code holds only the grammar.

No rule drops a word: every word of the input is still there afterwards, possibly expanded
("U.S." → "U S", "Dr." → "Doctor"). The one exception is asked for by name: ``urls="skip"``.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from num2words import num2words
from num2words.lang_ES import Num2Word_ES

from pipeline.errors import ConfigError, line_mentioning

LANGUAGES = ("en", "es")

Gender = Literal["m", "f"] | None


@dataclass(frozen=True)
class Currency:
    """How one currency sign is said: one unit, many units, the hundredth part."""

    one: str
    many: str
    cent: str = ""
    cents: str = ""


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
    # Initialisms said as a name where they stand as a noun ("in the U.S." → "United States").
    as_noun: dict[str, str] = field(default_factory=dict)
    currencies: dict[str, Currency] = field(default_factory=dict)
    # Scale words after an amount ("billion") and how they are said in this language.
    scales: dict[str, str] = field(default_factory=dict)
    # The words put in place of symbols and number parts ("dot", "percent", "point"...).
    words: dict[str, str] = field(default_factory=dict)
    # Words that never are the noun a number counts, nor the noun an initialism modifies.
    function_words: frozenset[str] = frozenset()
    # Spanish gender agreement of numbers with the noun after them; empty where none applies.
    feminine_endings: tuple[str, ...] = ()
    masculine_endings: tuple[str, ...] = ()
    feminine_words: frozenset[str] = frozenset()
    masculine_words: frozenset[str] = frozenset()

    def word(self, key: str) -> str:
        """Return the lexicon's word for ``key`` (e.g. "dot" → "punto")."""
        return self.words[key]


# --------------------------------------------------------------------------------------------
# Loading the lexicon

_TABLES = ("spoken_as", "abbreviations", "before_number", "as_noun", "scales", "words")
_LISTS = ("spell_out", "function_words")
_AGREEMENT_LISTS = ("feminine_endings", "masculine_endings", "feminine_words", "masculine_words")
_SECTIONS = (*_TABLES, *_LISTS, "currencies", "agreement")
_CURRENCY_KEYS = ("one", "many", "cent", "cents")
_REQUIRED_WORDS = (
    "and", "or", "dot", "at", "slash", "dash", "underscore", "percent", "point", "section",
    "sections", "number", "cents_joiner", "range_from", "range_to", "range_between", "range_and",
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
        elif section == "currencies":
            if not isinstance(value, dict):
                fail(section, "[currencies] must be a table")
            for sign, entry in value.items():
                if (
                    not isinstance(entry, dict)
                    or not {"one", "many"} <= entry.keys()
                    or not entry.keys() <= set(_CURRENCY_KEYS)
                    or not all(isinstance(v, str) for v in entry.values())
                ):
                    fail(
                        sign,
                        f'currency {sign!r} must be like {{ one = "dollar", many = "dollars" }}',
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
        as_noun=dict(data.get("as_noun", {})),
        currencies={sign: Currency(**entry) for sign, entry in data.get("currencies", {}).items()},
        scales=dict(data.get("scales", {})),
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
    )


# --------------------------------------------------------------------------------------------
# Shared pieces

Rule = Callable[[str, Lexicon], str]

_LETTER = r"[^\W\d_]"
_SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space (French/Spanish style)


@cache
def _token_regex(tokens: frozenset[str]) -> re.Pattern[str]:
    """Return a regex for any of ``tokens`` as whole words, longest first.

    A token that starts (ends) with a letter or digit may not touch another one, nor a dot
    that joins it to one ("org" is not a word of "wilsoncenter.org"); a token of symbols may.
    """
    if not tokens:
        return re.compile(r"(?!)")
    alternatives = []
    for token in sorted(tokens, key=lambda t: (-len(t), t)):
        start = r"(?<!\w)(?<!\w\.)" if token[0].isalnum() else ""
        end = r"(?!\w)(?!\.\w)" if token[-1].isalnum() else ""
        alternatives.append(f"{start}{re.escape(token)}{end}")
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def _at_end(text: str, position: int) -> bool:
    return not text[position:].strip()


def _spelled(token: str) -> str:
    """Return an initialism as spaced capitals ("U.S." → "U S"; "NGOs" → "N G Os")."""
    plural = token.endswith("s") and token[:-1].isupper()
    letters = [c for c in (token[:-1] if plural else token) if c.isalpha()]
    spoken = " ".join(c.upper() for c in letters)
    return spoken + "s" if plural else spoken


def _next_word(text: str, position: int) -> str | None:
    match = re.match(rf"[{_SPACES}]+({_LETTER}+)", text[position:])
    return match.group(1) if match else None


def _previous_word(text: str, position: int) -> str | None:
    match = re.search(rf"({_LETTER}+)[{_SPACES}]+$", text[:position])
    return match.group(1) if match else None


# --------------------------------------------------------------------------------------------
# Numbers in words


@cache
def _feminine_es() -> Num2Word_ES:
    # A converter of our own: num2words' shared one would change for everyone else.
    converter = Num2Word_ES()
    converter.gender_stem = "a"
    return converter


def _cardinal(number: int, lexicon: Lexicon, gender: Gender = None) -> str:
    """Return ``number`` in words; in Spanish, agreeing with the noun's gender if one follows."""
    if lexicon.language == "es":
        return _cardinal_es(number, gender)
    return _american(num2words(number, lang=lexicon.language))


def _american(words: str) -> str:
    # num2words writes British "one hundred and five" and "one thousand, five hundred";
    # American narrators say neither the "and" nor the pause of the comma.
    return re.sub(r"\band ", "", words.replace(",", ""))


def _cardinal_es(number: int, gender: Gender) -> str:
    words = num2words(number, lang="es")
    # num2words 0.5.14 writes "veintiuno mil", "treinta y uno millones"; the RAE wants the
    # apocope before "mil" and "millones": "veintiún mil", "treinta y un millones".
    words = re.sub(r"\bveintiuno(?= (?:mil|mill|bill))", "veintiún", words)
    words = re.sub(r"\buno(?= (?:mil|mill|bill))", "un", words)
    if gender is None:
        return words
    # Only the part after the last "millón(es)" agrees with the noun: "doscientas mil
    # personas", but "doscientos millones de personas".
    scales = list(re.finditer(r"\b(?:millón|millones|billón|billones)\b", words))
    cut = scales[-1].end() if scales else 0
    head, tail = words[:cut], words[cut:]
    if gender == "f":
        tail = re.sub(r"ientos\b", "ientas", tail)
        tail = re.sub(r"\bveintiún\b", "veintiuna", tail)
        tail = re.sub(r"uno$", "una", tail)
    else:
        tail = re.sub(r"\bveintiuno$", "veintiún", tail)
        tail = re.sub(r"\buno$", "un", tail)
    return head + tail


def _digits(digits: str, lexicon: Lexicon) -> str:
    return " ".join(_cardinal(int(d), lexicon) for d in digits)


def _decimal(whole: int, fraction: str, lexicon: Lexicon) -> str:
    """Return a decimal in words: "three point seven", "tres coma siete", "tres coma cero cinco"."""
    spoken_whole = _cardinal(whole, lexicon)
    # Spanish reads a short fraction as a number ("tres coma setenta y cinco"); English, and
    # any fraction with a leading zero, digit by digit.
    if lexicon.language == "es" and len(fraction) <= 2 and not fraction.startswith("0"):
        spoken_fraction = _cardinal(int(fraction), lexicon)
    else:
        spoken_fraction = _digits(fraction, lexicon)
    return f"{spoken_whole} {lexicon.word('point')} {spoken_fraction}"


@dataclass(frozen=True)
class _Number:
    whole: int
    fraction: str  # digits after the decimal mark, "" if none
    digits: str  # the whole part's digits as written, separators removed
    grouped: bool  # written with thousands separators

    @property
    def value(self) -> Decimal:
        return Decimal(f"{self.whole}.{self.fraction or 0}")


# English: "1,500", "1,500.25", "3.7". Spanish: "1.500", "1 500", "1.500,25", "3,7", and
# Mexico's "1,500" and "3.7" too; three digits after one mark are taken as thousands.
_NUMBER_EN = r"(?<!\d)(?:\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUMBER_ES = (
    r"(?<!\d)(?:\d{1,3}(?:\.\d{3}(?!\d))+(?:,\d+)?"
    rf"|\d{{1,3}}(?:[{_SPACES}]\d{{3}}(?!\d))+(?:,\d+)?"
    r"|\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?"
    r"|\d+(?:[.,]\d+)?)"
)


def _number_pattern(lexicon: Lexicon) -> str:
    return _NUMBER_ES if lexicon.language == "es" else _NUMBER_EN


def _parse_number(written: str, lexicon: Lexicon) -> _Number:
    if lexicon.language == "es":
        if re.fullmatch(rf"\d{{1,3}}(?:[.{_SPACES}]\d{{3}})+(?:,\d+)?", written):
            whole, _, fraction = written.partition(",")
            return _Number(int(re.sub(r"\D", "", whole)), fraction, re.sub(r"\D", "", whole), True)
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", written):
            whole, _, fraction = written.partition(".")
            return _Number(int(whole.replace(",", "")), fraction, whole.replace(",", ""), True)
        whole, _, fraction = written.replace(",", ".").partition(".")
        return _Number(int(whole), fraction, whole, False)
    whole, _, fraction = written.partition(".")
    digits = whole.replace(",", "")
    return _Number(int(digits), fraction, digits, "," in whole)


def _number_words(number: _Number, lexicon: Lexicon, gender: Gender = None) -> str:
    if number.fraction:
        return _decimal(number.whole, number.fraction, lexicon)
    if len(number.digits) > 1 and number.digits.startswith("0"):
        # "007", "01234": a code, read digit by digit.
        return _digits(number.digits, lexicon)
    return _cardinal(number.whole, lexicon, gender)


def _is_year(number: _Number) -> bool:
    return (
        not number.fraction
        and not number.grouped
        and len(number.digits) == 4
        and (1100 <= number.whole <= 2099)
    )


def _year_words(year: int, lexicon: Lexicon) -> str:
    if lexicon.language == "en":
        # "twenty twenty", "nineteen oh five", "two thousand nine" (American, no "and").
        return _american(num2words(year, lang="en", to="year")).replace("oh-", "oh ")
    return _cardinal(year, lexicon)


def _gender_after(text: str, position: int, lexicon: Lexicon) -> Gender:
    """Return the gender of the noun a number counts, from the word after it; None if no noun.

    Spanish only: a number before a noun agrees with it ("veintiuna embajadoras", "veintiún
    embajadores"); before anything else ("1 de enero") it stays "uno".
    """
    if not (lexicon.feminine_endings or lexicon.feminine_words):
        return None
    word = _next_word(text, position)
    if word is None or not word.islower():
        return None
    if word in lexicon.function_words:
        return None
    if word in lexicon.masculine_words:
        return "m"
    if word in lexicon.feminine_words:
        return "f"
    if word.endswith(lexicon.masculine_endings):
        return "m"
    if word.endswith(lexicon.feminine_endings):
        return "f"
    return "m"


def _counts_a_noun(text: str, position: int, lexicon: Lexicon) -> bool:
    """Whether a lowercase word other than a function word follows: then a number is a count."""
    word = _next_word(text, position)
    return word is not None and word.islower() and word not in lexicon.function_words


# --------------------------------------------------------------------------------------------
# The rules, in the order they run


def apply_pronunciations(text: str, lexicon: Lexicon) -> str:
    """Replace the lexicon's ``spoken_as`` tokens (whole words, case-sensitive, longest first)."""
    if not lexicon.spoken_as:
        return text
    pattern = _token_regex(frozenset(lexicon.spoken_as))
    return pattern.sub(lambda m: lexicon.spoken_as[m.group(0)], text)


# A web address or an email. Without "https://" or "www.", an address must end in a known
# top-level domain, so "etc.The" or "U.S." never pass for one.
_ADDRESS = re.compile(
    r"(?<![\w@./-])(?:"
    r"(?P<email>[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,})"
    r"|(?P<url>(?P<scheme>https?://)?(?P<www>www\.)?(?P<host>(?:[a-z0-9-]+\.)+(?P<tld>[a-z]{2,}))"
    r"(?P<path>/\S*)?))",
    re.IGNORECASE,
)
# fmt: off
_KNOWN_TLDS = frozenset({
    "com", "org", "net", "edu", "gov", "gob", "mil", "int", "info", "biz", "io", "co", "us", "mx",
    "ca", "uk", "es", "eu", "ar", "br", "cl", "pe", "ve", "gt", "news", "app", "dev", "ai", "tv",
    "me",
})
# Top-level domains said as words; the others are spelled ("punto M X").
_WORD_TLDS = frozenset({
    "com", "org", "net", "gov", "gob", "int", "info", "biz", "news", "app", "dev",
})
# fmt: on
_TRAILING_PUNCTUATION = ".,;:!?)]}\"'”’»"


def _is_address(match: re.Match[str]) -> bool:
    if match.group("email"):
        return True
    explicit = match.group("scheme") or match.group("www")
    return bool(explicit) or match.group("tld").lower() in _KNOWN_TLDS


def _split_address(match: re.Match[str]) -> tuple[str, str]:
    """Return (address, what follows it that is punctuation of the sentence, not of the path)."""
    address = match.group(0)
    stripped = address.rstrip(_TRAILING_PUNCTUATION) if match.group("path") else address
    return stripped, address[len(stripped) :]


def _say_label(label: str, lexicon: Lexicon) -> str:
    label = label.replace("-", f" {lexicon.word('dash')} ")
    label = label.replace("_", f" {lexicon.word('underscore')} ")
    return label.replace(".", f" {lexicon.word('dot')} ")


def _say_host(host: str, lexicon: Lexicon) -> str:
    *labels, tld = host.split(".")
    spoken_tld = tld if tld.lower() in _WORD_TLDS else " ".join(tld.upper())
    return f" {lexicon.word('dot')} ".join([*(_say_label(x, lexicon) for x in labels), spoken_tld])


def _say_address(address: str, lexicon: Lexicon) -> str:
    if "@" in address and "/" not in address:
        local, _, host = address.partition("@")
        return f"{_say_label(local, lexicon)} {lexicon.word('at')} {_say_host(host, lexicon)}"
    # The scheme and "www." go unsaid, as a narrator drops them; so do a query and a fragment.
    address = re.sub(r"^(?:https?://)?(?:www\.)?", "", address, flags=re.IGNORECASE)
    address = re.split(r"[?#]", address, maxsplit=1)[0]
    host, *path = [part for part in address.split("/") if part]
    slash = f" {lexicon.word('slash')} "
    return slash.join([_say_host(host, lexicon), *(_say_label(p, lexicon) for p in path)])


def speak_urls(text: str, lexicon: Lexicon) -> str:
    """Say web addresses and emails: "wilsoncenter dot org", "a arroba b punto org"."""

    def say(match: re.Match[str]) -> str:
        if not _is_address(match):
            return match.group(0)
        address, rest = _split_address(match)
        return _say_address(address, lexicon) + rest

    return _ADDRESS.sub(say, text)


def skip_urls(text: str, lexicon: Lexicon) -> str:
    """Leave web addresses and emails unsaid (the one rule that drops words, by request)."""

    def drop(match: re.Match[str]) -> str:
        if not _is_address(match):
            return match.group(0)
        return _split_address(match)[1]

    return _ADDRESS.sub(drop, text)


def pause_for_ellipses(text: str, lexicon: Lexicon) -> str:
    """Turn "…" and "..." into a pause: a period before a new sentence, a comma inside one."""

    def pause(match: re.Match[str]) -> str:
        if not text[: match.start()].strip():
            return ""
        rest = text[match.end() :].lstrip()
        return "." if not rest or rest[0].isupper() else ","

    # Dots spaced out (". . .") only count after a space, so "e.g. ..." keeps its own dot.
    return re.sub(r"[ \t]*(?:…|\.{3,}|(?<=\s)\.(?: \.){2,})", pause, text)


def expand_abbreviations(text: str, lexicon: Lexicon) -> str:
    """Say abbreviations in full: "e.g." → "for example", "EE. UU." → "Estados Unidos"."""
    if lexicon.abbreviations:
        text = _expand(text, lexicon.abbreviations, "")
    if lexicon.before_number:
        # "No." is "number" before a number only; elsewhere it is the word "No".
        text = _expand(text, lexicon.before_number, rf"(?=[{_SPACES}]*[#\d])")
    return text


def _expand(text: str, table: Mapping[str, str], context: str) -> str:
    def say(match: re.Match[str]) -> str:
        token = match.group(0)
        spoken = table[token]
        # The dot of a closing abbreviation is also the sentence's period: keep a period.
        if token.endswith(".") and _at_end(text, match.end()):
            spoken += "."
        return spoken

    tokens = _token_regex(frozenset(table)).pattern
    return re.sub(f"(?:{tokens}){context}", say, text)


# Initialisms found without a list: dotted ones ("U.N.", "D.C.") and capitals without a vowel,
# which no voice can read as a word ("CBP"). Roman numerals ("XX", "DC") are left alone.
_DOTTED_INITIALISM = r"(?<![\w.])(?:[A-Z]\.){2,}"
_VOWELLESS_INITIALISM = r"(?<![\w.])(?![IVXLCDM]+\b)[B-DF-HJ-NP-TV-XZ]{2,5}(?!\w)(?!\.\w)"


def speak_initialisms(text: str, lexicon: Lexicon) -> str:
    """Say initialisms: "U.S. ambassadors" → "U S ambassadors", "in the U.S." → "the United States".

    A country's initialism is said by name where it stands as a noun: before punctuation or at
    the end, or after "the" and before a function word ("the U.S. and Mexico"). Elsewhere it
    describes something and is spelled ("U.S.-Mexico relations" → "U S Mexico relations").
    """
    listed = _token_regex(frozenset(lexicon.as_noun) | lexicon.spell_out).pattern
    pattern = re.compile(
        rf"(?P<token>{listed}|{_DOTTED_INITIALISM}|{_VOWELLESS_INITIALISM})"
        rf"(?P<join>-(?={_LETTER}))?"
    )

    def is_noun(match: re.Match[str]) -> bool:
        after = text[match.end() :]
        if re.match(r"[ \t]*(?:$|[.,;:!?)\]}\"”’»])", after):
            return True
        previous = _previous_word(text, match.start())
        following = _next_word(text, match.end())
        article = lexicon.words.get("the")
        return (
            previous is not None
            and previous.lower() == article
            and following is not None
            and following.lower() in lexicon.function_words
        )

    def say(match: re.Match[str]) -> str:
        token, end = match.group("token"), match.end()
        closes = token.endswith(".") and _at_end(text, end)
        if token in lexicon.as_noun and not match.group("join") and is_noun(match):
            spoken = lexicon.as_noun[token]
        else:
            spoken = _spelled(token)
        if closes:
            spoken += "."
        # "U.S.-Mexico" is said "U S Mexico": the hyphen only joined them on the page.
        return spoken + (" " if match.group("join") else "")

    return pattern.sub(say, text)


def speak_symbols(text: str, lexicon: Lexicon) -> str:
    """Say symbols: "&" → "and"/"y", "§" → "section", "and/or" → "and or", "a/b" → "a or b"."""
    text = re.sub(r"[ \t]*&[ \t]*", f" {lexicon.word('and')} ", text)
    text = re.sub(r"§§[ \t]*", f"{lexicon.word('sections')} ", text)
    text = re.sub(r"§[ \t]*", f"{lexicon.word('section')} ", text)
    text = re.sub(r"#[ \t]*(?=\d)", f"{lexicon.word('number')} ", text)
    text = re.sub(r"(?<![\w.])@(?=\w)", f"{lexicon.word('at')} ", text)

    conjunctions = {lexicon.word("and").lower(), lexicon.word("or").lower()}

    def slash(match: re.Match[str]) -> str:
        left, right = match.group("left"), match.group("right")
        # "and/or" is said "and or"; between two other words the slash means "or".
        if {left.lower(), right.lower()} & conjunctions:
            return f"{left} "
        return f"{left} {lexicon.word('or')} "

    # The right-hand word is only looked at, so that "a/b/c" is read "a or b or c".
    text = re.sub(rf"(?P<left>{_LETTER}+)[ \t]*/[ \t]*(?=(?P<right>{_LETTER}+))", slash, text)
    # Between digits ("24/7") a slash is not said; the numbers are.
    return re.sub(r"(?<=\d)/(?=\d)", " ", text)


def speak_currency(text: str, lexicon: Lexicon) -> str:
    """Say amounts of money: "$800 billion" → "eight hundred billion dollars"/"ochocientos mil
    millones de dólares", "US$800" → "ochocientos dólares", "$12.50" → "twelve dollars and fifty
    cents"."""
    if not lexicon.currencies:
        return text
    signs = "|".join(re.escape(s) for s in sorted(lexicon.currencies, key=len, reverse=True))
    scales = "|".join(re.escape(s) for s in sorted(lexicon.scales, key=len, reverse=True))
    scale_part = rf"(?:[{_SPACES}]+(?P<scale>{scales})(?!\w))?" if scales else ""
    number = _number_pattern(lexicon)
    # "$5–10 million" is one range of amounts: "five to ten million dollars".
    pattern = re.compile(
        rf"(?<![\w$])(?P<sign>{signs})[{_SPACES}]?(?P<low>{number}[{_SPACES}]?[–-][{_SPACES}]?)?"
        rf"(?P<amount>{number}){scale_part}"
    )

    def say(match: re.Match[str]) -> str:
        currency = lexicon.currencies[match.group("sign")]
        amount = _say_amount(match, currency, lexicon)
        if not match.group("low"):
            return amount
        low = _parse_number(match.group("low").rstrip(f"{_SPACES}–-"), lexicon)
        opener, joiner = _range_words(text, match.start(), lexicon)
        return f"{opener}{_number_words(low, lexicon, 'm')} {joiner} {amount}"

    return pattern.sub(say, text)


def _say_amount(match: re.Match[str], currency: Currency, lexicon: Lexicon) -> str:
    number = _parse_number(match.group("amount"), lexicon)
    scale = match.groupdict().get("scale")
    if scale:
        return _say_scaled_amount(number, lexicon.scales[scale], currency, lexicon)
    if len(number.fraction) == 2 and currency.cents:
        cents = int(number.fraction)
        spoken_cents = _cardinal(cents, lexicon, "m")
        cents_part = f"{spoken_cents} {currency.cent if cents == 1 else currency.cents}"
        if number.whole == 0:
            return cents_part
        unit = currency.one if number.whole == 1 else currency.many
        whole = _cardinal(number.whole, lexicon, "m")
        return f"{whole} {unit} {lexicon.word('cents_joiner')} {cents_part}"
    unit = currency.one if number.whole == 1 and not number.fraction else currency.many
    return f"{_number_words(number, lexicon, 'm')} {unit}"


def _range_words(text: str, position: int, lexicon: Lexicon) -> tuple[str, str]:
    """Return the words that open and join a range starting at ``position``.

    After "between"/"entre": "between X and Y". Elsewhere "X to Y"; Spanish opens with "de"
    ("de 2019 a 2020") unless a preposition or article is already there ("en 2019 a 2020").
    """
    previous = _previous_word(text, position)
    previous = previous.lower() if previous is not None else None
    if previous == lexicon.word("range_between").lower():
        return "", lexicon.word("range_and")
    opener = lexicon.word("range_from")
    if not opener or previous in lexicon.function_words:
        return "", lexicon.word("range_to")
    return f"{opener} ", lexicon.word("range_to")


def _say_scaled_amount(number: _Number, scale: str, currency: Currency, lexicon: Lexicon) -> str:
    if lexicon.language == "es":
        if number.whole == 1 and not number.fraction:
            # "un millón de dólares", "mil millones de dólares" (not "un mil millones").
            if scale == "mil" or scale.startswith("mil "):
                spoken = scale
            else:
                singular = {"millones": "millón", "billones": "billón"}.get(scale, scale)
                spoken = f"un {singular}"
        else:
            spoken = f"{_number_words(number, lexicon, 'm')} {scale}"
        # Spanish puts "de" between millions and what they count: "tres millones de dólares".
        of = " de" if re.search(r"(?:millón|millones|billón|billones)$", scale) else ""
        return f"{spoken}{of} {currency.many}"
    return f"{_number_words(number, lexicon)} {scale} {currency.many}"


def speak_percentages(text: str, lexicon: Lexicon) -> str:
    """Say percentages: "3.7%" → "three point seven percent", "3,7 %" → "tres coma siete por
    ciento"."""
    percent = lexicon.word("percent")
    pattern = rf"(?P<amount>{_number_pattern(lexicon)})[{_SPACES}]?%"

    def say(match: re.Match[str]) -> str:
        number = _parse_number(match.group("amount"), lexicon)
        return f"{_number_words(number, lexicon)} {percent}"

    text = re.sub(pattern, say, text)
    # A "%" left without a number before it is still said.
    return re.sub(r"[ \t]*%", f" {percent}", text)


def speak_ranges(text: str, lexicon: Lexicon) -> str:
    """Say ranges: "2019–2020" → "twenty nineteen to twenty twenty" / "de dos mil diecinueve a
    dos mil veinte"; after "between"/"entre", "... and ..." / "... y ..."."""
    number = _number_pattern(lexicon)
    # An en dash may have spaces around it; a hyphen only joins a range when tight, and never
    # in a chain ("2020-01-15" is a date, not a range).
    pattern = re.compile(
        rf"(?<![\d/–-])(?P<a>{number})(?P<dash>[{_SPACES}]?–[{_SPACES}]?|-)(?P<b>{number})"
        rf"(?P<percent>[{_SPACES}]?%)?(?![\d/–-])"
    )

    def say(match: re.Match[str]) -> str:
        first = _parse_number(match.group("a"), lexicon)
        second = _parse_number(match.group("b"), lexicon)
        # "2019-20" is 2019 to 2020.
        short = len(second.digits) == 2 and not second.fraction
        if _is_year(first) and short and second.whole > first.whole % 100:
            whole = first.whole // 100 * 100 + second.whole
            second = _Number(whole, "", str(whole), False)
        if second.value <= first.value:
            return match.group(0)
        if _is_year(first) and _is_year(second):
            start, end = _year_words(first.whole, lexicon), _year_words(second.whole, lexicon)
        else:
            start, end = _number_words(first, lexicon), _number_words(second, lexicon)
        opener, joiner = _range_words(text, match.start(), lexicon)
        spoken = f"{opener}{start} {joiner} {end}"
        if match.group("percent"):
            spoken += f" {lexicon.word('percent')}"
        return spoken

    return pattern.sub(say, text)


def speak_ordinals(text: str, lexicon: Lexicon) -> str:
    """Say ordinals: "15th" → "fifteenth"; "10.º" → "décimo", "1.ª" → "primera", "1.er" →
    "primer"."""
    if lexicon.language == "es":
        pattern = r"(?<![\w.,])(?P<n>\d+)(?:\.?(?P<sign>[ºª])|\.(?P<suffix>er|os|as)\b)"

        def say_es(match: re.Match[str]) -> str:
            value = int(match.group("n"))
            sign, suffix = match.group("sign"), match.group("suffix")
            feminine = sign == "ª" or suffix == "as"
            words = (
                _feminine_es().to_ordinal(value)
                if feminine
                else num2words(value, lang="es", to="ordinal")
            )
            if suffix == "er":
                words = re.sub(r"(prim|terc)ero$", r"\1er", words)
            if suffix in ("os", "as"):
                words += "s"
            return words

        return re.sub(pattern, say_es, text)
    return re.sub(
        r"(?<![\w.,])(\d+)(?:st|nd|rd|th)\b",
        lambda m: _american(num2words(int(m.group(1)), lang=lexicon.language, to="ordinal")),
        text,
    )


def speak_times(text: str, lexicon: Lexicon) -> str:
    """Say clock times: "12:30" → "twelve thirty", "10:05" → "ten oh five" / "diez y cinco"."""

    def say(match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 24 or minute > 59:
            return match.group(0)
        spoken_hour = _cardinal(hour, lexicon)
        if minute == 0:
            return spoken_hour
        if lexicon.language == "es":
            return f"{spoken_hour} y {_cardinal(minute, lexicon)}"
        oh = "oh " if minute < 10 else ""
        return f"{spoken_hour} {oh}{_cardinal(minute, lexicon)}"

    return re.sub(r"(?<![\d:.,])(\d{1,2}):(\d{2})(?![\d:])", say, text)


def speak_years(text: str, lexicon: Lexicon) -> str:
    """Say years: a lone four-digit number from 1100 to 2099, unless it counts a noun.

    English says "twenty twenty", "two thousand nine", "the 1990s" → "the nineteen nineties";
    Spanish says years as numbers ("dos mil veinte").
    """
    pattern = r"(?<![\w$€£.,])(?P<year>1[1-9]\d\d|20\d\d)(?P<decade>s)?(?![\w%]|[.,]\d)"

    def say(match: re.Match[str]) -> str:
        year = int(match.group("year"))
        if match.group("decade") and lexicon.language == "en":
            words = _year_words(year, lexicon)
            return re.sub(r"y$", "ie", words) + "s"
        if match.group("decade") or _counts_a_noun(text, match.end(), lexicon):
            return match.group(0)
        return _year_words(year, lexicon)

    return re.sub(pattern, say, text)


def speak_numbers(text: str, lexicon: Lexicon) -> str:
    """Say the numbers left: cardinals, decimals, thousands ("1,500", "1.500", "1 500").

    In Spanish a number agrees with the noun it counts: "veintiuna embajadoras", "una
    organización", "veintiún embajadores".
    """

    def say(match: re.Match[str]) -> str:
        number = _parse_number(match.group(0), lexicon)
        words = _number_words(number, lexicon, _gender_after(text, match.end(), lexicon))
        # Digits glued to letters ("G20", "5G") are said apart: "G twenty", "five G".
        before = " " if match.start() > 0 and text[match.start() - 1].isalpha() else ""
        after = " " if match.end() < len(text) and text[match.end()].isalpha() else ""
        return f"{before}{words}{after}"

    return re.sub(_number_pattern(lexicon), say, text)


def pause_for_dashes(text: str, lexicon: Lexicon) -> str:
    """Turn dashes set around a phrase into a comma pause; an en dash joining words into a space.

    "Mexico—and the U.S.—agree" → "Mexico, and the U.S., agree"; "México–Estados Unidos" →
    "México Estados Unidos". A hyphen inside a word ("cross-border") stays: voices read it well.
    """
    text = re.sub(r"[ \t]*(?:—|―|--)[ \t]*|[ \t]+[–-][ \t]+", ", ", text)
    text = re.sub(r"(?<=\w)–(?=\w)", " ", text)
    return re.sub(r"^[ \t]*(?:,[ \t]*|[–-][ \t]+)", "", text)


def drop_quotes(text: str, lexicon: Lexicon) -> str:
    """Remove quotation marks, which voices read as odd pauses; keep apostrophes in words."""
    text = re.sub(r"[“”„‟«»‹›\"‘`]", "", text)
    text = re.sub(rf"(?<={_LETTER})’(?={_LETTER})", "'", text)
    return text.replace("’", "")


def pause_for_parentheses(text: str, lexicon: Lexicon) -> str:
    """Read brackets as pauses: "in Mexico (Fundemex)." → "in Mexico, Fundemex."."""
    text = re.sub(r"[ \t]*[(\[{][ \t]*", ", ", text)
    return re.sub(r"[ \t]*[)\]}]", ",", text)


def tidy_pauses(text: str, lexicon: Lexicon) -> str:
    """Merge the commas the pause rules leave next to each other or next to other punctuation."""
    text = re.sub(r"[ \t]*,(?:[ \t]*,)+", ",", text)
    text = re.sub(r"[ \t]*,[ \t]*(?=[.;:!?])", "", text)
    text = re.sub(r"(?<=[.;:!?])[ \t]*,", "", text)
    text = re.sub(r"^[\s,]+", "", text)
    return re.sub(r"[\s,]+$", "", text)


def collapse_whitespace(text: str, lexicon: Lexicon) -> str:
    """Collapse runs of whitespace to one space, with none before punctuation."""
    text = " ".join(text.split())
    return re.sub(r" +(?=[,.;:!?])", "", text)


# --------------------------------------------------------------------------------------------
# The chains

_CHAIN: tuple[Rule, ...] = (
    apply_pronunciations,  # first: a report's own word wins over every rule below
    speak_urls,  # before anything reads the dots, digits and slashes of an address
    pause_for_ellipses,  # before abbreviations, whose dots an ellipsis would join
    expand_abbreviations,
    speak_currency,  # before initialisms: "US$800" is dollars, not "U S"
    speak_initialisms,
    speak_symbols,  # before numbers, so "#5" and "§ 5" become "number 5", "section 5"
    speak_ranges,  # the number rules run most specific first; "10–15%" is one range
    speak_percentages,
    speak_ordinals,
    speak_times,
    speak_years,
    speak_numbers,
    pause_for_dashes,  # after ranges, which take the dashes between numbers
    drop_quotes,
    pause_for_parentheses,
    tidy_pauses,
    collapse_whitespace,
)

# The chain per language. The rules are shared; what they say comes from the lexicon.
RULES: dict[str, tuple[Rule, ...]] = {"en": _CHAIN, "es": _CHAIN}

UrlHandling = Literal["speak", "skip"]


def rules_for(language: str, urls: UrlHandling = "speak") -> tuple[Rule, ...]:
    """Return the chain of rules for ``language``, with web addresses spoken or skipped."""
    if language not in RULES:
        raise ConfigError(
            f"no speech normalisation for language {language!r}; choose one of: {', '.join(RULES)}"
        )
    if urls not in ("speak", "skip"):
        raise ConfigError(f"urls must be 'speak' or 'skip', not {urls!r}")
    if urls == "speak":
        return RULES[language]
    return tuple(skip_urls if rule is speak_urls else rule for rule in RULES[language])


def normalise_for_speech(
    text: str, language: str, lexicon: Lexicon | None = None, urls: UrlHandling = "speak"
) -> str:
    """Return ``text`` as the voice should read it: numbers, initialisms, symbols in words."""
    rules = rules_for(language, urls)
    lexicon = lexicon if lexicon is not None else load_lexicon(language)
    if lexicon.language != language:
        raise ConfigError(f"a {lexicon.language} lexicon cannot normalise {language} text")
    for rule in rules:
        text = rule(text, lexicon)
    return text


def _explain(rules: Iterable[Rule], text: str, lexicon: Lexicon) -> list[str]:
    """Return one line per rule that changed ``text``: what a person editing the lexicon needs."""
    lines = [f"{'input':>22}: {text}"]
    for rule in rules:
        changed = rule(text, lexicon)
        if changed != text:
            lines.append(f"{rule.__name__:>22}: {changed}")
        text = changed
    return lines


if __name__ == "__main__":
    # python -m pipeline.speech.normalise LANGUAGE "TEXT" [LEXICON_DIR (default: source)]
    if len(sys.argv) not in (3, 4):
        sys.exit('usage: python -m pipeline.speech.normalise en|es "text" [lexicon folder]')
    _language, _text = sys.argv[1], sys.argv[2]
    _folder = Path(sys.argv[3]) if len(sys.argv) == 4 else Path("source")
    try:
        _lexicon = load_lexicon(_language, _folder)
        sys.stdout.write("\n".join(_explain(rules_for(_language), _text, _lexicon)) + "\n")
    except ConfigError as _error:
        sys.exit(f"error: {_error}")
