"""Speech normalisation of amounts: numbers in words, ordinals, fractions, money, measures."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.speech import normalise as sn
from pipeline.speech.normalise import load_lexicon, number_words
from pipeline.speech.normalise.numbers import cardinal, label_words
from pipeline.speech.normalise.ordinals import denominator, ordinal_es

EN, ES = load_lexicon("en"), load_lexicon("es")
LEXICONS = {"en": EN, "es": ES}


def cases(rows: list[tuple[str, str, str]]) -> list[object]:
    return [pytest.param(lang, text, want, id=f"{lang}:{text}") for lang, text, want in rows]


# --------------------------------------------------------------------------------------------
# Numbers in words, for every module that needs them


@pytest.mark.parametrize(
    ("written", "language", "want"),
    [
        ("1,500", "en", "one thousand five hundred"),
        ("3.7", "en", "three point seven"),
        ("007", "en", "zero zero seven"),
        ("1.500", "es", "mil quinientos"),
        ("3,7", "es", "tres coma siete"),
        ("3.7", "es", "tres punto siete"),
        ("2.4.1", "en", "two four one"),  # not one number: group by group
    ],
)
def test_number_words_is_the_one_entry_point(written: str, language: str, want: str) -> None:
    assert number_words(written, language) == want


def test_number_words_agrees_in_spanish() -> None:
    assert number_words("21", "es", "f") == "veintiuna"
    assert number_words("21", "es", "m") == "veintiún"
    assert number_words("21", "es") == "veintiuno"


@pytest.mark.parametrize("language", ["en", "es"])
def test_overlong_numbers_are_read_digit_by_digit(language: str) -> None:
    lexicon = LEXICONS[language]
    assert (
        cardinal(10**40, lexicon).split()
        == ["one" if language == "en" else "uno"] + ["zero" if language == "en" else "cero"] * 40
    )


def test_and_before_the_last_tens_is_a_lexicon_choice() -> None:
    assert cardinal(123, EN) == "one hundred and twenty-three"
    assert cardinal(18081, EN) == "eighteen thousand and eighty-one"
    assert cardinal(123_000_012, EN) == "one hundred twenty-three million twelve"
    formal = replace(EN, words={**EN.words, "number_and": ""})
    assert cardinal(123, formal) == "one hundred twenty-three"


@pytest.mark.parametrize(
    ("digits", "language", "want"),
    [
        ("117", "en", "one seventeen"),
        ("105", "en", "one oh five"),
        ("100", "en", "one hundred"),
        ("3684", "en", "thirty-six eighty-four"),
        ("7009", "en", "seventy oh nine"),
        ("1900", "en", "nineteen hundred"),
        ("58", "en", "fifty-eight"),
        ("0123", "en", "zero one two three"),
        ("14008", "en", "one four zero zero eight"),
        ("117", "es", "ciento diecisiete"),
    ],
)
def test_label_words(digits: str, language: str, want: str) -> None:
    assert label_words(digits, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("number", "gender", "apocope", "want"),
    [
        (1, "m", False, "primero"),
        (1, "m", True, "primer"),
        (3, "f", False, "tercera"),
        (11, "m", False, "undécimo"),
        (11, "m", True, "decimoprimer"),
        (13, "m", False, "decimotercero"),
        (18, "m", False, "decimoctavo"),
        (21, "f", False, "vigesimoprimera"),
        (28, "m", False, "vigesimoctavo"),
        (31, "m", True, "trigésimo primer"),
        (134, "f", False, "centésima trigésima cuarta"),
        (1248, "m", False, "milésimo ducentésimo cuadragésimo octavo"),
        (2000, "m", False, "dosmilésimo"),
        (100_000, "m", False, "cienmilésimo"),
    ],
)
def test_ordinal_es(number: int, gender: str, apocope: bool, want: str) -> None:
    assert ordinal_es(number, gender, apocope) == want  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("number", "plural", "language", "want"),
    [
        (2, False, "en", "half"),
        (4, True, "en", "quarters"),
        (32, True, "en", "thirty-seconds"),
        (1, False, "en", None),
        (3, True, "es", "tercios"),
        (16, False, "es", "dieciseisavo"),
        (31, False, "es", "treintaiunavo"),
        (400, False, "es", "cuadringentésimo"),
        (1_200_000_000, False, "es", "mildoscientosmillonésimo"),
        (101, False, "es", None),
    ],
)
def test_denominator(number: int, plural: bool, language: str, want: str | None) -> None:
    assert denominator(number, plural, LEXICONS[language]) == want


# --------------------------------------------------------------------------------------------
# The rules


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "fell to -2 today", "fell to minus 2 today"),
            ("en", "(-0.5)", "(minus 0.5)"),
            ("en", "+5%", "plus 5%"),
            ("en", "COVID-19 and 10-15", "COVID-19 and 10-15"),
            ("es", "-8,52 %", "menos 8,52 %"),
            ("es", "a-5", "a-5"),
        ]
    ),
)
def test_speak_signs(language: str, text: str, want: str) -> None:
    assert sn.speak_signs(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "2/3 of the cost", "two thirds of the cost"),
            ("en", "1/2", "one half"),
            ("en", "2 1/2 years", "two and a half years"),
            ("en", "3 2/4", "three and two quarters"),
            ("en", "1/4th", "one quarter"),
            ("en", "31/32", "thirty-one thirty-seconds"),
            ("en", "2 142/1", "two and one hundred and forty-two over one"),
            ("en", "-1/3", "minus one third"),
            ("en", "a ½ share", "a one half share"),
            ("en", "1/0 and 5/", "1/0 and 5/"),
            ("en", "the 2019/2020 year", "the 2019/2020 year"),  # years, not a fraction
            # Two numbers, not a fraction: a hundred twentieths is no one's reading.
            ("en", "a 50/50 split", "a fifty-fifty split"),
            ("en", "a 100/20 link", "a one hundred slash twenty link"),
            ("es", "al 50/50", "al cincuenta-cincuenta"),
            ("es", "2/3 del presupuesto", "dos tercios del presupuesto"),
            ("es", "1/3", "un tercio"),
            ("es", "las 2/3 partes", "las dos terceras partes"),
            ("es", "1/2 hora", "media hora"),
            ("es", "1/2", "un medio"),
            ("es", "3 2/100", "tres y dos centésimos"),
            ("es", "1/101", "uno sobre ciento uno"),
            ("es", "1/100.000", "un cienmilésimo"),
            ("es", "-2 1/3", "menos dos y un tercio"),
            ("es", "⅖", "dos quintos"),
            ("es", "oficio 123/2021", "oficio 123/2021"),
        ]
    ),
)
def test_speak_fractions(language: str, text: str, want: str) -> None:
    assert sn.speak_fractions(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "20 kg and 12KG", "twenty kilograms and twelve kilograms"),
            ("en", "38°C", "thirty-eight degrees Celsius"),
            ("en", "1°C", "one degree Celsius"),
            ("en", "100 °F", "one hundred degrees Fahrenheit"),
            ("en", "-5°C", "minus five degrees Celsius"),
            ("en", "450 km²", "four hundred and fifty square kilometers"),
            ("en", "65 mph", "sixty-five miles per hour"),
            ("en", "a 10-km stretch", "a ten kilometer stretch"),
            ("en", "a 10 km stretch", "a ten kilometer stretch"),
            ("en", "12kg/kg", "twelve kilograms per kilogram"),
            ("en", "12/kg", "twelve per kilogram"),
            ("en", "100 million kg", "one hundred million kilograms"),
            ("en", "4 1/2 lbs", "four and a half pounds"),
            # Broadband speeds, down and up.
            ("en", "100/20 Mbps", "one hundred slash twenty megabits per second"),
            ("es", "25/3 Mbps", "veinticinco diagonal tres megabits por segundo"),
            ("es", "1 Gbps", "un gigabit por segundo"),
            ("en", "80 s and 12 zorks", "80 s and 12 zorks"),  # not units: left as written
            ("es", "12 m", "doce metros"),
            ("es", "1 h", "una hora"),
            ("es", "245 mph", "doscientas cuarenta y cinco millas por hora"),
            ("es", "200.045 mph", "doscientas mil cuarenta y cinco millas por hora"),
            ("es", "1,01 mph", "una coma cero una millas por hora"),
            ("es", "0,0101 s", "cero coma cero uno cero un segundos"),
            ("es", "1 1/2 mph", "una y media milla por hora"),
            ("es", "1 1/2 m", "uno y medio metro"),
            ("es", "3/5 mph", "tres quintos de milla por hora"),
            ("es", "1/2 mm", "medio milímetro"),
            ("es", "-8° c", "menos ocho grados centígrados"),
            ("es", "180 psi", "ciento ochenta P S I"),
            ("es", "1,200 mdp", "mil doscientos millones de pesos"),
            ("es", "21 t", "veintiuna toneladas"),
            ("es", "4,51/s", "cuatro coma cincuenta y uno por segundo"),
            ("es", "los 80s", "los 80s"),  # a decade, not eighty seconds
        ]
    ),
)
def test_speak_measures(language: str, text: str, want: str) -> None:
    assert sn.speak_measures(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "$2.4M", "two point four million dollars"),
            ("en", "a $2bn program", "a two billion dollar program"),
            ("en", "¥30 b", "thirty billion yen"),
            ("en", "$2.00", "two dollars"),
            ("en", "$20.500", "twenty dollars and fifty cents"),
            ("en", "$20.506", "twenty point five zero six dollars"),
            ("en", "$.01", "one cent"),
            ("en", "$50.00-$100.00", "fifty dollars to one hundred dollars"),
            ("en", "$20/mo", "twenty dollars per month"),
            ("en", "MXN 1,200", "one thousand two hundred Mexican pesos"),
            ("en", "1.5 million MXN", "one point five million Mexican pesos"),
            ("en", "the $50 billion went", "the fifty billion dollars went"),
            ("en", "ZQX 500", "ZQX 500"),  # an unknown currency is left to the other rules
            ("es", "1,50 $", "un dólar con cincuenta centavos"),
            ("es", "£200.000.001", "doscientos millones una libras"),
            ("es", "€ 2,3 billones", "dos coma tres billones de euros"),
            ("es", "1 hnl", "un lempira"),
            ("es", "21 nio", "veintiún córdobas"),  # el córdoba: masculine
            ("es", "nio21,1 millones", "veintiuno coma un millones de córdobas"),
            ("es", "usd 2", "dos dólares estadounidenses"),
            ("es", "13hkd", "trece dólares de Hong Kong"),
            ("es", "$2.4M", "dos punto cuatro millones de dólares"),
        ]
    ),
)
def test_speak_currency_signs_codes_and_scales(language: str, text: str, want: str) -> None:
    assert sn.speak_currency(text, LEXICONS[language]) == want


def test_set_phrases_with_a_slash_are_no_fractions() -> None:
    assert sn.normalise_for_speech("open 24/7", "en") == "open twenty-four seven"
    assert sn.normalise_for_speech("abierto 24/7", "es") == "abierto veinticuatro siete"


def test_cents_joiner_may_be_left_out() -> None:
    plain = replace(EN, words={**EN.words, "cents_joiner": ""})
    assert sn.speak_currency("$20.50", plain) == "twenty dollars fifty cents"


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "0th and 1,000th", "zeroth and one thousandth"),
            ("en", "1th, 4rd and 11st", "1th, 4rd and 11st"),  # no ordinal: read plainly later
            ("es", "el 1.º de enero", "el primero de enero"),
            ("es", "el 3.º año", "el tercer año"),
            ("es", "1.ᵉʳ", "primer"),
            ("es", "11.ᵉʳ", "decimoprimer"),
            ("es", "1.000ª", "milésima"),
            ("es", "1 001.ᵉʳ", "milésimo primer"),
            ("es", "28º", "vigesimoctavo"),
            ("es", "2do lugar y 4to año", "segundo lugar y cuarto año"),
            ("es", "la 1ra y el 1ro", "la primera y el primero"),
        ]
    ),
)
def test_speak_ordinals_marks(language: str, text: str, want: str) -> None:
    assert sn.speak_ordinals(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "ZIP code 20548", "ZIP code two zero five four eight"),
            ("en", "13,000 and 13000", "thirteen thousand and one three zero zero zero"),
            ("en", "2.4M people", "two point four million people"),
            ("en", ".1665", "point one six six five"),
            ("en", "0.1 M", "zero point one M"),
            ("es", "10000 personas", "diez mil personas"),
            ("es", "1 000 000", "un millón"),
        ]
    ),
)
def test_speak_numbers_codes_scales_and_bare_decimals(language: str, text: str, want: str) -> None:
    assert sn.speak_numbers(text, LEXICONS[language]) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    cases(
        [
            ("en", "20%–30%", "twenty to thirty percent"),
            ("en", "30%-20%", "30%-20%"),  # falling: no range
            ("en", "10-15 people", "ten to fifteen people"),
            ("es", "21-31 mujeres", "de veintiuna a treinta y una mujeres"),
        ]
    ),
)
def test_speak_ranges_of_percentages_and_counts(language: str, text: str, want: str) -> None:
    assert sn.speak_ranges(text, LEXICONS[language]) == want
