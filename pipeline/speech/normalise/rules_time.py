"""Rules for clock times: "9:30 a.m." → "nine thirty AM", "17:30" → "diecisiete y media".

English says minutes as a number ("ten oh five"), "o'clock" on the hour, "AM"/"PM" as
letters (a voice reads "A M" as the article "a"), and zones as letters ("EST"). Spanish says
"las diez y cinco", "y cuarto", "y media", the hour in the feminine ("la una", "veintiuna")
and the part of the day for a.m./p.m. ("de la mañana", "de la tarde", "de la noche").
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.speech.normalise.lexicon import Lexicon
from pipeline.speech.normalise.numbers import cardinal
from pipeline.speech.normalise.tokens import SPACES, at_end

_MERIDIEM = r"(?P<meridiem>(?i:[ap]\.?[ ]?m\b\.?))"


@cache
def _zones(zones: frozenset[str]) -> str:
    # "EST", "est", "E.S.T." and "e.s.t" are one zone.
    letters = [r"\.?".join(re.escape(c) for c in zone) + r"\.?" for zone in sorted(zones, key=len)]
    return rf"(?i:{'|'.join(reversed(letters))})(?![^\W\d_])"


def _hour_es(hour: int, lexicon: Lexicon) -> str:
    # The hour is feminine ("la una", "las veintiuna"); midnight is "cero" in 24-hour style.
    return "cero" if hour == 0 else cardinal(hour, lexicon, "f")


def _minutes_es(minute: int, lexicon: Lexicon) -> str:
    if minute == 15:
        return "y cuarto"
    if minute == 30:
        return "y media"
    return f"y {cardinal(minute, lexicon)}"


def _part_of_day_es(hour: int, meridiem: str) -> str:
    if meridiem == "a":
        return "de la noche" if hour == 12 else "de la mañana"
    if hour == 12:
        return "del mediodía"
    return "de la tarde" if hour < 8 else "de la noche"


def _say_time(
    hour: int, minute: int | None, second: int | None, meridiem: str | None, lexicon: Lexicon
) -> str | None:
    """Return a clock time in words, or None where it is no time ("25:70")."""
    if hour > 24 or (minute is not None and minute > 59) or (second is not None and second > 59):
        return None
    if meridiem and not 1 <= hour <= 12:
        return None
    spanish = lexicon.language == "es"
    if second is not None and second:
        return _duration(hour, minute or 0, second, lexicon) + (
            f" {lexicon.word(meridiem + 'm')}" if meridiem and not spanish else ""
        )
    if spanish:
        said = _hour_es(hour, lexicon)
        if minute:
            said += f" {_minutes_es(minute, lexicon)}"
        if meridiem:
            said += f" {_part_of_day_es(hour, meridiem)}"
        return said
    said = cardinal(hour, lexicon)
    if minute:
        said += f" {'oh ' if minute < 10 else ''}{cardinal(minute, lexicon)}"
    if meridiem:
        return f"{said} {lexicon.word(meridiem + 'm')}"
    if minute is not None and not minute:
        said += f" {lexicon.word('o_clock')}"
    return said


def _duration(hour: int, minute: int, second: int, lexicon: Lexicon) -> str:
    """Return "1:01:01" as "one hour one minute and one second"."""
    parts = []
    for value, unit in ((hour, "hour"), (minute, "minute"), (second, "second")):
        gender = "f" if unit == "hour" else None
        spoken = cardinal(value, lexicon, gender if lexicon.language == "es" else None)
        parts.append(f"{spoken} {lexicon.word(unit if value == 1 else unit + 's')}")
    return f"{parts[0]} {parts[1]} {lexicon.word('and')} {parts[2]}"


def _say_zone(match: re.Match[str], lexicon: Lexicon) -> str:
    zone = match.group("zone")
    if not zone:
        return ""
    key = re.sub(r"\W", "", zone).upper()
    said = lexicon.time_zones.get(key, " ".join(key))
    offset = match.group("offset")
    if offset:
        sign, hours, minutes = re.fullmatch(r"\s?([+−-])\s?(\d{1,2})(?::(\d{2}))?", offset).groups()
        word = lexicon.word("plus" if sign == "+" else "minus")
        gender = "f" if minutes and lexicon.language == "es" else None
        said += f" {word} {cardinal(int(hours), lexicon, gender)}"
        if minutes:
            said += f" {cardinal(int(minutes), lexicon)}"
    return f" {said}"


def speak_times(text: str, lexicon: Lexicon) -> str:
    """Say clock times: "12:30" → "twelve thirty", "9:00" → "nine o'clock", "1:59 p.m. EST" →
    "one fifty-nine PM EST", "2pm-5pm" → "two PM to five PM"; "10:05" → "diez y cinco",
    "5:02 p.m." → "cinco y dos de la tarde", "1.05 h" → "una y cinco".

    A dot parts hours from minutes only where "a.m.", "h" or a zone shows a time ("1.59 p.m.");
    elsewhere "12.15" is a decimal.
    """
    zones = _zones(frozenset(lexicon.time_zones)) if lexicon.time_zones else r"(?!)"
    zone = rf"(?:[{SPACES}]?(?P<zone>{zones})(?P<offset>\s?[+−-]\s?\d{{1,2}}(?::\d{{2}})?)?)?"
    clock = (
        r"(?P<h>[01]?\d|2[0-4])(?:(?P<colon>:)(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?"
        r"|(?P<dot>\.)(?P<dm>[0-5]\d))?"
    )
    hour_mark = r"(?P<hmark>[ ]?h\b(?![ ]?\d{2}[ ]?min))" if lexicon.language == "es" else "(?!)"
    pattern = re.compile(
        rf"(?<![\w:.,$€£])(?<!\d[–-]){clock}(?:[{SPACES}]?{_MERIDIEM}|{hour_mark})?{zone}"
        r"(?![\w:]|[.,]\d)"
    )

    def say(match: re.Match[str]) -> str:
        colon, meridiem = match.group("colon"), match.group("meridiem")
        zone_text, hmark = match.group("zone"), match.groupdict().get("hmark")
        if not (colon or meridiem or hmark or zone_text):
            return match.group(0)  # a bare number
        if match.group("dot") and not (meridiem or hmark or zone_text):
            return match.group(0)  # "12.15" alone is a decimal
        if hmark and not (
            colon or match.group("dot") or match.group("h").startswith("0") or zone_text
        ):
            return match.group(0)  # "3 h" is three hours: a measure
        minute = match.group("m") or match.group("dm")
        second = match.group("s")
        said = _say_time(
            int(match.group("h")),
            int(minute) if minute is not None else None,
            int(second) if second is not None else None,
            meridiem[0].lower() if meridiem else None,
            lexicon,
        )
        if said is None:
            return match.group(0)
        # The dot of "a.m." or "E.S.T." may also end the sentence: keep a full stop there.
        ends = match.group(0).endswith(".") and at_end(match.string, match.end())
        return said + _say_zone(match, lexicon) + ("." if ends else "")

    # "9:30–11:00 a.m.", "2pm-5pm", "9–11 a.m.": a range of times, each end said alone.
    side = r"\d{1,2}(?::\d{2})?(?:[ ]?[ap]\.?[ ]?m\b\.?)?"

    def say_range(match: re.Match[str]) -> str:
        start, end = match.group("a"), match.group("b")
        if ":" not in start + end and not re.search(r"(?i)[ap]\.?[ ]?m", start + end):
            return match.group(0)
        to = lexicon.word("range_to")
        said = f"{pattern.sub(say, start).rstrip('.')} {to} {pattern.sub(say, end)}"
        return said if at_end(text, match.end()) else said.rstrip(".")

    text = re.sub(
        rf"(?<![\w:.,$€£])(?P<a>{side})[{SPACES}]?[–-][{SPACES}]?(?P<b>{side})"
        r"(?![\w:]|[.,]\d)",
        say_range,
        text,
    )
    text = pattern.sub(say, text)
    return _spanish_hours_and_minutes(text, lexicon)


def _spanish_hours_and_minutes(text: str, lexicon: Lexicon) -> str:
    """Say "2 h 30 min" as a time ("dos y media") and "15 h 10 min 40 seg" as a duration."""
    if lexicon.language != "es":
        return text

    def say(match: re.Match[str]) -> str:
        hour, minute = int(match.group("h")), int(match.group("m"))
        second = int(match.group("s")) if match.group("s") else None
        said = _say_time(hour, minute, second, None, lexicon)
        return said if said is not None else match.group(0)

    return re.sub(
        r"(?<![\w.,])(?P<h>\d{1,2})[ ]?h[ ]?(?P<m>\d{1,2})[ ]?(?:min|m)(?![^\W\d_])"
        r"(?:[ ]?(?P<s>\d{1,2})[ ]?(?:seg|s)\b)?",
        say,
        text,
    )
