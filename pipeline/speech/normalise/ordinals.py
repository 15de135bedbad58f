"""Ordinals and fraction denominators in words: "twenty-first", "vigesimoprimera", "tercios".

Spanish ordinals follow the RAE as NeMo and narrators say them: one word from 11 to 29
("undécimo", "decimotercero", "vigesimoprimero"), separate words beyond ("trigésimo primero"),
"primer"/"tercer" before a masculine noun, every part feminine for a feminine one.
"""

from __future__ import annotations

import re
import unicodedata

from num2words import num2words

from pipeline.speech.normalise.lexicon import Gender, Lexicon
from pipeline.speech.normalise.numbers import american, cardinal, cardinal_es

# fmt: off
_UNITS = ["", "primero", "segundo", "tercero", "cuarto", "quinto", "sexto", "séptimo",
          "octavo", "noveno"]
_TENS = ["", "décimo", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo",
         "sexagésimo", "septuagésimo", "octogésimo", "nonagésimo"]
_HUNDREDS = ["", "centésimo", "ducentésimo", "tricentésimo", "cuadringentésimo",
             "quingentésimo", "sexcentésimo", "septingentésimo", "octingentésimo",
             "noningentésimo"]
# fmt: on


def _below_hundred_es(number: int, apocope: bool) -> str:
    tens, units = divmod(number, 10)
    if number == 11:
        return "decimoprimero" if apocope else "undécimo"
    if number == 12:
        return "duodécimo"
    if tens in (1, 2) and units:
        # "decimotercero", "vigesimoctavo": the RAE's one-word forms, as NeMo writes them.
        stem = "decimo" if tens == 1 else "vigesimo"
        unit = _UNITS[units]
        return stem + (unit[1:] if unit.startswith("o") else unit)
    return " ".join(w for w in (_TENS[tens], _UNITS[units]) if w)


def _ordinal_es_words(number: int, apocope: bool) -> str:
    if number >= 1_000_000 and number % 1_000_000 == 0:
        count = number // 1_000_000
        return "millonésimo" if count == 1 else _joined(count) + "millonésimo"
    parts = []
    thousands, rest = divmod(number, 1000)
    if thousands:
        parts.append("milésimo" if thousands == 1 else _joined(thousands) + "milésimo")
    hundreds, rest = divmod(rest, 100)
    if hundreds:
        parts.append(_HUNDREDS[hundreds])
    if rest:
        parts.append(_below_hundred_es(rest, apocope))
    return " ".join(parts)


def _joined(number: int) -> str:
    # "dosmilésimo", "cienmilésimo", "mildoscientosmillonésimo": the count, in one word.
    return cardinal_es(number, None).replace(" ", "").replace("uno", "un")


def ordinal_es(number: int, gender: Gender = "m", apocope: bool = False) -> str:
    """Return a Spanish ordinal: 21 → "vigesimoprimero"; feminine "vigesimoprimera";
    with ``apocope`` (before a masculine noun, "1.er") "vigesimoprimer"."""
    if number <= 0 or number >= 10**9:
        try:
            return num2words(number, lang="es", to="ordinal")
        except OverflowError:  # past num2words' scales: the digits, as a cardinal would
            return " ".join(cardinal_es(int(digit), None) for digit in str(number))
    words = _ordinal_es_words(number, apocope)
    if gender == "f":
        return re.sub(r"o\b", "a", words)
    if apocope:
        words = re.sub(r"(primer|tercer)o$", r"\1", words)
    return words


def ordinal(number: int, lexicon: Lexicon, gender: Gender = "m", apocope: bool = False) -> str:
    """Return ``number`` as an ordinal in the lexicon's language: "fifteenth", "décimo"."""
    if lexicon.language == "es":
        return ordinal_es(number, gender, apocope)
    if number >= 10**24:
        return cardinal(number, lexicon)
    return american(num2words(number, lang="en", to="ordinal"))


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _avo(number: int) -> str:
    """Return a Spanish partitive in -avo: 12 → "doceavo", 31 → "treintaiunavo"."""
    words = _plain(cardinal_es(number, None)).replace(" y ", "i").replace(" ", "")
    words = re.sub(r"uno$", "un", words)
    return (words[:-1] if words.endswith("a") else words) + "avo"


def _denominator_es(number: int) -> str | None:
    if number == 2:
        return "medio"
    if number == 3:
        return "tercio"
    if 4 <= number <= 10:
        return ordinal_es(number)
    if number < 100:
        return _avo(number)
    if number % 10**6 == 0:
        count = number // 10**6
        return "millonésimo" if count == 1 else _joined(count) + "millonésimo"
    if (number < 1000 and number % 100 == 0) or (number < 10**6 and number % 1000 == 0):
        return ordinal_es(number)
    return None


def denominator(number: int, plural: bool, lexicon: Lexicon) -> str | None:
    """Return the word for the parts a fraction counts ("thirds", "quinto"); None if there is
    none and the fraction is said "X over Y" ("uno sobre ciento uno", "two over one")."""
    if number <= 1:
        return None
    if lexicon.language == "es":
        word = _denominator_es(number)
        if word is None:
            return None
        return word + "s" if plural else word
    if number == 2:
        return lexicon.word("halves") if plural else lexicon.word("half")
    if number == 4:
        return lexicon.word("quarters") if plural else lexicon.word("quarter")
    word = ordinal(number, lexicon)
    return word + "s" if plural else word
