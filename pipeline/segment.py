"""Sentences: split a block's plain text with pysbd, shielding abbreviations it misses."""

from __future__ import annotations

import re
from functools import cache

import pysbd

# pysbd knows most abbreviations; these are the ones it splits wrongly in our reports.
# Spanish "EE. UU." is the classic: pysbd ends a sentence after "EE.".
_SHIELDED_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "U.S.",
        "U.K.",
        "U.N.",
        "e.g.",
        "i.e.",
        "Dr.",
        "No.",
        "Mr.",
        "Mrs.",
        "Ms.",
        "St.",
        # Citations the narrator reads as one label ("Pub. L. 117-58", "42 U.S.C. 1983").
        "Pub. L.",
        "Exec.",
        "Fed. Reg.",
        "U.S.C.",
        "C.F.R.",
        "vol.",
    ),
    # English names stay English in Spanish text ("U.S. Mexico 360").
    "es": (
        "EE. UU.",
        "EE.UU.",
        "p. ej.",
        "Sr.",
        "Sra.",
        "Dr.",
        "Dra.",
        "núm.",
        "art.",
        "Lic.",
        "U.S.",
        "U.K.",
        # "a las 8:05 a. m. del lunes" is one sentence; so is "la fracc. III".
        "a. m.",
        "p. m.",
        "fracc.",
        "Av.",
        "Col.",
    ),
}
_DOT_STANDIN = "\ue000"
_SPACE_STANDIN = "\ue001"


@cache
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language, clean=False)


@cache
def _abbreviation_pattern(language: str) -> re.Pattern[str]:
    abbreviations = sorted(_SHIELDED_ABBREVIATIONS.get(language, ()), key=len, reverse=True)
    alternatives = "|".join(re.escape(a) for a in abbreviations)
    # An abbreviation is shielded unless it closes the text (then it also ends the sentence).
    return re.compile(rf"(?<![\w.])(?:{alternatives})(?!$)")


def _shield(text: str, language: str) -> str:
    def hide(match: re.Match[str]) -> str:
        return match.group(0).replace(".", _DOT_STANDIN).replace(" ", _SPACE_STANDIN)

    return _abbreviation_pattern(language).sub(hide, text)


def _unshield(text: str) -> str:
    return text.replace(_DOT_STANDIN, ".").replace(_SPACE_STANDIN, " ")


def split_sentences(text: str, language: str) -> list[str]:
    """Return the sentences of ``text`` (one block's plain text), stripped, none empty."""
    text = " ".join(text.split())
    if not text:
        return []
    segmenter_language = language if language in ("en", "es") else "en"
    pieces = _segmenter(segmenter_language).segment(_shield(text, segmenter_language))
    return [s for s in (_unshield(piece).strip() for piece in pieces) if s]
