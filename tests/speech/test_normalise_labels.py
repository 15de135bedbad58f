"""Speech normalisation of labels: telephone numbers, laws and dockets, Roman numerals."""

from __future__ import annotations

import pytest

from pipeline.speech import normalise as sn
from pipeline.speech.normalise import load_lexicon
from pipeline.speech.normalise.rules_roman import roman_value

LEXICONS = {"en": load_lexicon("en"), "es": load_lexicon("es")}


def cases(rows: list[tuple[str, str, str]]) -> list[object]:
    return [pytest.param(lang, text, want, id=f"{lang}:{text}") for lang, text, want in rows]


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            (
                "en",
                "Call 555-013-4477.",
                "Call five five five, zero one three, four four seven seven.",
            ),
            ("en", "(202) 512-3000", "two zero two, five one two, three zero zero zero"),
            (
                "en",
                "1-800-275-4636",
                "one, eight zero zero, two seven five, four six three six",
            ),
            ("en", "202.512.4800", "two zero two, five one two, four eight zero zero"),
            (
                "es",
                "+52 55 3686 5100",
                "más cinco dos, cinco cinco, tres seis ocho seis, cinco uno cero cero",
            ),
            ("es", "(55) 3686-5100", "cinco cinco, tres seis ocho seis, cinco uno cero cero"),
            # Not telephone numbers: a date, a range, numbers in Spanish groups.
            ("en", "2020-01-15 and 10-15", "2020-01-15 and 10-15"),
            ("es", "12 345 6789", "12 345 6789"),
        ]
    ),
)
def test_speak_phone_numbers(language: str, text: str, want: str) -> None:
    assert sn.speak_phone_numbers(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "Pub. L. 117-58", "Public Law one seventeen fifty-eight"),
            ("en", "Pub. L. No. 116-136", "Public Law one sixteen one thirty-six"),
            ("en", "14 CFR 39.13", "fourteen C F R thirty-nine point thirteen"),
            ("en", "42 U.S.C. § 1983", "forty-two U S C section nineteen eighty-three"),
            ("en", "H.R. 3684", "H R thirty-six eighty-four"),
            ("en", "S. 1260.", "S twelve sixty."),
            ("en", "Docket No. 2021-0123", "Docket Number twenty twenty-one zero one two three"),
            ("en", "No. 152", "No. 152"),  # a count: the number rules read it
            ("en", "No. 117-58", "number one seventeen fifty-eight"),  # a label, never a range
            ("en", "Executive Order 14008", "Executive Order one four zero zero eight"),
            ("en", "86 FR 7009", "eighty-six F R seventy oh nine"),
            ("en", "GAO-21-104", "GAO twenty-one one oh four"),
            ("en", "COVID-19", "COVID nineteen"),
            ("en", "in 2021 H.R. 5", "in 2021 H R five"),  # a year is no title number
            ("es", "NOM-001-SEMARNAT-2021", "NOM cero cero uno SEMARNAT dos mil veintiuno"),
            (
                "es",
                "oficio núm. 123/2021",
                "oficio número ciento veintitrés diagonal dos mil veintiuno",
            ),
            ("es", "el T-MEC", "el T-MEC"),
        ]
    ),
)
def test_speak_identifiers(language: str, text: str, want: str) -> None:
    assert sn.speak_identifiers(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("written", "value"),
    [("XIX", 19), ("xxi", 21), ("mcmlxxxix", 1989), ("IV", 4), ("IIII", None), ("MIXX", None)],
)
def test_roman_value(written: str, value: int | None) -> None:
    assert roman_value(written) == value


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "World War II.", "World War two."),
            ("en", "Title IV of the act", "Title four of the act"),
            ("en", "Titles I and II", "Titles one and two"),
            ("en", "Medicare Part D and Class C", "Medicare Part D and Class C"),
            ("en", "Chapter XI", "Chapter eleven"),
            ("es", "siglo XXI", "siglo veintiuno"),
            ("es", "siglo xix", "siglo diecinueve"),
            ("es", "los siglos XIX y XX", "los siglos diecinueve y veinte"),
            ("es", "año mcmlxxxix", "año mil novecientos ochenta y nueve"),
            ("es", "este año vi a mi madre", "este año vi a mi madre"),
            ("es", "la fracción III", "la fracción tres"),
            ("es", "Matías fue el XI apóstol", "Matías fue el undécimo apóstol"),
            ("es", "la LXV Legislatura", "la sexagésima quinta Legislatura"),
            ("es", "el XIII Congreso", "el decimotercer Congreso"),
            ("es", "el MC y el PAN", "el MC y el PAN"),  # a party, not 1100
            ("es", "Xi Jinping y Li Qin", "Xi Jinping y Li Qin"),
        ]
    ),
)
def test_speak_roman_numerals(language: str, text: str, want: str) -> None:
    assert sn.speak_roman_numerals(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "on 1428 Elm St. It was", "on 1428 Elm Street. It was"),
            ("en", "the Bank of St. Louis", "the Bank of St. Louis"),
            ("en", "2 + 2 - 1 = 3", "2 plus 2 minus 1 equals 3"),
            ("en", "pages 10 - 12", "pages 10 - 12"),  # no sum without "="
        ]
    ),
)
def test_street_abbreviations_and_arithmetic(language: str, text: str, want: str) -> None:
    lexicon = LEXICONS[language]
    assert sn.speak_symbols(sn.expand_abbreviations(text, lexicon), lexicon) == want
