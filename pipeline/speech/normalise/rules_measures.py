"""Rules for fractions and measures: "2/3" → "two thirds", "4 1/2 lbs" → "four and a half
pounds", "38°C" → "thirty-eight degrees Celsius", "245 mph" → "doscientas cuarenta y cinco
millas por hora", "1 1/2 m" → "uno y medio metro".

A Spanish number agrees with its unit ("una hora", "doscientas millas"): the unit's gender
comes from the lexicon's agreement lists, like any noun's.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.speech.normalise.lexicon import Gender, Lexicon, Unit
from pipeline.speech.normalise.numbers import (
    cardinal,
    gender_after,
    noun_gender,
    number_pattern,
    parse_number,
    say_number,
)
from pipeline.speech.normalise.ordinals import denominator, ordinal_es
from pipeline.speech.normalise.tokens import SPACES, is_attributive, next_word

_SP = f"[{SPACES}]"
# Units said only when apart from the number: "80s" is a decade, "80 s" eighty seconds.
_SPACED_ONLY = frozenset({"s"})
_VULGAR = {
    "½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5",
    "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8",
    "⅞": "7/8",
}  # fmt: skip


def _fraction(lexicon: Lexicon) -> str:
    """Return the regex of "1/2", "3 2/4", "1/4th", and in Spanish "1/100.000"."""
    den = r"\d{1,3}(?:\.\d{3})+|\d+" if lexicon.language == "es" else r"\d+"
    return (
        rf"(?:(?P<whole>\d+)[ ]+)?(?P<num>\d+)/(?P<den>{den})"
        r"(?:st|nd|rd|th|ST|ND|RD|TH|avos?)?"
    )


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and 1900 <= int(digits) <= 2099


def say_fraction(
    num: int, den: int, lexicon: Lexicon, whole: int | None = None, gender: Gender = None
) -> str:
    """Return a fraction in words: "two thirds", "three and a half", "dos y medio",
    "uno sobre ciento uno"; ``gender`` is the gender of what it counts (Spanish)."""
    parts = denominator(den, num != 1, lexicon)
    spanish = lexicon.language == "es"
    if parts is None:
        said = f"{cardinal(num, lexicon)} {lexicon.word('over')} {cardinal(den, lexicon)}"
    elif spanish and den == 2:
        half = "media" if gender == "f" else "medio"
        said = half if num == 1 else f"{cardinal(num, lexicon)} {parts}"
    elif spanish:
        said = f"{cardinal(num, lexicon, 'm')} {parts}"
    elif whole is not None and num == 1 and den == 2:
        said = f"a {parts}"
    else:
        said = f"{cardinal(num, lexicon)} {parts}"
    if whole is None:
        if spanish and num == 1 and den == 2 and gender is None:
            return f"un {said}"
        return said
    whole_gender: Gender = "f" if gender == "f" else None
    return f"{cardinal(whole, lexicon, whole_gender)} {lexicon.word('and')} {said}"


def speak_fractions(text: str, lexicon: Lexicon) -> str:
    """Say fractions and mixed numbers: "2/3" → "two thirds"/"dos tercios", "2 1/2" → "two and
    a half", "1/4th" → "one quarter", "2/3 partes" → "dos terceras partes".

    A fraction whose denominator looks like a year ("123/2021") is an identifier, and "24/7"
    is a set phrase of the lexicon: neither is read as a fraction.
    """
    for glyph, written in _VULGAR.items():
        text = re.sub(rf"(?<=\d){glyph}", f" {written}", text)
        text = text.replace(glyph, written)

    rates = _rate_words(lexicon)

    def say(match: re.Match[str]) -> str:
        num, den = int(match.group("num")), int(match.group("den").replace(".", ""))
        if den == 0 or (_is_year(match.group("den")) and num != 1):
            return match.group(0)
        whole = int(match.group("whole")) if match.group("whole") else None
        minus = f"{lexicon.word('minus')} " if match.group("minus") else ""
        noun = next_word(text, match.end())
        if whole is None and _a_pair(num, den, noun in rates):
            return minus + _say_pair(num, den, lexicon)
        if lexicon.language == "es" and noun in ("parte", "partes") and whole is None:
            # "dos terceras partes": the ordinal, feminine, as Spanish counts parts.
            said_num = cardinal(num, lexicon, "f")
            return f"{minus}{said_num} {ordinal_es(den, 'f')}{'s' if num != 1 else ''}"
        # "1/2 hora" is "media hora": a half agrees with the noun it halves.
        gender = gender_after(text, match.end(), lexicon) if (num, den) == (1, 2) else None
        return minus + say_fraction(num, den, lexicon, whole, gender)

    return re.sub(
        rf"(?<![\w/.,-])(?:(?P<minus>(?<![^\s(])[-−]))?{_fraction(lexicon)}(?![\w/]|[.,]\d)",
        say,
        text,
    )


def _a_pair(num: int, den: int, rate: bool) -> bool:
    """Whether "num/den" is two numbers, not a fraction: "100/20 Mbps" is two speeds (down
    and up), "25/3 Mbps" too; "50/50" is two shares. Not a hundred twentieths."""
    return rate or num >= den > 4


def _say_pair(num: int, den: int, lexicon: Lexicon) -> str:
    if num == den:  # "a 50/50 split" is "a fifty-fifty split"
        return f"{cardinal(num, lexicon)}-{cardinal(den, lexicon)}"
    return f"{cardinal(num, lexicon)} {lexicon.word('slash')} {cardinal(den, lexicon)}"


def _rate_words(lexicon: Lexicon) -> frozenset[str]:
    """The first words of the data rates the lexicon says ("megabits" of "Mbps")."""
    return frozenset(
        word.split()[0]
        for key, unit in lexicon.units.items()
        if key.lower().endswith("bps")
        for word in (unit.one, unit.many)
    )


@cache
def _unit_regex(units: frozenset[str]) -> str:
    return "|".join(re.escape(u) for u in sorted(units, key=lambda u: (-len(u), u)))


def _unit_words(unit: Unit, many: bool) -> str:
    return unit.many if many else unit.one


def _say_measure(match: re.Match[str], unit: Unit, lexicon: Lexicon, attributive: bool) -> str:
    gender = noun_gender(unit.one.split()[0], lexicon)
    spanish = lexicon.language == "es"
    minus = f"{lexicon.word('minus')} " if match.group("minus") else ""
    if match.group("den"):
        num, den = int(match.group("num")), int(match.group("den").replace(".", ""))
        whole = int(match.group("whole")) if match.group("whole") else None
        if whole is None and _a_pair(num, den, match.group("unit").lower().endswith("bps")):
            return f"{minus}{_say_pair(num, den, lexicon)} {_unit_words(unit, True)}"
        if spanish:
            said = say_fraction(num, den, lexicon, whole, gender or "m")
            if den == 2 and num == 1:
                return f"{minus}{said} {unit.one}"  # "una y media milla", "medio milímetro"
            return f"{minus}{said} de {unit.one}"  # "tres quintos de milla por hora"
        said = say_fraction(num, den, lexicon, whole)
        return f"{minus}{said} {_unit_words(unit, whole is not None or num > 1)}"
    number = parse_number(match.group("amount"), lexicon)
    scale = match.group("scale")
    hyphen = bool(match.group("hyphen")) or attributive
    if scale:
        said = f"{say_number(number, lexicon, 'm')} {lexicon.scales[scale]}"
        return f"{minus}{said} {_unit_words(unit, True)}"
    said = say_number(number, lexicon, gender)
    one = number.whole == 1 and not number.fraction
    return f"{minus}{said} {_unit_words(unit, not one and not hyphen)}"


def speak_measures(text: str, lexicon: Lexicon) -> str:
    """Say measures with units: "20 kg" → "twenty kilograms", "38°C" → "thirty-eight degrees
    Celsius", "12/kg" → "twelve per kilogram", "a 5-km race" → "a five kilometer race",
    "3 h" → "tres horas", "-2 km" → "menos dos kilómetros"."""
    if not lexicon.units:
        return text
    # "38 ° C", "-8° c", "45ºC" are "°C"; so the unit table needs one spelling.
    text = re.sub(r"[°º][ ]?([CcFfKk])(?![^\W\d_])", lambda m: "°" + m.group(1).upper(), text)
    units = _unit_regex(frozenset(lexicon.units))
    scales = "|".join(re.escape(s) for s in sorted(lexicon.scales, key=len, reverse=True))
    scale = rf"(?:{_SP}+(?P<scale>{scales}))?" if scales else "(?P<scale>(?!))?"
    amount = rf"(?:{_fraction(lexicon)}|(?P<amount>{number_pattern(lexicon)}))"
    pattern = re.compile(
        rf"(?<![\w.,/])(?P<minus>(?<![^\s(])[-−])?{amount}{scale}(?P<hyphen>-)?(?P<space>{_SP})?"
        rf"(?P<unit>{units})(?:/(?P<per>{units}|[^\W\d_]+))?(?![\w/])"
    )

    def say(match: re.Match[str]) -> str:
        if match.group("unit") in _SPACED_ONLY and not match.group("space"):
            return match.group(0)  # "los 80s" is a decade, not eighty seconds
        unit = lexicon.units[match.group("unit")]
        attributive = is_attributive(text, match.start(), match.end(), lexicon)
        said = _say_measure(match, unit, lexicon, attributive and not match.group("per"))
        per = match.group("per")
        if per:
            per_unit = lexicon.units.get(per)
            said += f" {lexicon.word('per')} {per_unit.one if per_unit else per}"
        return said

    text = pattern.sub(say, text)

    def say_rate(match: re.Match[str]) -> str:
        number = parse_number(match.group("amount"), lexicon)
        unit = lexicon.units[match.group("unit")]
        return f"{say_number(number, lexicon)} {lexicon.word('per')} {unit.one}"

    return re.sub(
        rf"(?<![\w.,/])(?P<amount>{number_pattern(lexicon)})/(?P<unit>{units})(?![\w/])",
        say_rate,
        text,
    )
