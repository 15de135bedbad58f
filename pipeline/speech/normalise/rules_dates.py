"""Rules for dates and periods: "March 31, 2021", "25 July", "2020-01-15", "15/01/2020",
"the '90s", "340 A.D.", "FY2023", "Q3 2019".

English says "March thirty-first, twenty twenty-one" and "the fifteenth of January";
Spanish "treinta y uno de marzo de dos mil veintiuno" and "primero de enero".
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.speech.normalise.lexicon import Lexicon
from pipeline.speech.normalise.numbers import cardinal, year_words
from pipeline.speech.normalise.ordinals import ordinal, ordinal_es
from pipeline.speech.normalise.tokens import SPACES, previous_word, token_regex

# Month names that are also common words when written in lowercase: read as months only
# next to a year ("17 may 2010"), never in "they may 5 times".
_COMMON_WORDS = frozenset({"may", "march", "mar", "sun", "sat", "wed"})
_DAY_SUFFIX = r"(?:st|nd|rd|th|ST|ND|RD|TH|º|°|ro)"
_GAP = rf"[{SPACES}]+"


@cache
def _names(table: frozenset[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    """Return a regex for a table's names (abbreviations with an optional dot), and a lookup."""
    lookup = {}
    alternatives = []
    for written, spoken in sorted(table, key=lambda item: -len(item[0])):
        lookup[written.lower()] = spoken
        lookup[written.lower() + "."] = spoken
        dot = r"\.?" if written != spoken else ""
        alternatives.append(re.escape(written) + dot)
    return rf"(?i:{'|'.join(alternatives)})(?!\w)", lookup


def _months(lexicon: Lexicon) -> tuple[str, dict[str, str]]:
    return _names(frozenset(lexicon.months.items()))


def _month_number(name: str, lexicon: Lexicon) -> int:
    canonical = list(dict.fromkeys(lexicon.months.values()))
    return canonical.index(name) + 1


def _month_by_number(number: int, lexicon: Lexicon) -> str:
    return list(dict.fromkeys(lexicon.months.values()))[number - 1]


def _day(day: int, lexicon: Lexicon) -> str:
    if lexicon.language == "es":
        # Mexico says "primero de enero", and the cardinal for every other day.
        return "primero" if day == 1 else cardinal(day, lexicon)
    return ordinal(day, lexicon)


def _year(written: str, lexicon: Lexicon) -> str:
    if len(written) == 2:
        # "11/17/05": "oh five"; "01/07/98": "ninety-eight".
        number = int(written)
        if lexicon.language == "en" and number < 10:
            return f"oh {cardinal(number, lexicon)}"
        return cardinal(number, lexicon)
    return year_words(int(written), lexicon)


def _date(day: int, month: int, year: str | None, lexicon: Lexicon, day_first: bool) -> str:
    """Return a date in words; English says "the Dth of Month" when the day was written first."""
    name = _month_by_number(month, lexicon)
    spoken_year = _year(year, lexicon) if year else ""
    if lexicon.language == "es":
        said = f"{_day(day, lexicon)} de {name}"
        return f"{said} de {spoken_year}" if year else said
    said = f"the {_day(day, lexicon)} of {name}" if day_first else f"{name} {_day(day, lexicon)}"
    return f"{said} {spoken_year}" if year else said


def _valid(day: int, month: int) -> bool:
    # "February 30" is read as written ("February thirtieth"): a narrator does not correct.
    return 1 <= month <= 12 and 1 <= day <= 31


def _numeric_dates(text: str, lexicon: Lexicon) -> str:
    def iso(match: re.Match[str]) -> str:
        year, month, day = match.group("y"), int(match.group("m")), int(match.group("d"))
        if not _valid(day, month):
            return match.group(0)
        return _date(day, month, year, lexicon, day_first=lexicon.language == "es")

    text = re.sub(
        r"(?<![\w/.:-])(?P<y>1\d{3}|20\d\d)(?P<s>[-/.])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})"
        r"(?![\w/:-]|[.,]\d)",
        iso,
        text,
    )

    def day_month_year(match: re.Match[str]) -> str:
        first, second, year = int(match.group("a")), int(match.group("b")), match.group("y")
        # English writes month first (10/06/2005), Spanish day first; a part over 12 decides.
        month_first = lexicon.language == "en"
        if first > 12:
            month_first = False
        elif second > 12:
            month_first = True
        day, month = (second, first) if month_first else (first, second)
        if not _valid(day, month) or (len(year) == 2 and match.group("s") != "/"):
            return match.group(0)
        return _date(day, month, year, lexicon, day_first=not month_first)

    return re.sub(
        r"(?<![\w/.:,-])(?P<a>\d{1,2})(?P<s>[-/.])(?P<b>\d{1,2})(?P=s)(?P<y>\d{4}|\d{2})"
        r"(?![\w/:-]|[.,]\d)",
        day_month_year,
        text,
    )


def _named_dates(text: str, lexicon: Lexicon) -> str:
    months, lookup = _months(lexicon)
    weekdays, weekday_lookup = _names(frozenset(lexicon.weekdays.items()))
    day = rf"(?P<day>[12]\d|3[01]|0?[1-9]){_DAY_SUFFIX}?"
    year = r"(?P<year>1\d{3}|20\d\d)(?![\w%]|[.,]\d)"
    spanish = lexicon.language == "es"

    def month_of(match: re.Match[str]) -> str | None:
        written = match.group("month")
        if written in _COMMON_WORDS and not match.group("year"):
            return None
        return lookup[written.lower()]

    def weekday_of(match: re.Match[str]) -> str:
        written = match.group("weekday")
        return f"{weekday_lookup[written.lower()]} " if written else ""

    def month_first(match: re.Match[str]) -> str:
        name = month_of(match)
        if name is None:
            return match.group(0)
        number, said_day = int(match.group("day")), _day(int(match.group("day")), lexicon)
        to = match.group("to")
        if spanish:
            said = f"{said_day} de {name}"
            if to:
                said = f"{said_day} al {_day(int(to), lexicon)} de {name}"
            if match.group("year"):
                said += f" de {_year(match.group('year'), lexicon)}"
            return weekday_of(match) + said
        said = f"{name} {_day(number, lexicon)}"
        if to:
            said += f" {lexicon.word('range_to')} {_day(int(to), lexicon)}"
        if match.group("year"):
            said += f"{match.group('comma') or ' '}{_year(match.group('year'), lexicon)}"
        return weekday_of(match) + said

    month_first_pattern = (
        rf"(?<![\w.])(?:(?P<weekday>{weekdays}),?{_GAP})?(?P<month>{months})[{SPACES}-]+{day}"
        rf"(?:[{SPACES}]?[–-][{SPACES}]?(?P<to>[12]\d|3[01]|0?[1-9]){_DAY_SUFFIX}?)?"
        rf"(?![\d:]|[.,]\d)(?:(?P<comma>,?[{SPACES}-]+)(?:del?{_GAP})?{year})?"
    )

    def day_first(match: re.Match[str]) -> str:
        name = month_of(match)
        if name is None:
            return match.group(0)
        number = int(match.group("day"))
        year_part = match.group("year")
        if spanish:
            said = f"{_day(number, lexicon)} de {name}"
            if year_part:
                said += f" {match.group('del') or 'de'} {_year(year_part, lexicon)}"
            return weekday_of(match) + said
        the = "" if match.group("the") else "the "
        said = f"{match.group('the') or ''}{the}{_day(number, lexicon)} of {name}"
        if year_part:
            said += f"{match.group('comma') or ' '}{_year(year_part, lexicon)}"
        return weekday_of(match) + said

    # Day first before month first: "mar. 10 de mayo" is a Tuesday in May, not March 10.
    of = r"(?:de|of)"
    text = re.sub(
        rf"(?<![\w.,])(?:(?P<weekday>{weekdays}),?{_GAP})?(?P<the>(?i:the){_GAP})?{day}"
        rf"(?:{_GAP}{of})?[{SPACES}-]+(?P<month>{months})"
        rf"(?:(?P<comma>,?[{SPACES}-]+)(?:(?P<del>del?){_GAP})?{year})?",
        day_first,
        text,
    )
    return re.sub(month_first_pattern, month_first, text)


def speak_dates(text: str, lexicon: Lexicon) -> str:
    """Say dates: "March 31, 2021" → "March thirty-first, twenty twenty-one", "25 July 2012" →
    "the twenty-fifth of July twenty twelve", "2020-01-15" → "January fifteenth twenty
    twenty", "1 enero" → "primero de enero", "15/01/2020" → "quince de enero de dos mil veinte".

    Numeric dates are month first in English and day first in Spanish, unless a part over 12
    says otherwise. A month written alone before a year is said in full ("Aug. 2020").
    """
    if not lexicon.months:
        return text
    text = _numeric_dates(text, lexicon)
    text = _named_dates(text, lexicon)
    months, lookup = _months(lexicon)

    def month_year(match: re.Match[str]) -> str:
        # A year after a month is a year, whatever follows ("the April 2020 report").
        name = lookup[match.group("month").lower()]
        return f"{name}{match.group('gap')}{_year(match.group('year'), lexicon)}"

    return re.sub(
        rf"(?<![\w.])(?P<month>{months})(?P<gap>,?{_GAP}(?:del?{_GAP})?)(?P<year>1\d{{3}}|20\d\d)\b",
        month_year,
        text,
    )


def speak_decades(text: str, lexicon: Lexicon) -> str:
    """Say decades: "the '90s" → "the nineties", "the 1990s" → "the nineteen nineties", "the
    2000s" → "the two thousands", "los 90s" → "los noventa"."""

    def plural(words: str) -> str:
        return re.sub(r"y$", "ie", words) + "s"

    def say_year(match: re.Match[str]) -> str:
        year = int(match.group("year"))
        if lexicon.language == "es":
            return cardinal(year, lexicon)
        return plural(year_words(year, lexicon))

    text = re.sub(r"(?<![\w$€£.,])(?P<year>1[1-9]\d0|20\d0)[ ]?['’]?s\b(?!['’])", say_year, text)

    def say_short(match: re.Match[str]) -> str:
        words = cardinal(int(match.group("tens")), lexicon)
        return words if lexicon.language == "es" else plural(words)

    return re.sub(r"(?<![\w$€£.,])['’]?(?P<tens>[1-9]0)['’]?s\b", say_short, text)


def speak_eras(text: str, lexicon: Lexicon) -> str:
    """Say years with an era: "340 A.D." → "three forty AD", "10.000 a. C." → "diez mil antes
    de Cristo"."""
    if not lexicon.eras:
        return text
    eras = token_regex(frozenset(lexicon.eras)).pattern
    # Dotted eras are read in any case ("a. c."); bare letters only as written ("AD", not "ad").
    dotted = token_regex(frozenset(e for e in lexicon.eras if "." in e)).pattern
    lowercase = {era.lower(): said for era, said in lexicon.eras.items()}

    def say(match: re.Match[str]) -> str:
        written = re.sub(r"\D", "", match.group("year"))
        era = match.group("era")
        said = lexicon.eras.get(era) or lowercase[era.lower()]
        year = int(written)
        spoken = year_words(year, lexicon) if len(written) <= 4 else cardinal(year, lexicon)
        return f"{spoken} {said}"

    return re.sub(
        rf"(?<![\w.,])(?P<year>\d{{1,3}}(?:[.,]\d{{3}})+|\d{{1,4}})[{SPACES}]?"
        rf"(?P<era>{eras}|(?i:{dotted}))",
        say,
        text,
    )


_ARTICLES = frozenset({"the", "a", "an", "this", "that", "each", "every", "its", "their", "our"})


def speak_fiscal_periods(text: str, lexicon: Lexicon) -> str:
    """Say fiscal years and quarters: "FY2023" → "fiscal year twenty twenty-three", "Q3 2019"
    → "the third quarter of twenty nineteen", "2Q22", "3T 2024" → "tercer trimestre de ..."."""
    fiscal = lexicon.word("fiscal_year")
    quarter = lexicon.word("quarter_of_year")
    of = lexicon.word("of")

    def year(written: str) -> str:
        return _year(written, lexicon)

    def say_fiscal(match: re.Match[str]) -> str:
        said = f"{fiscal} {year(match.group('year'))}"
        if match.group("to"):
            said += f" {lexicon.word('range_to')} {year(match.group('to'))}"
        return said

    text = re.sub(
        r"(?<![\w.])FYs?[ -]?(?P<year>\d{4}|\d{2})"
        rf"(?:[{SPACES}]?(?:[–-]|through|to)[{SPACES}]?(?:FY[ -]?)?(?P<to>\d{{4}}|\d{{2}}))?(?!\w)",
        say_fiscal,
        text,
    )

    def say_quarter(match: re.Match[str]) -> str:
        number = int(match.group("q") or match.group("q2"))
        if lexicon.language == "es":
            said = f"{ordinal_es(number, 'm', apocope=True)} {quarter}"
        else:
            said = f"{ordinal(number, lexicon)} {quarter}"
            previous = previous_word(text, match.start())
            if previous is None or previous.lower() not in _ARTICLES:
                said = f"the {said}"
        written_year = match.group("year")
        if written_year:
            said += f" {of} {year(written_year)}"
        elif match.group("fy"):
            said += f" {of} {match.group('fy')}"
        return said

    letter = "T" if lexicon.language == "es" else "Q"
    return re.sub(
        rf"(?<![\w.])(?:{letter}(?P<q>[1-4])|(?P<q2>[1-4]){letter})"
        rf"(?:(?:[ ,]+|(?<=\d{letter}))(?:(?P<year>\d{{4}}|\d{{2}})(?![\w.,]\d)"
        rf"|(?P<fy>{re.escape(fiscal)} [\w -]+?(?=[.,;:]|$))))?(?!\w)",
        say_quarter,
        text,
    )
