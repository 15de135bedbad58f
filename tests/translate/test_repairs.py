"""Each repair of the engine's quirks on its own: pure functions of (English, Spanish)."""

from __future__ import annotations

import pytest

from pipeline.translate.corrections import correct_word_choices, noun_gender
from pipeline.translate.dates import find_dates
from pipeline.translate.references import references_to_parts
from pipeline.translate.repairs import (
    REPAIRS,
    acronyms_as_in_source,
    apostrophes_as_in_source,
    article_before_titles,
    case_after_date_opening,
    case_after_kept_opening,
    centuries,
    first_letter_as_in_source,
    no_space_before_punctuation,
    prepositions,
    repair,
    separate_glued_words,
    shares_one_in_n,
    since_a_date,
    single_full_stop,
    spanish_month_names,
    times_of_day,
    unglue_number_compounds,
)
from pipeline.translate.rewrites import (
    bilateral_compounds,
    quarters,
    spending_as_a_noun,
    years_before_nouns,
)


def test_glued_words_are_separated_in_the_stream() -> None:
    stream = "^uno<det><ind><m><sg>$ ^borde<n><m><sg>$^de<pr>$^3,000<num>$ ^milla<n><f><pl>$"
    assert separate_glued_words(stream) == (
        "^uno<det><ind><m><sg>$ ^borde<n><m><sg>$ ^de<pr>$ ^3,000<num>$ ^milla<n><f><pl>$"
    )
    # Punctuation and unknown words stay attached; superblanks are not words.
    kept = "^seguridad<n><f><sg>$^.<sent>$ ^(<lpar>$^*PRI$^)<rpar>$[x]^casa<n>$"
    assert separate_glued_words(kept) == kept


@pytest.mark.parametrize(
    ("english", "spanish", "mended"),
    [
        ("a 3,000-mile border", "un bordede3,000 millas", "un borde de 3,000 millas"),
        ("a six-year term", "un plazodeseis años", "un plazo de seis años"),
        ("the 5-year-old child", "El niñode5años", "El niño de 5 años"),
        ("the 5G network", "la red 5G", "la red 5G"),  # no compound: untouched
        ("the considerable effort", "el esfuerzo considerable", "el esfuerzo considerable"),
    ],
)
def test_unglue_number_compounds(english: str, spanish: str, mended: str) -> None:
    assert unglue_number_compounds(english, spanish) == mended


def test_no_space_before_punctuation() -> None:
    assert no_space_before_punctuation("a 24-hour strike.", "una huelga de 24 horas .") == (
        "una huelga de 24 horas."
    )
    assert no_space_before_punctuation("Pick A , B", "Escoge A , B") == "Escoge A , B"


def test_single_full_stop() -> None:
    english = "It can affect the U.S. economy."
    assert single_full_stop(english, "Puede afectar la economía de EE.UU..") == (
        "Puede afectar la economía de EE.UU."
    )
    assert single_full_stop("Wait...", "Espera...") == "Espera..."


def test_case_after_kept_opening() -> None:
    assert case_after_kept_opening("CBP is responsible.", "CBP Es responsable.") == (
        "CBP es responsable."
    )
    assert case_after_kept_opening("CBP and GSA own it.", "CBP Y GSA lo poseen.") == (
        "CBP y GSA lo poseen."
    )
    assert case_after_kept_opening("Timeline of the accident", "Timeline Del accidente") == (
        "Timeline del accidente"
    )
    # A name after the acronym keeps its capital: the English has it too.
    assert case_after_kept_opening("FAA Administrator Dickson", "FAA Administrador Dickson") == (
        "FAA Administrador Dickson"
    )


def test_first_letter_as_in_source() -> None:
    assert first_letter_as_in_source("Overview", "de visión general") == "De visión general"
    assert first_letter_as_in_source("**Trade** grew", "**el comercio** creció") == (
        "**El comercio** creció"
    )
    assert first_letter_as_in_source("trucks waiting", "camiones esperando") == (
        "camiones esperando"
    )
    assert first_letter_as_in_source("2019 was", "2019 fue") == "2019 fue"


def test_spanish_month_names() -> None:
    english = "Leaders agreed to meet again in March."
    assert spanish_month_names(english, "Acordaron reunirse otra vez en March.") == (
        "Acordaron reunirse otra vez en marzo."
    )
    assert spanish_month_names("March 19", "Marcha 19") == "marzo 19"
    assert spanish_month_names("on Monday", "el Lunes, y") == "el lunes, y"
    assert spanish_month_names("It will march.", "Marchará.") == "Marchará."


def test_dates_are_rendered_in_spanish_before_translation() -> None:
    text = "On March 19, 2019, the secretary wrote; they met on Wednesday, October 30, 2013."
    assert [(text[d.start : d.end], d.spanish) for d in find_dates(text)] == [
        ("On March 19, 2019", "El 19 de marzo de 2019"),
        ("on Wednesday, October 30, 2013", "el miércoles 30 de octubre de 2013"),
    ]
    assert [d.spanish for d in find_dates("In January 2020 and in May.")] == [
        "enero de 2020",
        "mayo",
    ]
    assert find_dates("May I ask? March on!") == []


def test_decades_are_rendered_in_spanish_before_translation() -> None:
    text = "The 1990s were calm; since the late 1990s and in the mid-2000s, and the 1930’s."
    assert [(text[d.start : d.end], d.spanish) for d in find_dates(text)] == [
        ("The 1990s", "La década de 1990"),
        ("the late 1990s", "finales de la década de 1990"),
        ("the mid-2000s", "mediados de la década de 2000"),
        ("the 1930’s", "la década de 1930"),
    ]
    assert find_dates("1990s-era rules, 12s and the 1995s") == []


def test_since_before_a_date_is_desde() -> None:
    assert since_a_date("Since 2000, it fell.", "Desde entonces 2000, cayó.") == "Desde 2000, cayó."
    assert since_a_date("down since March 2021", "desde entonces marzo de 2021") == (
        "desde marzo de 2021"
    )
    assert since_a_date("since the 1990s", "desde entonces la década de 1990") == (
        "desde la década de 1990"
    )
    # "since then" is "desde entonces", whatever follows it.
    assert since_a_date("Since then, 2,000 left.", "Desde entonces, 2,000 dejaron.") == (
        "Desde entonces, 2,000 dejaron."
    )
    assert since_a_date("Since then 2,000 left.", "Desde entonces 2,000 dejaron.") == (
        "Desde entonces 2,000 dejaron."
    )


def test_the_word_after_a_date_opening_a_sentence_is_in_lower_case() -> None:
    assert case_after_date_opening("March 2020 was calm.", "Marzo de 2020 Era tranquilo.") == (
        "Marzo de 2020 era tranquilo."
    )
    assert (
        case_after_date_opening(
            "It rained. The 1990s were calm.", "Llovió. La década de 1990 Era tranquila."
        )
        == "Llovió. La década de 1990 era tranquila."
    )
    # A name after the date keeps its capital; a date inside a sentence is not an opening.
    assert case_after_date_opening(
        "March 2020 Congress met.", "Marzo de 2020 Congress cumplió."
    ) == ("Marzo de 2020 Congress cumplió.")
    assert case_after_date_opening("By March 2020 Texas", "Por marzo de 2020 Texas") == (
        "Por marzo de 2020 Texas"
    )


def test_abbreviated_months_are_dates_too() -> None:
    text = "On Jan. 31, 2024, and by Sept. 2022, in Dec."
    assert [d.spanish for d in find_dates(text)] == [
        "El 31 de enero de 2024",
        "septiembre de 2022",
        "diciembre",
    ]


def test_a_century_as_an_adjective_is_written_after_the_noun_in_roman_numerals() -> None:
    assert centuries("a 21st-century problem", "un problema de 21.º siglos") == (
        "un problema del siglo XXI"
    )
    assert centuries("the 19th-century law", "la ley de 19.º siglo") == "la ley del siglo XIX"


def test_an_acronym_the_engine_read_as_a_word_is_the_acronym_again() -> None:
    assert acronyms_as_in_source("The BEAD program grew.", "El programa de CUENTA creció.") == (
        "El programa de BEAD creció."
    )
    assert acronyms_as_in_source(
        "The STAR and ACE programs.", "La ESTRELLA y programas de AS."
    ) == ("La STAR y programas de ACE.")
    assert acronyms_as_in_source("BEAD", "Cuenta") == "BEAD"  # a table cell
    # The Spanish forms the engine knows stay; a heading in capitals is translated.
    assert acronyms_as_in_source("The EU and NATO.", "La UE y la OTAN.") == "La UE y la OTAN."
    assert acronyms_as_in_source("EU", "UE") == "UE"
    assert acronyms_as_in_source("WHAT GAO FOUND", "QUÉ GAO ENCONTRÓ") == "QUÉ GAO ENCONTRÓ"
    # Only where the counts agree: an acronym the engine dropped leaves the rest alone.
    assert acronyms_as_in_source("IT and HOPE grew.", "ESPERANZA creció.") == "ESPERANZA creció."
    # Capitals for emphasis are translated as they should be, and make the block's own
    # capitals ambiguous: left alone.
    emphatic = "Esto NO es dejado, y DEBES archivar TODAS las formas."
    assert acronyms_as_in_source("This is NOT allowed; you MUST file ALL forms.", emphatic) == (
        emphatic
    )
    assert acronyms_as_in_source(
        "The BEAD program is NOT new.", "El programa de CUENTA NO es nuevo."
    ) == ("El programa de CUENTA NO es nuevo.")
    assert acronyms_as_in_source("A CRITICAL step.", "Un paso CRÍTICO.") == "Un paso CRÍTICO."


def test_a_time_of_day_is_at_the_hour() -> None:
    assert times_of_day("spoke at 10:30 a.m.", "habló en 10:30 a.m.") == "habló a las 10:30 a.m."
    assert times_of_day("At 1:15 p.m. it began", "En 1:15 p.m. empezó") == "A la 1:15 p.m. empezó"
    assert times_of_day("ended at 3 p.m.", "acabó en 3 p.m.") == "acabó a las 3 p.m."
    # Not a time: a ratio, a year, a share.
    assert times_of_day("at 3:1 odds", "en 3:1 probabilidades") == "en 3:1 probabilidades"
    assert times_of_day("in 2020 at 3%", "en 2020 en 3%") == "en 2020 en 3%"


def test_article_before_titles() -> None:
    english = "President Obama met Secretary of Transportation Elaine L. Chao."
    assert article_before_titles(english, "Presidente Obama cumplió.") == (
        "El presidente Obama cumplió."
    )
    assert article_before_titles("by President Trump", "firmado por Presidente Trump") == (
        "firmado por el presidente Trump"
    )
    assert article_before_titles("of Secretary Chao", "la petición de Secretario Chao") == (
        "la petición del secretario Chao"
    )
    assert article_before_titles(
        "On May 2, Secretary of Transportation Elaine L. Chao asked.",
        "El 2 de mayo, Secretario de Transporte Elaine L. Chao pidió.",
    ) == ("El 2 de mayo, el secretario de Transporte Elaine L. Chao pidió.")
    assert article_before_titles("The president spoke.", "Presidente habló.") == (
        "Presidente habló."
    )
    # After a quotation, within the sentence and after it; titles of judges and chairs too.
    quoted = article_before_titles(
        '"We wait," Senator Young said.', '"Esperamos," Senador Young dijo.'
    )
    assert quoted == '"Esperamos," el senador Young dijo.'
    ended = article_before_titles(
        "“We wait.” Senator Young left.", "“Esperamos.” Senador Young se fue."
    )
    assert ended == "“Esperamos.” El senador Young se fue."
    assert article_before_titles(
        "According to Chairman Price, Judge Wood agreed.",
        "Según Presidente Price, Juez Wood estuvo de acuerdo.",
    ) == ("Según el presidente Price, el juez Wood estuvo de acuerdo.")


def test_prepositions() -> None:
    assert prepositions("information on conditions", "información encima afecciones") == (
        "información sobre afecciones"
    )
    assert prepositions("on top of it", "encima de él") == "encima de él"
    assert prepositions("against crime", "en contra delito") == "en contra de delito"


def test_apostrophes_as_in_source() -> None:
    assert apostrophes_as_in_source("O’Brien’s plan", "el plan de O'Brien") == (
        "el plan de O’Brien"
    )
    assert apostrophes_as_in_source("O'Brien", "O'Brien") == "O'Brien"


@pytest.mark.parametrize(
    ("english", "spanish", "mended"),
    [
        (
            "They secure their shared border and border cities.",
            "aseguran su borde compartido y ciudades de borde.",
            "aseguran su frontera compartida y ciudades fronterizas.",
        ),
        ("land border crossings", "cruces de borde de tierra", "cruces fronterizos de tierra"),
        ("the edge of the border", "el borde del borde", "el borde del borde"),  # unless
        ("trade policies", "las pólizas de comercio", "las políticas de comercio"),
        ("insurance policy", "la póliza de seguro", "la póliza de seguro"),
        ("oversight of the data", "el descuido del dato", "la supervisión de los datos"),
        ("Government officials", "Oficiales de gobierno", "Funcionarios de gobierno"),
        (
            "The Institutional Revolutionary Party",
            "La Fiesta Revolucionaria",
            "El Partido Revolucionario",
        ),
        ("to address abuses", "para dirigir abusos", "para abordar abusos"),
        ("to direct and address", "para dirigir", "para dirigir"),  # unless
        ("during his first year in office", "en oficina", "en el cargo"),
        ("Congress may act", "El congreso puede actuar", "El Congreso puede actuar"),
        ("Imports doubled.", "Las importaciones plegaron.", "Las importaciones se duplicaron."),
        ("Fold the paper double.", "Pliega el papel doble.", "Pliega el papel doble."),  # unless
        ("in the third quarter", "en el tercer barrio", "en el tercer trimestre"),
        ("In Q2, sales rose.", "En el segundo barrio, …", "En el segundo trimestre, …"),
        ("the French Quarter", "el barrio francés", "el barrio francés"),
        ("The House voted.", "La Casa votó.", "La Cámara votó."),
        ("The White House said.", "La Casa Blanca dijo.", "La Casa Blanca dijo."),  # unless
        (
            "The Senate passed the bill.",
            "El Senado pasó la factura.",
            "El Senado aprobó el proyecto de ley.",
        ),
        ("Electricity bills rose.", "Facturas de electricidad…", "Facturas de electricidad…"),
        ("They held a hearing.", "Aguantaron un oído.", "Celebraron una audiencia."),
        ("She has hearing loss.", "Tiene pérdida de oído.", "Tiene pérdida de oído."),  # unless
    ],
)
def test_correct_word_choices(english: str, spanish: str, mended: str) -> None:
    assert correct_word_choices(english, spanish) == mended


def test_noun_gender_from_endings() -> None:
    genders = {w: noun_gender(w) for w in ["cruces", "ciudades", "problemas", "seguridad", "zona"]}
    assert genders == {
        "cruces": "m",
        "ciudades": "f",
        "problemas": "m",
        "seguridad": "f",
        "zona": "f",
    }


@pytest.mark.parametrize(
    ("english", "reworded"),
    [
        (
            "U.S.-Mexican relations have grown.",
            "The relations between the United States and Mexico have grown.",
        ),
        (
            "Since then, the U.S.-Mexico border is",
            "Since then, the border between the United States and Mexico is",
        ),
        ("U.S.-Mexican security cooperation grew.", "U.S.-Mexican security cooperation grew."),
        ("The U.S.-Mexico Foundation met.", "The U.S.-Mexico Foundation met."),
    ],
)
def test_bilateral_compounds(english: str, reworded: str) -> None:
    assert bilateral_compounds(english) == reworded


def test_the_chain_runs_every_rule_in_order() -> None:
    english = "CBP is responsible for the U.S. border in March."
    assert repair(english, "CBP Es responsable para el borde de EE.UU. en March..") == (
        "CBP es responsable para la frontera de EE.UU. en marzo."
    )
    assert len({r.name for r in REPAIRS}) == len(REPAIRS)


@pytest.mark.parametrize(
    ("english", "spanish", "mended"),
    [
        (
            "As Table 1 shows, imports doubled; see Figure 2 and Tables 3 and 4.",
            "Como Mesa 1 espectáculos, las importaciones plegaron; ve Cifra 2 y Somete 3 y 4.",
            "Como la Tabla 1 muestra, las importaciones plegaron; véase la Figura 2 y las "
            "Tablas 3 y 4.",
        ),
        (
            "Table 2 lists the programs.",
            "Tabla 2 listas los programas.",
            "La Tabla 2 enumera los programas.",
        ),
        ("The data in Table 2.", "Los datos en Mesa 2.", "Los datos en la Tabla 2."),
        (
            "As shown in Figure A-1,",
            "Como asomado en Cifra A-1,",
            "Como se muestra en la Figura A-1,",
        ),
        ("See Appendix A.", "Ve Apéndice Un.", "Véase Apéndice A."),
        # A caption keeps its form; a table that is furniture, and an amount, stay.
        (
            "Table 1. Imports by year",
            "Mesa 1. Importaciones por año",
            "Tabla 1. Importaciones por año",
        ),
        ("The table was round.", "La mesa era redonda.", "La mesa era redonda."),
        ("A figure of 3 million.", "Una cifra de 3 millones.", "Una cifra de 3 millones."),
    ],
)
def test_references_to_parts(english: str, spanish: str, mended: str) -> None:
    assert references_to_parts(english, spanish) == mended


@pytest.mark.parametrize(
    ("english", "reworded"),
    [
        ("Sales fell in Q4 2023.", "Sales fell in the fourth quarter of 2023."),
        ("Q3 results were weak.", "The third quarter results were weak."),
        ("the Q1 FY2024 report", "the first quarter of 2024 report"),
        ("HQ4, Q10 and Q3-like", "HQ4, Q10 and Q3-like"),
    ],
)
def test_quarters(english: str, reworded: str) -> None:
    assert quarters(english) == reworded


@pytest.mark.parametrize(
    ("english", "reworded"),
    [
        ("Federal spending rose.", "Federal expenditure rose."),
        ("Spending on defense rose.", "Expenditure on defense rose."),
        ("They are spending more.", "They are spending more."),
        ("By spending $3 billion, it won.", "By spending $3 billion, it won."),
        ("They avoid spending money.", "They avoid spending money."),
    ],
)
def test_spending_as_a_noun(english: str, reworded: str) -> None:
    assert spending_as_a_noun(english) == reworded


def test_shares_one_in_n() -> None:
    english = "Roughly 1 in 4 dollars; one in five households."
    spanish = "Aproximadamente 1 en 4 dólares; uno en cinco casas."
    assert shares_one_in_n(english, spanish) == (
        "Aproximadamente 1 de cada 4 dólares; uno de cada cinco casas."
    )
    assert shares_one_in_n("In 2020 in Texas.", "1 en 4") == "1 en 4"  # no share in the English


@pytest.mark.parametrize(
    ("english", "reworded"),
    [
        ("citing a 2022 report (GAO-22-104547).", "citing a report of 2022 (GAO-22-104547)."),
        ("The 2020 election was close.", "The election of 2020 was close."),
        ("The 2000 reports were filed.", "The 2000 reports were filed."),  # a count
        ("a 2019 budget request", "a 2019 budget request"),  # a noun of two words
    ],
)
def test_years_before_nouns(english: str, reworded: str) -> None:
    assert years_before_nouns(english) == reworded
