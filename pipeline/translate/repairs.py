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

from pipeline.translate.dates import MONTHS, WEEKDAYS


@dataclass(frozen=True)
class Repair:
    name: str
    rule: Callable[[str, str], str]  # (English block, Spanish translation) → mended Spanish


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


_ACRONYM_LEAD = re.compile(
    r"(^|[.!?:]\s+|[\"“(]\s*)([A-Z]{2,}[a-z]?)( )([A-ZÁÉÍÓÚÑ][a-záéíóúñü]+)\b"
)


def acronym_lead_case(source: str, text: str) -> str:
    """ "CBP is responsible" comes out "CBP Es responsable": the capital of a sentence that
    opens with an unknown acronym lands on the next word; put it back in lower case.

    Only where the English has the acronym followed by a word in lower case.
    """

    def fix(match: re.Match[str]) -> str:
        acronym = match.group(2)
        if not re.search(rf"\b{re.escape(acronym)} [a-z]", source):
            return match.group(0)
        return match.group(1) + acronym + match.group(3) + match.group(4).lower()

    return _ACRONYM_LEAD.sub(fix, text)


def first_letter_as_in_source(source: str, text: str) -> str:
    """A block whose English opens with a capital opens with a capital in Spanish too.

    Words moved across a sentence start, or a protected span at the start, can leave a
    block opening in lower case ("de visión general cumplieron…").
    """
    source_position = _first_letter_position(source)
    position = _first_letter_position(text)
    if source_position is None or position is None or not source[source_position].isupper():
        return text
    return text[:position] + text[position].upper() + text[position + 1 :]


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
    Repair("acronym_lead_case", acronym_lead_case),
    Repair("apostrophes_as_in_source", apostrophes_as_in_source),
    Repair("first_letter_as_in_source", first_letter_as_in_source),
)
# Bumped when a rule changes what it writes: cached machine translations are keyed by it.
REPAIRS_VERSION = 1


def repair(source: str, text: str, repairs: Sequence[Repair] = REPAIRS) -> str:
    """Return ``text`` (the translation of ``source``) mended by each rule in turn."""
    for item in repairs:
        text = item.rule(source, text)
    return text


def repairs_named(names: Sequence[str]) -> tuple[Repair, ...]:
    """The repairs with these names, in chain order (for benchmarks and tests)."""
    return tuple(r for r in REPAIRS if r.name in set(names))
