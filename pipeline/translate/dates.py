"""English dates, months and weekdays written the Spanish way (pure text work).

A rule-based engine translates "On March 19, 2019" word by word ("Encima Marcha 19, 2019")
and leaves some months in English ("en March"). Dates are rendered here instead, before the
engine sees them, and handed to it as fixed spans; what still slips through is mended after
translation (``spanish_month_names``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "January": "enero",
    "February": "febrero",
    "March": "marzo",
    "April": "abril",
    "May": "mayo",
    "June": "junio",
    "July": "julio",
    "August": "agosto",
    "September": "septiembre",
    "October": "octubre",
    "November": "noviembre",
    "December": "diciembre",
}
WEEKDAYS = {
    "Monday": "lunes",
    "Tuesday": "martes",
    "Wednesday": "miércoles",
    "Thursday": "jueves",
    "Friday": "viernes",
    "Saturday": "sábado",
    "Sunday": "domingo",
}

# The abbreviations of AP and Chicago style ("Jan. 31, 2024"); May, June and July have none.
ABBREVIATED = {
    "Jan.": "January",
    "Feb.": "February",
    "Mar.": "March",
    "Apr.": "April",
    "Aug.": "August",
    "Sept.": "September",
    "Sep.": "September",
    "Oct.": "October",
    "Nov.": "November",
    "Dec.": "December",
}
# A month's name or its abbreviation (other rules use it too).
MONTH_PATTERN = "|".join([*MONTHS, *(re.escape(a) for a in ABBREVIATED)])
_WEEKDAY = "|".join(WEEKDAYS)
# "on Wednesday, October 30, 2013", "March 19, 2019", "March 19", "January 2020"; a bare
# month only after a word that introduces a time ("in March", "since May"): elsewhere a
# capitalised "May" or "March" may be a verb opening a sentence.
_DATE = re.compile(
    rf"""
    (?<![\w-])
    (?:(?P<on>[Oo]n)\s+)?
    (?:(?P<weekday>{_WEEKDAY}),?\s+)?
    (?:
        (?P<month>{MONTH_PATTERN})\s+(?P<day>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?
            (?:,\s*(?P<year>\d{{4}})(?!\d))?
      | (?P<month_y>{MONTH_PATTERN}),?\s+(?P<year_only>\d{{4}})(?!\d)
    )
    (?![\w-])
    """,
    re.VERBOSE,
)
_BARE_MONTH = re.compile(
    rf"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|of|through|to|late|early|last|next)\s+"
    rf"(?P<month_bare>{MONTH_PATTERN})(?![\w-])"
)
# "the 1930s", "the late 1990s": Apertium knows no decades ("en el @1930s").
_DECADE = re.compile(
    r"(?<![\w-])(?:(?P<the>[Tt]he)\s+)?(?:(?P<part>early|mid|late)[-\s])?"
    r"(?P<decade>1\d\d0|20\d0)['’]?s(?![\w-])"
)
_DECADE_PART = {"early": "principios", "mid": "mediados", "late": "finales"}
_WEEKDAY_ALONE = re.compile(rf"(?<![\w-])(?:(?P<on>[Oo]n)\s+)?(?P<weekday>{_WEEKDAY})(?![\w-])")


@dataclass(frozen=True)
class DateSpan:
    start: int
    end: int
    spanish: str


def find_dates(text: str) -> list[DateSpan]:
    """Every date, month or weekday in English ``text``, with its Spanish rendering."""
    spans = [_render(m) for m in _DATE.finditer(text)]
    for match in _BARE_MONTH.finditer(text):
        month = match.group("month_bare")
        _add_free(spans, DateSpan(match.start("month_bare"), match.end(), _spanish_month(month)))
    for match in _WEEKDAY_ALONE.finditer(text):
        _add_free(spans, _render(match))
    for match in _DECADE.finditer(text):
        _add_free(spans, _decade(match))
    return sorted(spans, key=lambda s: s.start)


def _add_free(spans: list[DateSpan], span: DateSpan) -> None:
    if not any(s.start < span.end and span.start < s.end for s in spans):
        spans.append(span)


def _render(match: re.Match[str]) -> DateSpan:
    parts = match.groupdict()
    words = []
    if parts["on"]:
        # "on March 19" is "el 19 de marzo"; the article is capitalised where "On" was.
        words.append("El" if parts["on"][0] == "O" else "el")
    if parts["weekday"]:
        words.append(WEEKDAYS[parts["weekday"]])
    if parts.get("month"):
        date = f"{int(parts['day'])} de {_spanish_month(parts['month'])}"
        if parts["year"]:
            date += f" de {parts['year']}"
        words.append(date)
    elif parts.get("month_y"):
        words.append(f"{_spanish_month(parts['month_y'])} de {parts['year_only']}")
    return DateSpan(match.start(), match.end(), " ".join(words))


def _decade(match: re.Match[str]) -> DateSpan:
    """ "the 1930s" is "la década de 1930"; "the late 1990s", "finales de la década de 1990"."""
    spanish = f"la década de {match['decade']}"
    if match["part"]:
        spanish = f"{_DECADE_PART[match['part']]} de {spanish}"
    if match[0][0].isupper():  # "The 1990s"
        spanish = spanish[0].upper() + spanish[1:]
    return DateSpan(match.start(), match.end(), spanish)


def _spanish_month(written: str) -> str:
    return MONTHS[ABBREVIATED.get(written, written)]
