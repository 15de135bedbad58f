"""Rules for the numbers themselves: ranges, percentages, ordinals, times, years, cardinals."""

from __future__ import annotations

import re

from num2words import num2words

from pipeline.speech.normalise.lexicon import Lexicon
from pipeline.speech.normalise.numbers import (
    ParsedNumber,
    american,
    cardinal,
    counts_a_noun,
    feminine_es,
    gender_after,
    is_year,
    number_pattern,
    parse_number,
    say_number,
    year_words,
)
from pipeline.speech.normalise.rules_money import range_words
from pipeline.speech.normalise.tokens import SPACES


def speak_percentages(text: str, lexicon: Lexicon) -> str:
    """Say percentages: "3.7%" → "three point seven percent", "3,7 %" → "tres coma siete por
    ciento"."""
    percent = lexicon.word("percent")
    pattern = rf"(?P<amount>{number_pattern(lexicon)})[{SPACES}]?%"

    def say(match: re.Match[str]) -> str:
        number = parse_number(match.group("amount"), lexicon)
        return f"{say_number(number, lexicon)} {percent}"

    text = re.sub(pattern, say, text)
    # A "%" left without a number before it is still said.
    return re.sub(r"[ \t]*%", f" {percent}", text)


def speak_ranges(text: str, lexicon: Lexicon) -> str:
    """Say ranges: "2019–2020" → "twenty nineteen to twenty twenty" / "de dos mil diecinueve a
    dos mil veinte"; after "between"/"entre", "... and ..." / "... y ..."."""
    number = number_pattern(lexicon)
    # An en dash may have spaces around it; a hyphen only joins a range when tight, and never
    # in a chain ("2020-01-15" is a date, not a range).
    pattern = re.compile(
        rf"(?<![\d/–-])(?P<a>{number})(?P<dash>[{SPACES}]?–[{SPACES}]?|-)(?P<b>{number})"
        rf"(?P<percent>[{SPACES}]?%)?(?![\d/–-])"
    )

    def say(match: re.Match[str]) -> str:
        first = parse_number(match.group("a"), lexicon)
        second = parse_number(match.group("b"), lexicon)
        # "2019-20" is 2019 to 2020.
        short = len(second.digits) == 2 and not second.fraction
        if is_year(first) and short and second.whole > first.whole % 100:
            whole = first.whole // 100 * 100 + second.whole
            second = ParsedNumber(whole, "", str(whole), False)
        if second.value <= first.value:
            return match.group(0)
        if is_year(first) and is_year(second):
            start, end = year_words(first.whole, lexicon), year_words(second.whole, lexicon)
        else:
            start, end = say_number(first, lexicon), say_number(second, lexicon)
        opener, joiner = range_words(text, match.start(), lexicon)
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
                feminine_es().to_ordinal(value)
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
        lambda m: american(num2words(int(m.group(1)), lang=lexicon.language, to="ordinal")),
        text,
    )


def speak_times(text: str, lexicon: Lexicon) -> str:
    """Say clock times: "12:30" → "twelve thirty", "10:05" → "ten oh five" / "diez y cinco"."""

    def say(match: re.Match[str]) -> str:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour > 24 or minute > 59:
            return match.group(0)
        spoken_hour = cardinal(hour, lexicon)
        if minute == 0:
            return spoken_hour
        if lexicon.language == "es":
            return f"{spoken_hour} y {cardinal(minute, lexicon)}"
        oh = "oh " if minute < 10 else ""
        return f"{spoken_hour} {oh}{cardinal(minute, lexicon)}"

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
            words = year_words(year, lexicon)
            return re.sub(r"y$", "ie", words) + "s"
        if match.group("decade") or counts_a_noun(text, match.end(), lexicon):
            return match.group(0)
        return year_words(year, lexicon)

    return re.sub(pattern, say, text)


def speak_numbers(text: str, lexicon: Lexicon) -> str:
    """Say the numbers left: cardinals, decimals, thousands ("1,500", "1.500", "1 500").

    In Spanish a number agrees with the noun it counts: "veintiuna embajadoras", "una
    organización", "veintiún embajadores".
    """

    def say(match: re.Match[str]) -> str:
        number = parse_number(match.group(0), lexicon)
        words = say_number(number, lexicon, gender_after(text, match.end(), lexicon))
        # Digits glued to letters ("G20", "5G") are said apart: "G twenty", "five G".
        before = " " if match.start() > 0 and text[match.start() - 1].isalpha() else ""
        after = " " if match.end() < len(text) and text[match.end()].isalpha() else ""
        return f"{before}{words}{after}"

    return re.sub(number_pattern(lexicon), say, text)
