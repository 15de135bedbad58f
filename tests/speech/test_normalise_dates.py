"""Speech normalisation of dates, periods and clock times: each rule alone, in each language."""

from __future__ import annotations

import pytest

from pipeline.speech import normalise as sn
from pipeline.speech.normalise import load_lexicon

LEXICONS = {"en": load_lexicon("en"), "es": load_lexicon("es")}


def cases(rows: list[tuple[str, str, str]]) -> list[object]:
    return [pytest.param(lang, text, want, id=f"{lang}:{text}") for lang, text, want in rows]


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "by March 31, 2021", "by March thirty-first, twenty twenty-one"),
            ("en", "on Aug. 12", "on August twelfth"),
            ("en", "jul 25 2012", "July twenty-fifth twenty twelve"),
            ("en", "SEPT. 15", "September fifteenth"),
            ("en", "on 25 July 2012", "on the twenty-fifth of July twenty twelve"),
            ("en", "on the 26th May in", "on the twenty-sixth of May in"),
            ("en", "15 january", "the fifteenth of January"),
            ("en", "Monday, Nov. 7, 2022", "Monday, November seventh, twenty twenty-two"),
            ("en", "Feb. 2–4, 2021", "February second to fourth, twenty twenty-one"),
            ("en", "on 2020-01-15", "on January fifteenth twenty twenty"),
            ("en", "2016/07/03", "July third twenty sixteen"),
            ("en", "10/06/2005", "October sixth two thousand five"),
            ("en", "15.01.2020", "the fifteenth of January twenty twenty"),
            ("en", "11/17/05", "November seventeenth oh five"),
            ("en", "Jan-15-2020", "January fifteenth-twenty twenty"),
            ("en", "the April 2020 report", "the April twenty twenty report"),
            ("en", "Aug. 2020", "August twenty twenty"),
            # Read as written, never corrected, never dropped.
            ("en", "February 30, 2021", "February thirtieth, twenty twenty-one"),
            ("en", "1998/2/30", "February thirtieth nineteen ninety-eight"),
            # Not dates: "may" as a verb, a ratio, a version, a month alone.
            ("en", "they may 5 times", "they may 5 times"),
            ("en", "version 1.2.10", "version 1.2.10"),
            ("en", "13/14/2020", "13/14/2020"),
            ("en", "in May", "in May"),
            ("es", "1 enero", "primero de enero"),
            ("es", "el 1 de enero de 2021", "el primero de enero de dos mil veintiuno"),
            ("es", "a partir del 1° de julio", "a partir del primero de julio"),
            ("es", "31 marzo", "treinta y uno de marzo"),
            ("es", "abril 30", "treinta de abril"),
            ("es", "junio 11 2000", "once de junio de dos mil"),
            ("es", "30 julio del 2020", "treinta de julio del dos mil veinte"),
            ("es", "abr. 22", "veintidós de abril"),
            ("es", "vier. 10 de mayo", "viernes diez de mayo"),
            ("es", "el 31 dic. 2023", "el treinta y uno de diciembre de dos mil veintitrés"),
            ("es", "15/09/2021", "quince de septiembre de dos mil veintiuno"),
            ("es", "30-2-1990", "treinta de febrero de mil novecientos noventa"),
            ("es", "1990-02-30", "treinta de febrero de mil novecientos noventa"),
            ("es", "en julio de 2018", "en julio de dos mil dieciocho"),
        ]
    ),
)
def test_speak_dates(language: str, text: str, want: str) -> None:
    assert sn.speak_dates(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "the '90s", "the nineties"),
            ("en", "the late ’70s", "the late seventies"),
            ("en", "the 1990s", "the nineteen nineties"),
            ("en", "1980 s", "nineteen eighties"),
            ("en", "the 2000s", "the two thousands"),
            ("en", "the 1910s", "the nineteen tens"),
            ("en", "mid-1960s", "mid-nineteen sixties"),
            ("en", "in 1990 she", "in 1990 she"),  # a year, left to speak_years
            ("es", "los 80s", "los ochenta"),
            ("es", "los años 90", "los años 90"),  # a number: speak_numbers says it
        ]
    ),
)
def test_speak_decades(language: str, text: str, want: str) -> None:
    assert sn.speak_decades(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "340 A.D", "three forty AD"),
            ("en", "in 300 BC", "in three hundred BC"),
            ("en", "5 ad campaigns", "5 ad campaigns"),  # bare letters only as written
            ("es", "10.000 a. c.", "diez mil antes de Cristo"),
            ("es", "en 476 d. C.", "en cuatrocientos setenta y seis después de Cristo"),
        ]
    ),
)
def test_speak_eras(language: str, text: str, want: str) -> None:
    assert sn.speak_eras(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "In FY2023,", "In fiscal year twenty twenty-three,"),
            ("en", "FY 2022 funds", "fiscal year twenty twenty-two funds"),
            ("en", "the FY24 budget", "the fiscal year twenty-four budget"),
            ("en", "FY2021-2022", "fiscal year twenty twenty-one to twenty twenty-two"),
            ("en", "fell in Q3 2019", "fell in the third quarter of twenty nineteen"),
            ("en", "in Q1.", "in the first quarter."),
            ("en", "growth in 2Q22", "growth in the second quarter of twenty-two"),
            ("en", "a Q4 report", "a fourth quarter report"),
            ("es", "en el 3T 2024", "en el tercer trimestre de dos mil veinticuatro"),
            ("es", "el T1 2023", "el primer trimestre de dos mil veintitrés"),
            ("es", "el T-MEC", "el T-MEC"),
        ]
    ),
)
def test_speak_fiscal_periods(language: str, text: str, want: str) -> None:
    assert sn.speak_fiscal_periods(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "at 12:30", "at twelve thirty"),
            ("en", "at 10:05", "at ten oh five"),
            ("en", "at 9:00", "at nine o'clock"),
            ("en", "23:00", "twenty-three o'clock"),
            ("en", "at 9:30 a.m. today", "at nine thirty AM today"),
            ("en", "by 5 p.m.", "by five PM."),
            ("en", "1:00a.m.", "one AM."),
            ("en", "1.59 p.m. est", "one fifty-nine PM EST"),
            ("en", "1:59 p.m. e.s.t", "one fifty-nine PM EST"),
            ("en", "2pm-5pm", "two PM to five PM"),
            ("en", "9:30–11:00 a.m.", "nine thirty to eleven AM."),
            ("en", "1:01:01", "one hour one minute and one second"),
            ("en", "14:10:30", "fourteen hours ten minutes and thirty seconds"),
            ("en", "12.15 percent", "12.15 percent"),  # a decimal
            ("en", "a 2:1 ratio", "a 2:1 ratio"),
            ("en", "99:99", "99:99"),  # no time: left to the number rules
            ("es", "a las 10:05", "a las diez y cinco"),
            ("es", "a las 12:00", "a las doce"),
            ("es", "a la 1:00", "a la una"),
            ("es", "a las 17:30", "a las diecisiete y media"),
            ("es", "a las 10:15", "a las diez y cuarto"),
            ("es", "00:52", "cero y cincuenta y dos"),
            ("es", "a las 8:05 a. m.", "a las ocho y cinco de la mañana."),
            ("es", "12.15 p.m.", "doce y cuarto del mediodía."),
            ("es", "12.15 a.m.", "doce y cuarto de la noche."),
            ("es", "11:10 p. m.", "once y diez de la noche."),
            ("es", "1.05 h", "una y cinco"),
            ("es", "01 h", "una"),
            ("es", "3 h", "3 h"),  # three hours: a measure
            ("es", "a las 9:00 h", "a las nueve"),
            ("es", "5:02 p.m pst", "cinco y dos de la tarde P S T"),
            ("es", "20:00 gmt-3", "veinte G M T menos tres"),
            ("es", "10 h utc+1:30", "diez U T C más una treinta"),
            ("es", "3:02:32 pst", "tres horas dos minutos y treinta y dos segundos P S T"),
            ("es", "2 h 30 min", "dos y media"),
            ("es", "15 h 10 min 40 seg", "quince horas diez minutos y cuarenta segundos"),
            ("es", "13.30", "13.30"),  # a decimal
        ]
    ),
)
def test_speak_times(language: str, text: str, want: str) -> None:
    assert sn.speak_times(text, LEXICONS[language]) == want
