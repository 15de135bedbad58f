"""Repairs of a rule-based engine's known quirks, applied to each block after translation.

A chain of small named rules, like the speech normaliser's: each is a pure function of the
English block and its Spanish translation that returns the mended translation, and each has
a test of its own. They mend what Apertium (eng-spa) gets wrong the same way every time;
they never rephrase. The benchmark (benchmarks/translation_chrf.py) measures what each gains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.translate.corrections import correct_word_choices
from pipeline.translate.dates import MONTH_PATTERN, MONTHS, WEEKDAYS, find_dates
from pipeline.translate.references import references_to_parts


@dataclass(frozen=True)
class Repair:
    name: str
    rule: Callable[[str, str], str]  # (English block, Spanish translation) → mended Spanish


# Two lexical units side by side, both words (lemma opens with a letter or digit; the left one
# has its tags): the transfer meant a blank between them.
_ADJACENT_WORDS = re.compile(r"(\^[^\W_][^$^]*>\$)(?=\^[^\W_])")


def separate_glued_words(stream: str) -> str:
    """Put a blank between adjacent words in Apertium's stream, before generation.

    A stream rule, not a text one: the transfer rules for English compounds ("a 3,000-mile
    border", "a wide-ranging proposal") emit ``^borde<n>…$^de<pr>$^3,000<num>$`` with no
    blank, which the generator prints as "bordede3,000". Punctuation units (``^,<cm>$``)
    and unknown words (``^*word$``) stay attached as they are.
    """
    return _ADJACENT_WORDS.sub(r"\1 ", stream)


_NUMBER_WORDS = (
    "un|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
    "quince|dieciséis|diecisiete|dieciocho|diecinueve|veinte|treinta|cuarenta|cincuenta|"
    "sesenta|setenta|ochenta|noventa|cien|ciento|mil|medio|media"
)
_ENGLISH_NUMBER = (
    r"\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|hundred|thousand|half"
)
_NUMBER_COMPOUND = re.compile(rf"(?<![\w-])(?:{_ENGLISH_NUMBER})-[a-z]", re.IGNORECASE)
_GLUED_DE = re.compile(rf"\b([^\W\d_]{{2,}}?)de(\d[\d.,]*|(?:{_NUMBER_WORDS})\b)")
_GLUED_UNIT = re.compile(r"(?<![\w.,])(\d[\d.,]*)([^\W\d_]{3,})\b")


def unglue_number_compounds(source: str, text: str) -> str:
    """ "a 3,000-mile border" comes out "un bordede3,000 millas": put the blanks back.

    Apertium drops the blanks around the "de" it inserts when it turns an English compound
    of a number and a unit into a Spanish complement ("plazodeseis años", "niñode5años").
    Only blocks whose English has such a compound are touched.
    """
    if not _NUMBER_COMPOUND.search(source):
        return text
    text = _GLUED_DE.sub(r"\1 de \2", text)
    return _GLUED_UNIT.sub(lambda m: m.group(0) if m.group(0) in source else f"{m[1]} {m[2]}", text)


_SPACE_BEFORE = re.compile(r"(?<=\S) +([.,;:!?])(?=\s|$)")


def no_space_before_punctuation(source: str, text: str) -> str:
    """ "una huelga de 24 horas ." → "… horas.": a dropped word leaves its blank behind."""
    if re.search(r"\s[.,;:!?](?:\s|$)", source):
        return text
    return _SPACE_BEFORE.sub(r"\1", text)


_DOUBLE_STOP = re.compile(r"(?<=[^\W\d_]\.)\.(?!\.)")


def single_full_stop(source: str, text: str) -> str:
    """ "la economía de EE.UU.." → "… EE.UU.": an abbreviation's dot also ends the sentence."""
    if ".." in source:
        return text
    return _DOUBLE_STOP.sub("", text)


_KEPT_OPENING = re.compile(r"(^|[.!?:]\s+|[\"“(]\s*)([A-Z][\w’'-]*)( )([A-ZÁÉÍÓÚÑ][a-záéíóúñü]*)\b")


def case_after_kept_opening(source: str, text: str) -> str:
    """ "CBP is responsible" comes out "CBP Es responsable", "Timeline of…" "Timeline Del…":
    when a sentence opens with a word Apertium copies as it is (an acronym, an unknown
    word), the sentence's capital lands on the next word. Put that one in lower case.

    Only where the English has the same opening word followed by a word in lower case.
    """

    def fix(match: re.Match[str]) -> str:
        opening = match.group(2)
        if not re.search(rf"(?<![\w-]){re.escape(opening)} [a-z]", source):
            return match.group(0)
        return match.group(1) + opening + match.group(3) + match.group(4).lower()

    return _KEPT_OPENING.sub(fix, text)


def first_letter_as_in_source(source: str, text: str) -> str:
    """A block opens with a capital in Spanish if, and only if, its English does.

    Words moved across a sentence start, or a protected span at the start, can leave a
    block opening in lower case ("de visión general cumplieron…"); a block whose English
    opens in lower case (a list item, a term) can come out capitalised. Lower case is only
    given back to an ordinary word: one followed by a lower-case word (not "Estados Unidos")
    and not copied from the English (not a name).
    """
    source_position = _first_letter_position(source)
    position = _first_letter_position(text)
    if source_position is None or position is None:
        return text
    if source[source_position].isupper():
        return text[:position] + text[position].upper() + text[position + 1 :]
    opening = re.match(r"([^\W\d_][^\W\d_]*)( [^\W\d_]+)?", text[position:])
    english = re.match(r"[^\W\d_]+", source[source_position:])
    if (
        opening
        and english
        and english.group().islower()
        and opening.group(1)[1:].islower()
        and (opening.group(2) is None or opening.group(2)[1].islower())
        and opening.group(1) not in source
    ):
        return text[:position] + text[position].lower() + text[position + 1 :]
    return text


def _first_letter_position(text: str) -> int | None:
    for i, char in enumerate(text):
        if char.isalpha():
            return i
        if char.isdigit():
            return None
    return None


_ENGLISH_MONTH_LEFT = re.compile(rf"\b({'|'.join(MONTHS)})\b")
_MARCH_AS_NOUN = re.compile(r"\b[Mm]archa (?=\d)")
_SPANISH_NAMES = [*MONTHS.values(), *WEEKDAYS.values()]
_CAPITALISED_NAME = re.compile(
    rf"(?<=[\w,;] )({'|'.join(n.capitalize() for n in _SPANISH_NAMES)})\b"
)


def spanish_month_names(source: str, text: str) -> str:
    """Months and weekdays the engine left in English, or capitalised, in Spanish form.

    "en March" → "en marzo", "Marcha 19" → "marzo 19"; mid-sentence "Marzo" → "marzo"
    (Spanish writes month and weekday names in lower case).
    """
    if not any(name in source for name in (*MONTHS, *WEEKDAYS)):
        return text
    text = _ENGLISH_MONTH_LEFT.sub(lambda m: MONTHS[m.group(1)], text)
    text = _MARCH_AS_NOUN.sub("marzo ", text)
    return _CAPITALISED_NAME.sub(lambda m: m.group(1).lower(), text)


_TITLES = (
    "Presidente|Presidenta|Vicepresidente|Vicepresidenta|Secretario|Secretaria|Senador|"
    "Senadora|Gobernador|Gobernadora|Embajador|Embajadora|Ministro|Ministra|Representante|"
    "Alcalde|Alcaldesa|Comisionado|Comisionada|Canciller|Juez|Jueza|Comisario|Comisaria|"
    "Profesor|Profesora|Administrador|Administradora|Director|Directora|Señor|Señora"
)
_TITLE_BEFORE_NAME = re.compile(
    rf"(^|[.!?;:]\s+|,\s+|[,.!?]?[\"”»]\s+|\b(?:por|de|con|para|[Ss]egún|y|e|o|que|entre|sobre)\s+)"
    rf"({'|'.join(f'[{t[0]}{t[0].lower()}]{t[1:]}' for t in _TITLES.split('|'))})"
    r"\s+(?=(?:de |del )?[A-ZÁÉÍÓÚÑ])"
)
_ENGLISH_TITLE = re.compile(
    r"\b(?:President|Vice President|Secretary|Senator|Governor|Ambassador|Minister|"
    r"Representative|Mayor|Commissioner|Chancellor|Judge|Justice|Chairman|Chairwoman|Chair|"
    r"Professor|Administrator|Director|Mr\.|Mrs\.|Ms\.)(?: of(?: the)?)? [A-Z]"
)


def article_before_titles(source: str, text: str) -> str:
    """ "President Obama said" comes out "Presidente Obama dijo": Spanish puts an article
    before a title and writes the title in lower case: "El presidente Obama dijo".

    Only at a sentence or clause start, or after a preposition ("por el presidente…"), where
    the article is surely missing; "de el" and "a el" contract.
    """
    if not _ENGLISH_TITLE.search(source):
        return text

    def with_article(match: re.Match[str]) -> str:
        before, title = match.group(1), match.group(2)
        feminine = title.endswith("a") and title not in ("Canciller",)
        article = "la" if feminine else "el"
        if re.fullmatch(r"[.!?;:]?|[.!?][\"”»]", before.strip()):
            article = article.capitalize()
        elif before.strip() == "de" and article == "el":
            before, article = before[: -len("de ")], "del"
        return f"{before}{article} {title.lower()} "

    return _TITLE_BEFORE_NAME.sub(with_article, text)


# "1 in 4 dollars", "one in five households": a share, said "uno de cada cuatro".
_ONE_IN_N = re.compile(r"\b(?:\d+|one|two|three|four|five)\s+in\s+(?:\d+|[a-z]+)\b")
_EN_CADA = re.compile(
    r"\b(\d+|un|uno|una|dos|tres|cuatro|cinco) en (\d+|dos|tres|cuatro|cinco|seis|siete|ocho|"
    r"nueve|diez|cien|mil)\b"
)


def shares_one_in_n(source: str, text: str) -> str:
    """ "1 in 4 dollars" comes out "1 en 4 dólares": a share is "1 de cada 4 dólares"."""
    if not _ONE_IN_N.search(source):
        return text
    return _EN_CADA.sub(r"\1 de cada \2", text)


_ENCIMA = re.compile(r"\b([Ee])ncima (?!de\b)(?=[\w¿¡\"“(])")
_EN_CONTRA = re.compile(r"\b([Ee]n) contra (?!de\b|del\b|suya|mía|tuya|nuestra)(?=\w)")


def prepositions(source: str, text: str) -> str:
    """Prepositions Apertium leaves bare: "encima" before a noun is "sobre" ("información
    encima afecciones" for "information on conditions"); "en contra X" is "en contra de X"."""
    text = _ENCIMA.sub(lambda m: ("S" if m.group(1) == "E" else "s") + "obre ", text)
    return _EN_CONTRA.sub(lambda m: f"{m.group(1)} contra de ", text)


_SPANISH_MONTH = "|".join(MONTHS.values())
# Apertium reads "since" before a figure or a date as the adverb ("desde entonces 2000").
_DESDE_ENTONCES = re.compile(
    rf"\b([Dd])esde entonces (?=\d|(?:la década|principios|mediados|finales) de\b"
    rf"|(?:{_SPANISH_MONTH})\b|el \d)"
)
_SINCE_A_DATE = re.compile(rf"\b[Ss]ince (?:the )?(?:\d|early|mid|late|{MONTH_PATTERN})")


def since_a_date(source: str, text: str) -> str:
    """ "since 2000" comes out "desde entonces 2000": before a year or a date it is "desde".
    Left alone where the English also says "since then" (which is "desde entonces")."""
    if not _SINCE_A_DATE.search(source) or re.search(r"\b[Ss]ince then\b", source):
        return text
    return _DESDE_ENTONCES.sub(lambda m: f"{m.group(1)}esde ", text)


def case_after_date_opening(source: str, text: str) -> str:
    """ "March 2020 was calm" comes out "Marzo de 2020 Era tranquilo": a date opening a
    sentence reaches Apertium as a fixed span, and the sentence's capital lands on the word
    after it. Put that word in lower case, unless the English capitalises it (a name)."""
    for span in find_dates(source):
        if source[: span.start].rstrip()[-1:] not in ("", ".", "!", "?", ":"):
            continue
        date = re.escape(span.spanish[1:])
        opening = re.compile(
            rf"(^|[.!?:]\s+)([{span.spanish[0].upper()}{span.spanish[0].lower()}]{date},? )"
            r"([A-ZÁÉÍÓÚÑ][a-záéíóúñü]+)\b"
        )

        def lower(match: re.Match[str]) -> str:
            word = match.group(3)
            if re.search(rf"(?<![\w-]){word}(?![\w-])", source):
                return match.group(0)
            return match.group(1) + match.group(2) + word.lower()

        text = opening.sub(lower, text)
    return text


# "at 10:30 a.m." comes out "en 10:30 a.m.": a time of day is "a las 10:30" ("a la 1:15").
_AT_A_TIME = re.compile(r"\b([Ee])n (\d{1,2})(?=(?::\d\d)?\s?[ap]\.\s?m\.|:\d\d\b)")
_AT_A_TIME_IN_ENGLISH = re.compile(
    r"\b[Aa]t \d{1,2}(?::\d\d)?\s?(?:[ap]\.\s?m\.|[ap]m\b)|\b[Aa]t \d{1,2}:\d\d\b"
)


def times_of_day(source: str, text: str) -> str:
    """ "at 10:30 a.m." comes out "en 10:30 a.m."; Spanish says "a las 10:30 a.m."."""
    if not _AT_A_TIME_IN_ENGLISH.search(source):
        return text

    def at(match: re.Match[str]) -> str:
        article = "la" if int(match.group(2)) == 1 else "las"
        return f"{'A' if match.group(1) == 'E' else 'a'} {article} {match.group(2)}"

    return _AT_A_TIME.sub(at, text)


_CENTURY_AS_ADJECTIVE = re.compile(r"\b([Dd])e (\d{1,2})\.º siglos?\b")
_ROMAN = (
    (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def _roman(number: int) -> str:
    digits = ""
    for value, letters in _ROMAN:
        while number >= value:
            digits, number = digits + letters, number - value
    return digits


def centuries(source: str, text: str) -> str:
    """ "a 21st-century problem" comes out "un problema de 21.º siglos": Spanish writes the
    century in Roman numerals after the noun, "un problema del siglo XXI"."""
    return _CENTURY_AS_ADJECTIVE.sub(
        lambda m: f"{m.group(1)}el siglo {_roman(int(m.group(2)))}", text
    )


# A word in capitals, not part of "U.S." or "K-12" (a full stop may end the sentence).
_ACRONYM = re.compile(r"(?<![\w.&/-])[A-Z][A-Z0-9]{1,7}(?![\w&/-]|\.\w)")
_CAPITALS = re.compile(r"(?<![\w.&/-])[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ0-9]{1,15}(?![\w&/-]|\.\w)")
# Acronyms Apertium gives in their Spanish form ("EU" → "UE"): right, not a word translated.
_SPANISH_ACRONYMS = frozenset({"UE", "ONU", "OTAN", "OMS", "PIB", "VIH", "EE", "UU", "UNESCO"})
_KNOWN_ACRONYMS = frozenset({"EU", "UN", "NATO", "WHO", "US", "USA", "GDP", "AIDS", "HIV", "UK"})
# Words a writer puts in capitals for emphasis ("must NOT", "NOTE:"): their translation is
# right, and with one in the block the engine's capitals cannot be told apart.
# fmt: off
_EMPHASIS = frozenset({
    "NOT", "NO", "MUST", "ALL", "ONLY", "NEVER", "ANY", "NONE", "NOTE", "NOTES", "SHALL", "MAY",
    "WILL", "SHOULD", "CAN", "CANNOT", "AND", "OR", "BUT", "NOR", "IF", "NOW", "VERY", "MORE",
    "MOST", "LESS", "EVERY", "EACH", "BOTH", "THE", "A", "AN", "IS", "ARE", "WAS", "WERE", "BE",
    "DO", "DOES", "HAS", "HAVE", "NEW", "FREE", "YES", "STOP", "FIRST", "LAST", "NEXT", "ALSO",
    "EVEN", "BEFORE", "AFTER", "WITH", "WITHOUT", "ONE", "TWO", "TOTAL", "KEY",
})
# fmt: on


def acronyms_as_in_source(source: str, text: str) -> str:
    """ "the BEAD program" comes out "el programa de CUENTA", "ICE" "HIELO": Apertium reads
    an acronym that is also a word as the word. Where as many acronyms of the English are
    missing from the Spanish as words in capitals stand there that the English lacks, each
    such word is its acronym again, in order. A block that is one acronym (a table cell)
    stays as it is; a block written in capitals is left alone."""
    if _ACRONYM.fullmatch(source.strip()) and source.strip() not in _KNOWN_ACRONYMS:
        return source.strip()
    if not any(c.islower() for c in source):
        return text
    written = _ACRONYM.findall(source)
    if any(word in _EMPHASIS for word in written):
        return text
    # An acronym a dictionary holds as a word is short ("BEAD", "CARES"); a longer word in
    # capitals ("CRITICAL") is emphasis, translated as it should be.
    missing = [a for a in dict.fromkeys(written) if len(a) <= 5 and a not in text]
    if not missing:
        return text
    foreign = [
        w
        for w in dict.fromkeys(_CAPITALS.findall(text))
        if w not in source and w not in _SPANISH_ACRONYMS
    ]
    if len(foreign) != len(missing):
        return text
    for word, acronym in zip(foreign, missing, strict=True):
        text = re.sub(rf"(?<![\w.&/-]){word}(?![\w&/-]|\.\w)", acronym, text)
    return text


def apostrophes_as_in_source(source: str, text: str) -> str:
    """Apertium turns the typographic apostrophe (’) into a straight one; give it back."""
    if "’" in source and "'" not in source:
        return text.replace("'", "’")
    return text


REPAIRS: tuple[Repair, ...] = (
    Repair("unglue_number_compounds", unglue_number_compounds),
    Repair("no_space_before_punctuation", no_space_before_punctuation),
    Repair("single_full_stop", single_full_stop),
    Repair("spanish_month_names", spanish_month_names),
    Repair("correct_word_choices", correct_word_choices),
    # Before the articles: a capital it moves may be the "Y" before a title ("Steel Y
    # Gobernador Brown"), which the articles' rule then reads as the conjunction it is.
    Repair("case_after_kept_opening", case_after_kept_opening),
    Repair("article_before_titles", article_before_titles),
    Repair("prepositions", prepositions),
    Repair("shares_one_in_n", shares_one_in_n),
    Repair("since_a_date", since_a_date),
    Repair("centuries", centuries),
    Repair("times_of_day", times_of_day),
    Repair("acronyms_as_in_source", acronyms_as_in_source),
    Repair("references_to_parts", references_to_parts),
    Repair("case_after_date_opening", case_after_date_opening),
    Repair("apostrophes_as_in_source", apostrophes_as_in_source),
    Repair("first_letter_as_in_source", first_letter_as_in_source),
)
# Bumped when a rule changes what it writes: cached machine translations are keyed by it.
REPAIRS_VERSION = 6


def repair(source: str, text: str, repairs: Sequence[Repair] = REPAIRS) -> str:
    """Return ``text`` (the translation of ``source``) mended by each rule in turn."""
    for item in repairs:
        text = item.rule(source, text)
    return text


def repairs_named(names: Sequence[str]) -> tuple[Repair, ...]:
    """The repairs with these names, in chain order (for benchmarks and tests)."""
    return tuple(r for r in REPAIRS if r.name in set(names))
