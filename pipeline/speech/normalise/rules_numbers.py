"""Rules for the numbers themselves: signs, ranges, percentages, ordinals, years, cardinals."""

from __future__ import annotations

import re

from pipeline.speech.normalise.lexicon import Lexicon
from pipeline.speech.normalise.numbers import (
    ParsedNumber,
    counts_a_noun,
    gender_after,
    is_year,
    number_pattern,
    parse_number,
    say_decimal,
    say_digits,
    say_number,
    year_words,
)
from pipeline.speech.normalise.ordinals import ordinal, ordinal_es
from pipeline.speech.normalise.rules_money import range_words
from pipeline.speech.normalise.tokens import SPACES, next_word, previous_word

# Scale letters that follow an amount without a currency sign: "2.4M", "3bn". "B", "K" and
# "T" count only after a sign ("Section 3B" is a label, not three billion).
_BARE_SUFFIXES = ("M", "MM", "bn", "mn", "tn")


def speak_signs(text: str, lexicon: Lexicon) -> str:
    """Say a minus or plus sign before a number: "-2" → "minus two", "+5%" → "plus five
    percent". A dash after a word or a number joins them ("COVID-19", "10-15") and stays."""
    text = re.sub(r"(?<![^\s(\[])[-−](?=\.?\d)", f"{lexicon.word('minus')} ", text)
    return re.sub(r"(?<![^\s(\[])\+(?=\.?\d)", f"{lexicon.word('plus')} ", text)


def speak_percentages(text: str, lexicon: Lexicon) -> str:
    """Say percentages: "3.7%" → "three point seven percent", "3,7 %" → "tres coma siete por
    ciento"."""
    percent = lexicon.word("percent")
    pattern = rf"(?P<amount>{number_pattern(lexicon)}|(?<![\w.,])\.\d+)[{SPACES}]?%"

    def say(match: re.Match[str]) -> str:
        written = match.group("amount")
        if written.startswith("."):
            return f"{say_decimal(None, written[1:], lexicon, mark='.')} {percent}"
        number = parse_number(written, lexicon)
        return f"{say_number(number, lexicon)} {percent}"

    text = re.sub(pattern, say, text)
    # A "%" left without a number before it is still said.
    return re.sub(r"[ \t]*%", f" {percent}", text)


def speak_ranges(text: str, lexicon: Lexicon) -> str:
    """Say ranges: "2019–2020" → "twenty nineteen to twenty twenty" / "de dos mil diecinueve a
    dos mil veinte"; "20%–30%" → "twenty to thirty percent"; after "between"/"entre",
    "... and ..." / "... y ...". Falling numbers joined by an en dash are a tally: "228–206"
    → "two hundred and twenty-eight to two hundred and six" / "doscientos veintiocho a
    doscientos seis"."""
    number = number_pattern(lexicon)
    # An en dash may have spaces around it; a hyphen only joins a range when tight, and never
    # in a chain ("2020-01-15" is a date, not a range).
    pattern = re.compile(
        rf"(?<![\d/–.,-])(?P<a>{number})(?P<first_percent>[{SPACES}]?%)?"
        rf"(?P<dash>[{SPACES}]?–[{SPACES}]?|-)(?P<b>{number})"
        rf"(?P<percent>[{SPACES}]?%)?(?![\d/–-])"
    )

    def say(match: re.Match[str]) -> str:
        first = parse_number(match.group("a"), lexicon)
        second = parse_number(match.group("b"), lexicon)
        if match.group("first_percent") and not match.group("percent"):
            return match.group(0)
        # "2019-20" is 2019 to 2020.
        short = len(second.digits) == 2 and not second.fraction
        if is_year(first) and short and second.whole > first.whole % 100:
            whole = first.whole // 100 * 100 + second.whole
            second = ParsedNumber(whole, "", str(whole), False)
        if second.value <= first.value:
            if "–" not in match.group("dash") or match.group("percent") or first.fraction:
                return match.group(0)
            # A tally, not a range: a vote ("passed 228–206"), a score ("won 3–1").
            return _joined_by_to(first, second, text, match.end(), lexicon)
        if is_year(first) and is_year(second):
            start, end = year_words(first.whole, lexicon), year_words(second.whole, lexicon)
        else:
            gender = gender_after(text, match.end(), lexicon)
            start, end = say_number(first, lexicon, gender), say_number(second, lexicon, gender)
        opener, joiner = range_words(text, match.start(), lexicon)
        spoken = f"{opener}{start} {joiner} {end}"
        if match.group("percent"):
            spoken += f" {lexicon.word('percent')}"
        return spoken

    return pattern.sub(say, text)


def _joined_by_to(
    first: ParsedNumber, second: ParsedNumber, text: str, end: int, lexicon: Lexicon
) -> str:
    gender = gender_after(text, end, lexicon)
    if is_year(first) and is_year(second):
        start, finish = year_words(first.whole, lexicon), year_words(second.whole, lexicon)
    else:
        start, finish = say_number(first, lexicon, gender), say_number(second, lexicon, gender)
    return f"{start} {lexicon.word('range_to')} {finish}"


def speak_ratios(text: str, lexicon: Lexicon) -> str:
    """Say ratios: "3:1" → "three to one" / "tres a uno", "1:24,000" → "one to twenty-four
    thousand". Clock times ("12:30") are taken before, by ``speak_times``; two digits after
    the colon ("99:99", "1:10") are left as a clock's, whose reading a voice can follow."""
    number = number_pattern(lexicon)
    pattern = re.compile(rf"(?<![\w:.,/])(?P<a>{number}):(?P<b>{number})(?![\w:/]|[.,]\d)")

    def say(match: re.Match[str]) -> str:
        if re.fullmatch(r"\d\d", match.group("b")):
            return match.group(0)
        first = parse_number(match.group("a"), lexicon)
        second = parse_number(match.group("b"), lexicon)
        return _joined_by_to(first, second, text, match.end(), lexicon)

    return pattern.sub(say, text)


_SUFFIX_EN = {1: "st", 2: "nd", 3: "rd"}
# Spanish ordinal marks: "1.º", "1.ª", "1.er", "1.ᵉʳ", "1er", "1ro", "2do", "4to", "7mo", "3.os".
_MARKS_ES = (
    r"(?:\.?(?P<sign>[ºª]|ᵉʳ|ᵒ|ᵃ)|\.?(?P<suffix>er|os|as|ros|ras|ro|ra|do|da|dos|das|to|ta|"
    r"tos|tas|mo|ma|vo|va|no|na|o|a)\b)"
)


def speak_ordinals(text: str, lexicon: Lexicon) -> str:
    """Say ordinals: "15th" → "fifteenth", "1,000th" → "one thousandth"; "10.º" → "décimo",
    "1.ª" → "primera", "1.er" → "primer", "21.ª" → "vigesimoprimera", "2do" → "segundo".

    A suffix that does not fit the number ("1th", "4rd") is no ordinal: the number is read
    and the letters stay, as written.
    """
    if lexicon.language == "es":
        number = r"\d{1,3}(?:[.\u00a0 ]\d{3})+|\d+"

        def say_es(match: re.Match[str]) -> str:
            value = int(re.sub(r"\D", "", match.group("n")))
            sign, suffix = match.group("sign") or "", match.group("suffix") or ""
            feminine = sign in ("ª", "ᵃ") or suffix.rstrip("s").endswith("a")
            apocope = sign == "ᵉʳ" or suffix == "er"
            if not (feminine or apocope or suffix.endswith("s")):
                # "el 3.º año" → "tercer año": before a masculine noun, the short form.
                apocope = gender_after(text, match.end(), lexicon) == "m"
            words = ordinal_es(value, "f" if feminine else "m", apocope)
            if suffix.endswith("s"):
                words = " ".join(word + "s" for word in words.split())
            return words

        return re.sub(rf"(?<![\w.,])(?P<n>{number}){_MARKS_ES}", say_es, text)

    def say_en(match: re.Match[str]) -> str:
        value = int(match.group("n").replace(",", ""))
        suffix = match.group("suffix").lower()
        expected = "th" if value % 100 in (11, 12, 13) else _SUFFIX_EN.get(value % 10, "th")
        if suffix != expected:
            return match.group(0)
        return ordinal(value, lexicon)

    return re.sub(
        r"(?<![\w.,])(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?P<suffix>st|nd|rd|th|ST|ND|RD|TH)\b",
        say_en,
        text,
    )


def speak_years(text: str, lexicon: Lexicon) -> str:
    """Say years: a lone four-digit number from 1100 to 2099, unless it counts a noun.

    English says "twenty twenty", "two thousand nine"; Spanish says years as numbers ("dos
    mil veinte").
    """
    pattern = r"(?<![\w$€£.,])(?P<year>1[1-9]\d\d|20\d\d)(?![\w%]|[.,]\d)"

    def say(match: re.Match[str]) -> str:
        # After a preposition an English four-digit number is a year ("of 2020 saw"): counts
        # that size are written with a comma ("2,020 candidates").
        previous = previous_word(text, match.start())
        after_preposition = (
            lexicon.language == "en"
            and previous is not None
            and previous.lower() in lexicon.function_words
        )
        if (
            counts_a_noun(text, match.end(), lexicon)
            and not after_preposition
            and not _names_its_year(text, match, lexicon)
        ):
            return match.group(0)
        return year_words(int(match.group("year")), lexicon)

    return re.sub(pattern, say, text)


_DETERMINERS_EN = frozenset(
    ["a", "an", "the", "its", "their", "this", "that", "each", "every", "his", "her", "our", "your"]
)
# Plurals that do not end in "s": "the 2000 people" counts them.
_PLURALS_EN = frozenset(
    [
        "people",
        "children",
        "men",
        "women",
        "staff",
        "personnel",
        "police",
        "cattle",
        "livestock",
        "feet",
        "data",
        "media",
        "criteria",
        "aircraft",
        "fish",
        "sheep",
        "deer",
    ]
)


def _names_its_year(text: str, match: re.Match[str], lexicon: Lexicon) -> bool:
    """ "a 2022 report", "the 2020 election": after a determiner and before a noun in the
    singular, an English four-digit number says which year's; a count would take a plural
    ("the 2000 reports")."""
    if lexicon.language != "en":
        return False
    previous = previous_word(text, match.start())
    following = next_word(text, match.end())
    return (
        previous is not None
        and previous.lower() in _DETERMINERS_EN
        and following is not None
        and not following.endswith("s")
        and following not in _PLURALS_EN
    )


def speak_numbers(text: str, lexicon: Lexicon) -> str:
    """Say the numbers left: cardinals, decimals, thousands ("1,500", "1.500", "1 500").

    In Spanish a number agrees with the noun it counts: "veintiuna embajadoras", "una
    organización", "veintiún embajadores". In English, five digits or more written without
    commas are a code (a ZIP code, a serial number) and are read digit by digit; "2.4M" is
    "two point four million"; ".5" is "point five".
    """
    suffixes = "|".join(re.escape(s) for s in _BARE_SUFFIXES if s in lexicon.scale_suffixes)
    suffix = rf"(?P<suffix>{suffixes})(?![\w-])" if suffixes else "(?P<suffix>(?!))"

    def say(match: re.Match[str]) -> str:
        written = match.group("number")
        if written.startswith("."):
            words = say_decimal(None, written[1:], lexicon, mark=".")
        else:
            number = parse_number(written, lexicon)
            long_code = (
                lexicon.language == "en"
                and not number.grouped
                and not number.fraction
                and len(number.digits) >= 5
                and not match.group("suffix")
            )
            if long_code:
                words = say_digits(number.digits, lexicon)
            else:
                gender = gender_after(text, match.end(), lexicon)
                labelled = previous_word(text, match.start())
                if labelled is not None and labelled.lower() in lexicon.label_words:
                    gender = None  # "Tabla 1 muestra": a label, said "uno"
                words = say_number(number, lexicon, "m" if match.group("suffix") else gender)
        if match.group("suffix"):
            words += f" {lexicon.scale_suffixes[match.group('suffix')]}"
        # Digits glued to letters ("G20", "5G") are said apart: "G twenty", "five G".
        before = " " if match.start() > 0 and text[match.start() - 1].isalpha() else ""
        after = " " if match.end() < len(text) and text[match.end()].isalpha() else ""
        return f"{before}{words}{after}"

    return re.sub(
        rf"(?P<number>{number_pattern(lexicon)}|(?<![\w.,])\.\d+)(?:{suffix})?", say, text
    )
