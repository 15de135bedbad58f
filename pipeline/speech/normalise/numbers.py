"""Numbers in words: cardinals, decimals, years, and Spanish gender agreement with the noun."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from num2words import num2words
from num2words.lang_ES import Num2Word_ES

from pipeline.speech.normalise.lexicon import Gender, Lexicon
from pipeline.speech.normalise.tokens import SPACES, next_word


@cache
def feminine_es() -> Num2Word_ES:
    # A converter of our own: num2words' shared one would change for everyone else.
    converter = Num2Word_ES()
    converter.gender_stem = "a"
    return converter


def cardinal(number: int, lexicon: Lexicon, gender: Gender = None) -> str:
    """Return ``number`` in words; in Spanish, agreeing with the noun's gender if one follows."""
    if lexicon.language == "es":
        return cardinal_es(number, gender)
    return american(num2words(number, lang=lexicon.language))


def american(words: str) -> str:
    # num2words writes British "one hundred and five" and "one thousand, five hundred";
    # American narrators say neither the "and" nor the pause of the comma.
    return re.sub(r"\band ", "", words.replace(",", ""))


def cardinal_es(number: int, gender: Gender) -> str:
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


def say_digits(digits: str, lexicon: Lexicon) -> str:
    return " ".join(cardinal(int(d), lexicon) for d in digits)


def say_decimal(whole: int, fraction: str, lexicon: Lexicon) -> str:
    """Return a decimal in words: "three point seven", "tres coma siete", "tres coma cero cinco"."""
    spoken_whole = cardinal(whole, lexicon)
    # Spanish reads a short fraction as a number ("tres coma setenta y cinco"); English, and
    # any fraction with a leading zero, digit by digit.
    if lexicon.language == "es" and len(fraction) <= 2 and not fraction.startswith("0"):
        spoken_fraction = cardinal(int(fraction), lexicon)
    else:
        spoken_fraction = say_digits(fraction, lexicon)
    return f"{spoken_whole} {lexicon.word('point')} {spoken_fraction}"


@dataclass(frozen=True)
class ParsedNumber:
    whole: int
    fraction: str  # digits after the decimal mark, "" if none
    digits: str  # the whole part's digits as written, separators removed
    grouped: bool  # written with thousands separators

    @property
    def value(self) -> Decimal:
        return Decimal(f"{self.whole}.{self.fraction or 0}")


# English: "1,500", "1,500.25", "3.7". Spanish: "1.500", "1 500", "1.500,25", "3,7", and
# Mexico's "1,500" and "3.7" too; three digits after one mark are taken as thousands.
NUMBER_EN = r"(?<!\d)(?:\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?)"
NUMBER_ES = (
    r"(?<!\d)(?:\d{1,3}(?:\.\d{3}(?!\d))+(?:,\d+)?"
    rf"|\d{{1,3}}(?:[{SPACES}]\d{{3}}(?!\d))+(?:,\d+)?"
    r"|\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?"
    r"|\d+(?:[.,]\d+)?)"
)


def number_pattern(lexicon: Lexicon) -> str:
    return NUMBER_ES if lexicon.language == "es" else NUMBER_EN


def parse_number(written: str, lexicon: Lexicon) -> ParsedNumber:
    if lexicon.language == "es":
        if re.fullmatch(rf"\d{{1,3}}(?:[.{SPACES}]\d{{3}})+(?:,\d+)?", written):
            whole, _, fraction = written.partition(",")
            return ParsedNumber(
                int(re.sub(r"\D", "", whole)), fraction, re.sub(r"\D", "", whole), True
            )
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", written):
            whole, _, fraction = written.partition(".")
            return ParsedNumber(int(whole.replace(",", "")), fraction, whole.replace(",", ""), True)
        whole, _, fraction = written.replace(",", ".").partition(".")
        return ParsedNumber(int(whole), fraction, whole, False)
    whole, _, fraction = written.partition(".")
    digits = whole.replace(",", "")
    return ParsedNumber(int(digits), fraction, digits, "," in whole)


def say_number(number: ParsedNumber, lexicon: Lexicon, gender: Gender = None) -> str:
    if number.fraction:
        return say_decimal(number.whole, number.fraction, lexicon)
    if len(number.digits) > 1 and number.digits.startswith("0"):
        # "007", "01234": a code, read digit by digit.
        return say_digits(number.digits, lexicon)
    return cardinal(number.whole, lexicon, gender)


def is_year(number: ParsedNumber) -> bool:
    return (
        not number.fraction
        and not number.grouped
        and len(number.digits) == 4
        and (1100 <= number.whole <= 2099)
    )


def year_words(year: int, lexicon: Lexicon) -> str:
    if lexicon.language == "en":
        # "twenty twenty", "nineteen oh five", "two thousand nine" (American, no "and").
        return american(num2words(year, lang="en", to="year")).replace("oh-", "oh ")
    return cardinal(year, lexicon)


def gender_after(text: str, position: int, lexicon: Lexicon) -> Gender:
    """Return the gender of the noun a number counts, from the word after it; None if no noun.

    Spanish only: a number before a noun agrees with it ("veintiuna embajadoras", "veintiún
    embajadores"); before anything else ("1 de enero") it stays "uno".
    """
    if not (lexicon.feminine_endings or lexicon.feminine_words):
        return None
    word = next_word(text, position)
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


def counts_a_noun(text: str, position: int, lexicon: Lexicon) -> bool:
    """Whether a lowercase word other than a function word follows: then a number is a count."""
    word = next_word(text, position)
    return word is not None and word.islower() and word not in lexicon.function_words
