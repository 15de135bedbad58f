"""Speech normalisation: each rule alone, in each language, then the whole chain on the report."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import ConfigError
from pipeline.speech import normalise as sn
from pipeline.speech.normalise import Lexicon, load_lexicon, normalise_for_speech
from pipeline.speech.normalise.rules_roman import roman_value

EN = load_lexicon("en")
ES = load_lexicon("es")
LEXICONS = {"en": EN, "es": ES}


# A report's own pronunciation files (source/pronunciations.<lang>.toml), written for these
# tests: they check how such files are read and applied, not what this project's say.
REPORT_LEXICONS = {
    "en": """spell_out = ["NADB"]

[spoken_as]
"U.S. Route 66" = "U S Route sixty six"
"Fronteras" = "Fronteras"
"FRONTERAS" = "Fronteras"
"gao.gov" = "G A O dot gov"
""",
    "es": """spell_out = ["NADB"]

[spoken_as]
"U.S. Route 66" = "iu es Ruta sesenta y seis"
"Fronteras" = "Fronteras"
"Rio Grande" = "Río Grande"
"gao.gov" = "G A O punto gov"
""",
}


@pytest.fixture(scope="module")
def report_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A report's source folder holding its own pronunciation files."""
    folder = tmp_path_factory.mktemp("source")
    for language, text in REPORT_LEXICONS.items():
        (folder / f"pronunciations.{language}.toml").write_text(text, encoding="utf-8")
    return folder


def rule_cases(rule: sn.Rule, cases: list[tuple[str, str, str]]) -> list[object]:
    return [pytest.param(rule, lang, text, want, id=f"{lang}:{text}") for lang, text, want in cases]


def check(rule: sn.Rule, language: str, text: str, want: str) -> None:
    assert rule(text, LEXICONS[language]) == want


# --------------------------------------------------------------------------------------------
# The lexicon


def test_builtin_lexicons_load_from_package_data() -> None:
    assert EN.language == "en" and ES.language == "es"
    assert "USMF" in EN.spell_out and "USMF" in ES.spell_out
    assert EN.abbreviations["e.g."] == "for example"
    assert ES.abbreviations["EE. UU."] == "Estados Unidos"
    assert EN.as_noun["U.S."] == "United States"
    assert ES.currencies["$"].many == "dólares"
    assert "embajadoras".endswith(ES.feminine_endings)
    assert not EN.feminine_endings  # English numbers never agree


def test_missing_user_file_or_folder_gives_the_builtin_lexicon(tmp_path: Path) -> None:
    assert load_lexicon("en", tmp_path) == EN
    assert load_lexicon("es", None) == ES


def test_user_file_overrides_and_extends_the_builtin_lexicon(tmp_path: Path) -> None:
    (tmp_path / "pronunciations.en.toml").write_text(
        '# comment\nspell_out = ["ABCD"]\n[spoken_as]\n"Fundemex" = "Foon-deh-mex"\n'
        '[abbreviations]\n"e.g." = "say for example"\n',
        encoding="utf-8",
    )
    lexicon = load_lexicon("en", tmp_path)
    assert lexicon.spoken_as == {"Fundemex": "Foon-deh-mex"}
    assert {"ABCD", "USMF"} <= lexicon.spell_out
    assert lexicon.abbreviations["e.g."] == "say for example"
    assert lexicon.abbreviations["i.e."] == "that is"  # the rest of the table is kept
    # The Spanish lexicon does not read the English file.
    assert load_lexicon("es", tmp_path).spoken_as == {}


@pytest.mark.parametrize(
    ("content", "line", "says"),
    [
        ('[spoken_as]\n"USMF" = "U S M F"\n"broken = 3\n', 3, "not valid TOML"),
        ('[spoken_as]\n"a" = "b"\n"USMF" = 3\n', 3, "'USMF' must be given a quoted text"),
        ('spell_out = ["USMF"]\nspelled = ["A"]\n', 2, "unknown entry 'spelled'"),
        ('spell_out = "USMF"\n', 1, "spell_out must be a list"),
        ('[currencies]\n"$" = { one = "dollar" }\n', 2, "currency '$'"),
        ("[agreement]\nfeminine = []\n", 2, "unknown agreement list"),
    ],
)
def test_malformed_user_file_is_a_one_line_config_error(
    tmp_path: Path, content: str, line: int, says: str
) -> None:
    path = tmp_path / "pronunciations.en.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_lexicon("en", tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}, line {line}:")
    assert says in message


def test_user_file_not_in_utf8_names_its_line(tmp_path: Path) -> None:
    (tmp_path / "pronunciations.es.toml").write_bytes(b'[spoken_as]\n"M\xe9xico" = "x"\n')
    with pytest.raises(ConfigError, match=r"pronunciations\.es\.toml, line 2: not valid UTF-8"):
        load_lexicon("es", tmp_path)


def test_a_lexicon_of_another_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="es lexicon"):
        normalise_for_speech("six", "en", ES)


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'fr'"):
        load_lexicon("fr")
    with pytest.raises(ConfigError, match="'fr'"):
        normalise_for_speech("Bonjour", "fr")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_reports_own_pronunciation_files_load_over_the_builtin_ones(
    language: str, report_folder: Path
) -> None:
    lexicon = load_lexicon(language, report_folder)
    assert "NADB" in lexicon.spell_out and "NADB" not in LEXICONS[language].spell_out
    assert lexicon.spoken_as["Fronteras"] == "Fronteras"
    assert "U.S. Route 66" in lexicon.spoken_as
    assert lexicon.abbreviations == LEXICONS[language].abbreviations  # the rest is built in


# --------------------------------------------------------------------------------------------
# The chain


def test_rules_are_named_pure_functions_in_order() -> None:
    for language in ("en", "es"):
        names = [rule.__name__ for rule in sn.RULES[language]]
        assert names[0] == "apply_pronunciations"
        assert names[-1] == "collapse_whitespace"
        assert names.index("speak_currency") < names.index("speak_initialisms")
        assert names.index("speak_ranges") < names.index("speak_percentages")
        assert names.index("speak_years") < names.index("speak_numbers")


def test_rules_for_can_skip_urls() -> None:
    rules = sn.rules_for("en", urls="skip")
    assert sn.skip_urls in rules and sn.speak_urls not in rules
    with pytest.raises(ConfigError):
        sn.rules_for("en", urls="spell")  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# Each rule alone


PRONUNCIATIONS = Lexicon(
    language="en",
    spoken_as={
        "USMF": "U S M F",
        "U.S. Mexico 360": "U S Mexico three sixty",
        "U.S.": "you ess",
        "wilsoncenter.org": "Wilson Center dot org",
    },
    words=EN.words,
)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("USMF runs U.S. Mexico 360.", "U S M F runs U S Mexico three sixty."),  # longest first
        ("the U.S. and USMF's work", "the you ess and U S M F's work"),
        ("USMFX and usmf stay", "USMFX and usmf stay"),  # whole words, case-sensitive
        ("see wilsoncenter.org.", "see Wilson Center dot org."),
        ("mywilsoncenter.org", "mywilsoncenter.org"),
    ],
)
def test_apply_pronunciations_en(text: str, want: str) -> None:
    assert sn.apply_pronunciations(text, PRONUNCIATIONS) == want


def test_apply_pronunciations_es_from_a_reports_file(report_folder: Path) -> None:
    lexicon = load_lexicon("es", report_folder)
    assert (
        sn.apply_pronunciations("programas como U.S. Route 66 y Fronteras", lexicon)
        == "programas como iu es Ruta sesenta y seis y Fronteras"
    )
    assert sn.apply_pronunciations("gao.gov", lexicon) == "G A O punto gov"


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_urls,
        [
            ("en", "wilsoncenter.org", "wilsoncenter dot org"),
            ("es", "wilsoncenter.org", "wilsoncenter punto org"),
            ("en", "See https://www.wilsoncenter.org.", "See wilsoncenter dot org."),
            (
                "en",
                "at https://wilsoncenter.org/program/mexico-institute?x=1, today",
                "at wilsoncenter dot org slash program slash mexico dash institute, today",
            ),
            ("es", "en www.gob.mx/sre.", "en gob punto M X diagonal sre."),
            ("en", "write to a@b.org", "write to a at b dot org"),
            ("es", "escriba a a@b.org", "escriba a a arroba b punto org"),
            ("en", "j.doe@wilsoncenter.org", "j dot doe at wilsoncenter dot org"),
            # Not addresses: no scheme, and no known top-level domain.
            ("en", "e.g. the U.S. etc.The end", "e.g. the U.S. etc.The end"),
            ("es", "EE.UU. y 3.7", "EE.UU. y 3.7"),
        ],
    ),
)
def test_speak_urls(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("language", "text", "want"),
    [
        ("en", "Visit wilsoncenter.org for more.", "Visit  for more."),
        ("es", "Escriba a a@b.org.", "Escriba a ."),
        ("en", "See https://x.org/a/b.", "See ."),
    ],
)
def test_skip_urls(language: str, text: str, want: str) -> None:
    check(sn.skip_urls, language, text, want)


@pytest.mark.parametrize("language", ["en", "es"])
def test_normalise_with_urls_skipped(language: str) -> None:
    assert normalise_for_speech("Visit wilsoncenter.org today.", language, urls="skip") == (
        "Visit today."
    )


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.pause_for_ellipses,
        [
            ("en", "wait… and then", "wait, and then"),
            ("en", "wait... Then it came", "wait. Then it came"),
            ("en", "and so on...", "and so on."),
            ("es", "…y luego", "y luego"),
            ("es", "esperar . . . y luego", "esperar, y luego"),
        ],
    ),
)
def test_pause_for_ellipses(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.expand_abbreviations,
        [
            ("en", "e.g., trade", "for example, trade"),
            ("en", "i.e. trade", "that is trade"),
            ("en", "trade, security, etc.", "trade, security, etcetera."),
            ("en", "Dr. Smith", "Doctor Smith"),
            ("en", "see No. 5 and No. 12", "see number 5 and number 12"),
            ("en", "No. The answer is no.", "No. The answer is no."),  # not before a number
            ("es", "en EE. UU. y en EE.UU. hoy", "en Estados Unidos y en Estados Unidos hoy"),
            ("es", "vive en EE. UU.", "vive en Estados Unidos."),
            ("es", "p. ej., el comercio", "por ejemplo, el comercio"),
            ("es", "el comercio, etc.", "el comercio, etcétera."),
            ("es", "Dr. Pérez y Dra. López", "doctor Pérez y doctora López"),
            ("es", "Sr./Sra. López", "señor/señora López"),
            ("es", "No. 5", "número 5"),
            ("es", "el N.º 3", "el número 3"),
        ],
    ),
)
def test_expand_abbreviations(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_initialisms,
        [
            ("en", "6 former U.S. ambassadors", "6 former U S ambassadors"),
            ("en", "U.S.-Mexico relations", "U S Mexico relations"),
            ("en", "the US-Mexico Foundation", "the U S Mexico Foundation"),
            ("en", "living in the U.S.", "living in the United States."),
            ("en", "in Mexico and the US; the", "in Mexico and the United States; the"),
            ("en", "Newscast in the USA, the", "Newscast in the United States, the"),
            ("en", "the U.S. and Mexico", "the United States and Mexico"),
            ("en", "among U.S. and Mexican citizens", "among U S and Mexican citizens"),
            ("en", "The US-Mexico Foundation (USMF) is", "The U S Mexico Foundation (U S M F) is"),
            ("en", "U.N. and D.C. offices", "U N and D C offices"),
            ("en", "CBP and DHS agents", "C B P and D H S agents"),  # no vowel: letters
            ("en", "NGOs", "N G Os"),
            ("en", "World War II and the XX century", "World War II and the XX century"),
            ("es", "La USMF cumple", "La U S M F cumple"),
            ("es", "la OEA y la SRE", "la O E A y la S R E"),
            ("es", "Fundemex y NAFTA", "Fundemex y NAFTA"),  # words stay words
        ],
    ),
)
def test_speak_initialisms(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_symbols,
        [
            ("en", "trade & investment", "trade and investment"),
            ("es", "comercio & inversión", "comercio y inversión"),
            ("en", "and/or", "and or"),
            ("es", "y/o", "y o"),
            ("en", "students/researchers", "students or researchers"),
            ("es", "señor/señora", "señor o señora"),
            ("en", "§ 5 and §§ 6", "section 5 and sections 6"),
            ("es", "§ 5", "sección 5"),
            (
                "en",
                "a margin of ±0.5 points, ± 2%",
                "a margin of plus or minus 0.5 points, plus or minus 2%",
            ),
            ("es", "un margen de ±3", "un margen de más o menos 3"),
            ("en", "#1 priority", "number 1 priority"),
            ("en", "open 24/7", "open 24 7"),
            ("es", "@wilsoncenter", "arroba wilsoncenter"),
        ],
    ),
)
def test_speak_symbols(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_currency,
        [
            ("en", "$800 billion in trade", "eight hundred billion dollars in trade"),
            ("en", "US$800", "eight hundred dollars"),
            ("en", "$1", "one dollar"),
            ("en", "$12.50", "twelve dollars and fifty cents"),
            ("en", "$0.50", "fifty cents"),
            ("en", "$1,500", "one thousand five hundred dollars"),
            ("en", "$3.5 million", "three point five million dollars"),
            ("en", "$5–10 million", "five to ten million dollars"),
            # A range's scale is both ends' ("one dollar and twenty cents to … million" was not).
            ("en", "$1.2–$1.5 million", "one point two to one point five million dollars"),
            ("en", "$1.2 to $1.5 million", "one point two to one point five million dollars"),
            ("en", "between $2 and $3 billion", "between two and three billion dollars"),
            (
                "en",
                "$12.50 to $15 an hour",
                "twelve dollars and fifty cents to fifteen dollars an hour",
            ),
            ("en", "$5 and $10 each", "five dollars and ten dollars each"),  # two amounts
            ("en", "MX$200", "two hundred Mexican pesos"),
            ("es", "$800 billion", "ochocientos mil millones de dólares"),
            ("es", "US$800", "ochocientos dólares"),
            ("es", "$800 mil millones", "ochocientos mil millones de dólares"),
            ("es", "$3 millones", "tres millones de dólares"),
            ("es", "$1 million", "un millón de dólares"),
            ("es", "$1 billion", "mil millones de dólares"),
            ("es", "$5 mil", "cinco mil dólares"),
            ("es", "$21", "veintiún dólares"),
            ("es", "$1", "un dólar"),
            ("es", "$12.50", "doce dólares con cincuenta centavos"),
            ("es", "$1.500", "mil quinientos dólares"),
            ("es", "entre $5–10 millones", "entre cinco y diez millones de dólares"),
            ("es", "de $1 a $2 millones", "de uno a dos millones de dólares"),
            ("es", "entre $21 y $25 millones", "entre veintiuno y veinticinco millones de dólares"),
            # Amounts already in words stay as they are.
            ("es", "800 mil millones de dólares", "800 mil millones de dólares"),
        ],
    ),
)
def test_speak_currency(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_ranges,
        [
            ("en", "2019–2020", "twenty nineteen to twenty twenty"),
            ("en", "2019-2020", "twenty nineteen to twenty twenty"),
            ("en", "the 2019-20 season", "the twenty nineteen to twenty twenty season"),
            ("en", "between 2019–2020", "between twenty nineteen and twenty twenty"),
            ("en", "pages 10-15", "pages ten to fifteen"),
            ("en", "10–15%", "ten to fifteen percent"),
            ("en", "3.5–4% growth", "three point five to four percent growth"),
            ("en", "on 2020-01-15", "on 2020-01-15"),  # a date, not a range
            ("en", "a 6-5 vote", "a 6-5 vote"),  # falling: a score, not a range
            ("es", "2019–2020", "de dos mil diecinueve a dos mil veinte"),
            ("es", "el periodo 2019-2020", "el periodo de dos mil diecinueve a dos mil veinte"),
            ("es", "en 2019-2020", "en dos mil diecinueve a dos mil veinte"),
            ("es", "entre 2019-2020", "entre dos mil diecinueve y dos mil veinte"),
            ("es", "10–15 %", "de diez a quince por ciento"),
        ],
    ),
)
def test_speak_ranges(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_percentages,
        [
            ("en", "3.7%", "three point seven percent"),
            ("en", "50% of them", "fifty percent of them"),
            ("en", "a % sign", "a percent sign"),
            ("es", "3,7 %", "tres coma siete por ciento"),
            ("es", "3.7%", "tres punto siete por ciento"),  # the mark as written
            ("es", "3,75\u00a0%", "tres coma setenta y cinco por ciento"),
            ("es", "21 %", "veintiuno por ciento"),
        ],
    ),
)
def test_speak_percentages(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_ordinals,
        [
            ("en", "the 15th meeting", "the fifteenth meeting"),
            ("en", "1st, 2nd, 3rd and 21st", "first, second, third and twenty-first"),
            ("es", "el 10.º lugar", "el décimo lugar"),
            ("es", "la 1.ª vez", "la primera vez"),
            ("es", "el 1.er lugar y el 3.er año", "el primer lugar y el tercer año"),
            ("es", "la 21.ª edición", "la vigesimoprimera edición"),  # RAE's one word
            ("es", "los 2.os", "los segundos"),
        ],
    ),
)
def test_speak_ordinals(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_times,
        [
            ("en", "at 12:30", "at twelve thirty"),
            ("en", "at 10:05", "at ten oh five"),
            ("en", "at 9:00", "at nine o'clock"),
            ("es", "a las 10:05", "a las diez y cinco"),
            ("es", "a las 12:00", "a las doce"),
        ],
    ),
)
def test_speak_times(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_years,
        [
            ("en", "In January 2020, the", "In January twenty twenty, the"),
            ("en", "began in 2009 with", "began in two thousand nine with"),
            ("en", "in 2000.", "in two thousand."),
            ("en", "in 1905", "in nineteen oh five"),
            ("en", "the 1990s", "the 1990s"),  # a decade: speak_decades says it
            ("en", "2020 Annual Report", "twenty twenty Annual Report"),
            ("en", "2020 candidates", "2020 candidates"),  # counts a noun: not a year
            ("en", "2500 and 1000", "2500 and 1000"),  # outside 1100–2099
            ("en", "1,500 or 2020.5", "1,500 or 2020.5"),
            ("es", "En enero de 2020, la", "En enero de dos mil veinte, la"),
            ("es", "en 2009 con", "en dos mil nueve con"),
            ("es", "2021 personas", "2021 personas"),  # left for agreement: "veintiuna"
        ],
    ),
)
def test_speak_years(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.speak_numbers,
        [
            ("en", "6 former ambassadors", "six former ambassadors"),
            ("en", "1,500 people", "one thousand five hundred people"),
            ("en", "105 days", "one hundred and five days"),
            (
                "en",
                "3.7 and 0.5 and 3.05",
                "three point seven and zero point five and three point zero five",
            ),
            ("en", "1,500.25", "one thousand five hundred point two five"),
            ("en", "code 007", "code zero zero seven"),
            ("en", "the G20 and 5G", "the G twenty and five G"),
            ("es", "6 exembajadores", "seis exembajadores"),
            ("es", "1.500 y 1 500 y 1,500", "mil quinientos y mil quinientos y mil quinientos"),
            ("es", "3,7 y 3.7", "tres coma siete y tres punto siete"),
            ("es", "21 embajadoras", "veintiuna embajadoras"),
            ("es", "21 embajadores", "veintiún embajadores"),
            ("es", "1 organización", "una organización"),
            ("es", "1 país", "un país"),
            ("es", "1 de enero", "uno de enero"),
            ("es", "31 mujeres y 101 personas", "treinta y una mujeres y ciento una personas"),
            ("es", "200 personas", "doscientas personas"),
            ("es", "200 millones de personas", "doscientos millones de personas"),
            ("es", "21 millones", "veintiún millones"),
            ("es", "21 mil", "veintiún mil"),
            ("es", "21 problemas", "veintiún problemas"),  # masculine though it ends in -a
            ("es", "21 economistas", "veintiún economistas"),  # common gender: generic
            ("es", "2 ciudades", "dos ciudades"),
            ("es", "1,5 millones", "uno coma cinco millones"),
        ],
    ),
)
def test_speak_numbers(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.pause_for_dashes,
        [
            ("en", "Mexico—and the U.S.—agree", "Mexico, and the U.S., agree"),
            ("en", "Mexico – and the U.S. – agree", "Mexico, and the U.S., agree"),
            ("en", "cross-border and People-to-people", "cross-border and People-to-people"),
            ("en", "— a quote", "a quote"),
            ("es", "la Fundación México–Estados Unidos", "la Fundación México Estados Unidos"),
            ("es", "la relación México-Estados Unidos", "la relación México-Estados Unidos"),
            ("es", "los países —dijo— deben", "los países, dijo, deben"),
        ],
    ),
)
def test_pause_for_dashes(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.drop_quotes,
        [
            ("en", 'the “soft power” of "culture"', "the soft power of culture"),
            ("en", "the Wilson Center’s ‘own’ view", "the Wilson Center's own view"),
            ("es", "el «poder blando» y “la cultura”", "el poder blando y la cultura"),
        ],
    ),
)
def test_drop_quotes(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.pause_for_parentheses,
        [
            ("en", "in Mexico (Fundemex).", "in Mexico, Fundemex,."),
            ("es", "la Fundación (USMF) es", "la Fundación, USMF, es"),
            ("en", "a [sic] note", "a, sic, note"),
        ],
    ),
)
def test_pause_for_parentheses(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.tidy_pauses,
        [
            ("en", "in Mexico, Fundemex,.", "in Mexico, Fundemex."),
            ("en", ", a, , b,", "a, b"),
            ("es", "fin., y; , más", "fin. y; más"),
        ],
    ),
)
def test_tidy_pauses(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


@pytest.mark.parametrize(
    ("rule", "language", "text", "want"),
    rule_cases(
        sn.collapse_whitespace,
        [
            ("en", "  six   former\n ambassadors , now .", "six former ambassadors, now."),
            ("es", "seis\u00a0 exembajadores\t", "seis exembajadores"),
        ],
    ),
)
def test_collapse_whitespace(rule: sn.Rule, language: str, text: str, want: str) -> None:
    check(rule, language, text, want)


# --------------------------------------------------------------------------------------------
# The whole chain


@pytest.mark.parametrize(
    ("language", "text", "want"),
    [
        (
            "en",
            "In January 2020, the U.S.-Mexico Foundation brought together 6 former U.S. "
            "ambassadors.",
            "In January twenty twenty, the U S Mexico Foundation brought together six former "
            "U S ambassadors.",
        ),
        (
            "en",
            "The US-Mexico Foundation (USMF) began operations in 2009 in Mexico (Fundemex).",
            "The U S Mexico Foundation, U S M F, began operations in two thousand nine in "
            "Mexico, Fundemex.",
        ),
        ("en", "a tour in Mexico and the US; the", "a tour in Mexico and the United States; the"),
        (
            "en",
            "GDP grew 3.7% — e.g., $800 billion — from 2019–2020…",
            "G D P grew three point seven percent, for example, eight hundred billion dollars, "
            "from twenty nineteen to twenty twenty.",
        ),
        ("en", "Trade & security, and/or “migration”.", "Trade and security, and or migration."),
        ("en", "See wilsoncenter.org.", "See wilsoncenter dot org."),
        (
            "es",
            "En enero de 2020, la Fundación México–Estados Unidos reunió a 6 exembajadores.",
            "En enero de dos mil veinte, la Fundación México Estados Unidos reunió a seis "
            "exembajadores.",
        ),
        (
            "es",
            "Noticiero Mexicano en EE. UU., el programa de la USMF (Fundemex).",
            "Noticiero Mexicano en Estados Unidos, el programa de la U S M F, Fundemex.",
        ),
        (
            "es",
            "El PIB creció 3,7 % en 2019-2020; p. ej., US$800 de 21 embajadoras.",
            "El P I B creció tres coma siete por ciento en dos mil diecinueve a dos mil veinte; "
            "por ejemplo, ochocientos dólares de veintiuna embajadoras.",
        ),
        ("es", "Escriba a info@wilsoncenter.org.", "Escriba a info arroba wilsoncenter punto org."),
    ],
)
def test_normalise_for_speech(language: str, text: str, want: str) -> None:
    assert normalise_for_speech(text, language) == want


@pytest.mark.parametrize(
    ("language", "text", "want"),
    [
        ("en", "U.S. Route 66, a highway", "U S Route sixty six, a highway"),
        ("en", "Visit gao.gov", "Visit G A O dot gov"),
        ("en", "The NADB lent $2 million.", "The N A D B lent two million dollars."),
        ("es", "U.S. Route 66, una carretera", "iu es Ruta sesenta y seis, una carretera"),
        ("es", "el río Rio Grande", "el río Río Grande"),
        ("es", "gao.gov", "G A O punto gov"),
    ],
)
def test_normalise_with_a_reports_pronunciations(
    language: str, text: str, want: str, report_folder: Path
) -> None:
    assert normalise_for_speech(text, language, load_lexicon(language, report_folder)) == want


# --------------------------------------------------------------------------------------------
# No word is lost


def expanded_tokens(lexicon: Lexicon) -> set[str]:
    """Return the words of every token the lexicon replaces: those may change on the way."""
    keys = [
        *lexicon.spoken_as,
        *lexicon.abbreviations,
        *lexicon.before_number,
        *lexicon.as_noun,
        *lexicon.spell_out,
        *lexicon.currencies,  # "US$800" is "eight hundred dollars"
        *lexicon.scales,  # in Spanish, "$800 billion" is "mil millones"
        *lexicon.scale_suffixes,  # "$2.4M" is "two point four million dollars"
        *lexicon.units,  # "20 kg" is "twenty kilograms"
        *lexicon.months,  # "Aug." is "August"
        *lexicon.weekdays,
        *lexicon.time_zones,  # "e.s.t" is "EST"
        *lexicon.eras,
        *lexicon.identifiers,  # "Pub. L." is "Public Law"
        *lexicon.after_name,  # "Elm St." is "Elm Street"
        "FY",  # "FY2023" is "fiscal year twenty twenty-three"
        "am",  # "9 am" is "nine AM"
        "pm",
    ]
    return {word for key in keys for word in re.findall(r"[^\W\d_]+", key)}


def assert_no_word_lost(text: str, language: str, lexicon: Lexicon) -> str:
    spoken = normalise_for_speech(text, language, lexicon)
    heard = {word.lower() for word in re.findall(r"[^\W\d_]+", spoken)}
    replaced = expanded_tokens(lexicon)
    lost = [
        word
        # Letters glued to digits are suffixes ("15th"): the number says them.
        for word in re.findall(r"(?<![^\W_])[^\W\d_]{2,}", text)
        # A Roman numeral that counts is said as a number ("World War II" → "two"), and an
        # initialism letter by letter ("ZQX" → "Z Q X").
        if word not in replaced
        and word.lower() not in heard
        and roman_value(word) is None
        and " ".join(word.upper()) not in spoken
    ]
    assert not lost, f"{lost} lost from {text!r}: {spoken!r}"
    # ...and what replaced a token is there in its place.
    for table in (lexicon.spoken_as, lexicon.abbreviations):
        for token, said in table.items():
            if re.search(rf"(?<![\w.]){re.escape(token)}(?![\w])", text):
                assert said.lower().rstrip(".") in spoken.lower(), (token, spoken)
    assert not re.search(r"\d", spoken), f"digits left in {spoken!r}"
    return spoken


# Policy prose of the kind the narrator reads, after public-domain U.S. government reports
# (GAO-21-105014, CRS R42917, GAO-22-104649), with the report's own names.
ENGLISH_REPORT = [
    "U.S.-Mexico Border: Infrastructure Needs at Land Ports of Entry",
    "In fiscal year 2019, about $614 billion in goods crossed the U.S.-Mexico border, and "
    "the NADB lent $2.4 million to 3 water projects along U.S. Route 66.",
    "Customs and Border Protection (CBP) officials told us that 12 of the 47 ports had "
    "not been modernized since the 1970s; see gao.gov for the full list.",
    "Fronteras, a binational program, reported that wait times rose 15% between "
    "March 31, 2020, and Aug. 12, 2021 (about 2/3 of its crossings).",
    "Recommendations for Executive Action",
    "The Secretary of Homeland Security should ensure that the Commissioner of CBP, "
    "e.g. through its Office of Field Operations, updates the plan by FY2023.",
]
SPANISH_REPORT = [
    "Frontera entre México y EE. UU.: necesidades de infraestructura en los puertos de entrada",
    "En el año fiscal 2019 cruzaron la frontera bienes por unos 614.000 millones de dólares, y "
    "el NADB prestó US$2,4 millones a 3 proyectos de agua a lo largo de la U.S. Route 66.",
    "Funcionarios de la Oficina de Aduanas y Protección Fronteriza (CBP) nos dijeron que 12 de "
    "los 47 puertos no se habían modernizado desde los años 70; la lista completa está en "
    "gao.gov.",
    "Fronteras, un programa binacional, informó que los tiempos de espera subieron un 15 % "
    "entre el 31 de marzo de 2020 y el 12 de agosto de 2021 (cerca de 2/3 de sus cruces).",
    "Recomendaciones para la acción ejecutiva",
    "La Secretaría de Seguridad Nacional debe asegurarse de que la Comisión de la CBP, p. ej. "
    "a través de su Oficina de Operaciones de Campo, actualice el plan para el 1 de enero "
    "de 2023, a las 17:30.",
]
REPORTS = {"en": ENGLISH_REPORT, "es": SPANISH_REPORT}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("own_lexicon", [False, True], ids=["builtin", "report"])
def test_no_word_of_a_report_is_lost(language: str, own_lexicon: bool, report_folder: Path) -> None:
    lexicon = load_lexicon(language, report_folder if own_lexicon else None)
    for block in REPORTS[language]:
        spoken = assert_no_word_lost(block, language, lexicon)
        for written in ("U.S.", "EE. UU.", "$", "%", "gao.gov"):
            assert written not in spoken, (written, spoken)
        # An initialism the builtin lexicon does not know is the report's to spell out.
        assert ("NADB" in spoken) != own_lexicon or "NADB" not in block


_WORDS = {
    "en": ["trade", "Mexico", "border", "the", "and", "security", "People-to-people", "Center’s"],
    "es": ["comercio", "México", "frontera", "la", "y", "seguridad", "organización", "embajadoras"],
}
_TOKENS = {
    "en": [
        "U.S.", "U.S.-Mexico", "USMF", "e.g.", "$800 billion", "3.7%", "15th", "2019–2020",
        "March 31, 2021", "Aug. 12", "2/3", "20 kg", "38°C", "555-013-4477", "Pub. L. 117-58",
        "FY2023", "the late '70s", "2.4M", "14 CFR 39.13", "§ 5", "No. 152", "9:30 a.m.",
        "Q3 2019", "World War II", "$2bn", "20%–30%", "February 30", "12 zorks", "ZQX 500",
        "1234567890123456789012345678901234567890", "-2", "4 1/2 lbs", "2020-01-15",
    ],
    "es": [
        "EE. UU.", "USMF", "p. ej.", "US$800", "3,7 %", "10.º", "2019-2020", "1.500", "2/3",
        "siglo XIX", "12 m", "1 de enero de 2020", "17:30", "MXN 1,200", "350 mdd", "1.ª",
        "los años 90", "30 de febrero", "12 zorks", "ZQX 500", "+52 55 3686 5100",
        "NOM-001-SEMARNAT-2021", "1234567890123456789012345678901234567890", "5,50 €",
    ],
}  # fmt: skip
_SHARED = ["6", "21", "2020", "1,500", "(", ")", "—", "…", "“", "”", "&", "/", "wilsoncenter.org"]


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_word_is_lost_from_any_mix_of_words_numbers_and_symbols(language: str) -> None:
    pieces = st.sampled_from([*_WORDS[language], *_TOKENS[language], *_SHARED])

    @settings(max_examples=200, deadline=None, database=None)
    @given(st.lists(pieces, min_size=1, max_size=12))
    def check_mix(parts: list[str]) -> None:
        text = " ".join(parts)
        spoken = assert_no_word_lost(text, language, LEXICONS[language])
        assert spoken == spoken.strip() and "  " not in spoken

    check_mix()
