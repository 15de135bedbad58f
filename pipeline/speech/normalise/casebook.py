"""Reference cases for speech normalisation: read them, fold them, score a reading against them.

Two sets live in ``tests/data/normalisation``: NeMo's public test cases (``nemo/{en,es}/
test_cases_<class>.txt``, one ``written~spoken[~alternative…]`` per line) and the project's
own policy-report cases (``policy_{en,es}.tsv``: ``class<TAB>written<TAB>spoken[|alternative…]``,
``#`` comments). A reading matches a case when it equals one of the case's spoken forms after
both are folded: case, punctuation and hyphens do not count, since a voice does not say them.

A second, looser comparison also forgives the joining word before the last part of an amount,
which is a matter of style, not of reading: British "one hundred and five" against American
"one hundred five", "twenty dollars and fifty cents" against "twenty dollars fifty cents",
"un dólar con cincuenta centavos" against "un dólar cincuenta centavos".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# The eight classes of NeMo's cases that a report needs, in the order they are reported.
NEMO_CLASSES = ("cardinal", "date", "decimal", "fraction", "measure", "money", "ordinal", "time")


@dataclass(frozen=True)
class Case:
    """One written form and the readings a narrator may give it."""

    language: str
    kind: str  # the class: "date", "money", ...
    written: str
    spoken: tuple[str, ...]  # every accepted reading; the first is the preferred one
    origin: str  # "file:line", to find the case again


def fold(text: str) -> str:
    """Return ``text`` as compared: lowercase, no punctuation, hyphens and dashes as spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"(?<=\w)['’](?=\w)", "", text)  # "o'clock" and "oclock" are one reading
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


_NUMBER_WORDS = frozenset(
    """
one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
un uno una dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince
dieciséis diecisiete dieciocho diecinueve veinte veintiuno veintiún veintiuna veintidós
veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho veintinueve treinta
cuarenta cincuenta sesenta setenta ochenta noventa cien ciento doscientos trescientos
cuatrocientos quinientos seiscientos setecientos ochocientos novecientos
""".split()  # noqa: SIM905 (a list of words reads better as text)
)
_JOINERS = frozenset({"and", "con"})


def fold_joiners(folded: str) -> str:
    """Return a folded reading without "and"/"con" before a number word (see the module)."""
    words = folded.split()
    kept = [
        word
        for index, word in enumerate(words)
        if not (word in _JOINERS and index + 1 < len(words) and words[index + 1] in _NUMBER_WORDS)
    ]
    return " ".join(kept)


def matches(reading: str, case: Case, joiners_optional: bool = False) -> bool:
    """Whether ``reading`` is one of ``case``'s spoken forms, once both are folded.

    ``joiners_optional`` also forgives "and"/"con" before a number word, on both sides.
    """
    folded = fold(reading)
    if joiners_optional:
        folded = fold_joiners(folded)
        return any(folded == fold_joiners(fold(spoken)) for spoken in case.spoken)
    return any(folded == fold(spoken) for spoken in case.spoken)


def nemo_cases(folder: Path, language: str, kinds: tuple[str, ...] = NEMO_CLASSES) -> list[Case]:
    """Return NeMo's cases of ``kinds`` for ``language`` from ``folder/<language>/``."""
    cases = []
    for kind in kinds:
        path = folder / language / f"test_cases_{kind}.txt"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "~" not in line:
                continue
            written, *spoken = line.split("~")
            cases.append(Case(language, kind, written, tuple(spoken), f"{path.name}:{number}"))
    return cases


def policy_cases(path: Path, language: str) -> list[Case]:
    """Return the project's own cases from a ``class<TAB>written<TAB>spoken|alt`` file."""
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise ValueError(f"{path}, line {number}: want class, written, spoken (tab-separated)")
        kind, written, spoken = fields
        readings = tuple(s.strip() for s in spoken.split("|"))
        cases.append(Case(language, kind.strip(), written, readings, f"{path.name}:{number}"))
    return cases
