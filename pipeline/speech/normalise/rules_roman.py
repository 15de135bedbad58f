"""Rules for Roman numerals where they are numbers: "siglo XIX" → "siglo diecinueve",
"Title IV" → "Title four", "World War II" → "World War two", "la LXV Legislatura" → "la
sexagésima quinta Legislatura".

Only after the lexicon's ``roman_after`` words, or between a Spanish article and a noun: a
capital "C", "D", "L" or "M" alone is a letter ("Part D", "Class C"), and "el MC" is a party.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.speech.normalise.lexicon import Lexicon
from pipeline.speech.normalise.numbers import cardinal
from pipeline.speech.normalise.ordinals import ordinal_es
from pipeline.speech.normalise.tokens import SPACES

_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
_VALID = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
# Capitals: two letters or more, or I, V, X alone. Lowercase: three letters or more ("año
# mcmlxxxix"); one or two only after "siglo" ("siglo xix"), since "vi" and "mi" are words.
_ROMAN = r"(?:[IVXLCDM]{2,}|[IVX]|[ivxlcdm]{3,}|[ivx]{1,2})"
_JOINERS = r"(?:,|and|or|to|through|y|e|o|a|al|–|-)"


def roman_value(written: str) -> int | None:
    """Return the value of a Roman numeral ("XIX" → 19), or None if it is not one."""
    lower = written.lower()
    if not lower or not _VALID.fullmatch(lower):
        return None
    total = 0
    for index, letter in enumerate(lower):
        value = _VALUES[letter]
        following = _VALUES[lower[index + 1]] if index + 1 < len(lower) else 0
        total += -value if value < following else value
    return total


@cache
def _after(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def speak_roman_numerals(text: str, lexicon: Lexicon) -> str:
    """Say Roman numerals that count: after "siglo", "Title", "World War", "fracción"...
    (cardinals: "siglo veintiuno", never "veintiún"), and between a Spanish article and a noun
    (ordinals agreeing with the article: "el XI apóstol" → "el undécimo apóstol")."""
    if lexicon.roman_after:
        words = _after(lexicon.roman_after)
        pattern = re.compile(
            rf"(?<![\w.])(?P<word>(?i:{words}))(?P<numerals>(?:[{SPACES}]*{_JOINERS}?[{SPACES}]+"
            rf"{_ROMAN}(?!\w|\.\w))+)"
        )

        def say_list(match: re.Match[str]) -> str:
            century = match.group("word").lower().startswith("siglo")

            def say(numeral: re.Match[str]) -> str:
                written = numeral.group(0)
                value = roman_value(written)
                if value is None or (written.islower() and len(written) < 3 and not century):
                    return written
                return cardinal(value, lexicon)

            numerals = re.sub(rf"(?<![\w]){_ROMAN}(?!\w)", say, match.group("numerals"))
            return match.group("word") + numerals

        text = pattern.sub(say_list, text)
    if lexicon.language != "es":
        return text

    def say_ordinal(match: re.Match[str]) -> str:
        value = roman_value(match.group("roman"))
        if value is None:
            return match.group(0)
        article = match.group("article")
        gender = "f" if article.lower() in ("la", "las") else "m"
        # "el XIII Congreso" → "decimotercer"; but 11 is "undécimo" before a noun too.
        apocope = gender == "m" and value % 100 != 11
        return f"{article} {ordinal_es(value, gender, apocope=apocope)}"

    return re.sub(
        rf"(?<![\w])(?P<article>[Ee]l|[Ll]a|[Ll]os|[Ll]as)[{SPACES}]+(?P<roman>[IVXL]{{2,}}|[IVX])"
        rf"(?=[{SPACES}]+[^\W\d_])",
        say_ordinal,
        text,
    )
