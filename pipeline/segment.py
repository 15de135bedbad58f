"""Sentences: split a block's plain text with pysbd, shielding abbreviations it misses."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pysbd

from pipeline.model import Block
from pipeline.parsing import inline_plain_text

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


def block_sentences(block: Block, language: str) -> list[str]:
    """The sentences of a block as the edition shows them (and the narration speaks them)."""
    return split_sentences(inline_plain_text(block.text), language)


def split_sentences(text: str, language: str) -> list[str]:
    """Return the sentences of ``text`` (one block's plain text), stripped, none empty."""
    text = " ".join(text.split())
    if not text:
        return []
    segmenter_language = language if language in ("en", "es") else "en"
    pieces = _segmenter(segmenter_language).segment(_shield(text, segmenter_language))
    return [s for s in (_unshield(piece).strip() for piece in pieces) if s]


# A clause ends after these marks when a space follows; cutting there keeps a phrase whole
# for the translator and gives the voice a natural place to breathe.
_CLAUSE_BREAK = re.compile(r"(?<=[,;:)—–])\s+")


def chunk_text(text: str, limit: int, language: str) -> list[str]:
    """Return ``text`` in pieces of at most ``limit`` characters, cut where meaning allows.

    Pieces end at sentence boundaries where they can, then at clause boundaries (after
    ``, ; : )`` and dashes), then between words; only a single word longer than ``limit``
    (a long URL, say) is cut inside. Neighbouring sentences, clauses or words share a piece
    as long as it fits. Runs of whitespace become one space, so ``" ".join(pieces)`` is the
    text with its spacing normalised (but for a word cut inside).
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    flat = " ".join(text.split())
    if not flat:
        return []
    levels: list[Callable[[str], list[str]]] = [
        lambda t: _sentences_between_words(t, language),
        lambda t: [c for c in _CLAUSE_BREAK.split(t) if c],
        str.split,
    ]
    return _split(flat, limit, levels)


def _sentences_between_words(text: str, language: str) -> list[str]:
    """The sentences of ``text``, cut only where a space parts them.

    The segmenter may end a sentence inside a run of characters ("see section 1.." gives
    "section 1." and "."); such a piece is joined back to the one before, so the pieces
    joined with spaces are the text again."""
    pieces: list[str] = []
    position = 0
    for piece in split_sentences(text, language):
        start = position + len(text[position:]) - len(text[position:].lstrip())
        if not text.startswith(piece, start):
            return [text]  # the segmenter changed the text: do not cut it by sentences
        if pieces and start == position:
            pieces[-1] += piece
        else:
            pieces.append(piece)
        position = start + len(piece)
    return pieces


def _split(text: str, limit: int, levels: list[Callable[[str], list[str]]]) -> list[str]:
    if len(text) <= limit:
        return [text]
    if not levels:
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    split, *finer = levels
    parts = split(text)
    if len(parts) <= 1:
        return _split(text, limit, finer)
    pieces: list[str] = []
    for packed in _pack(parts, limit):
        pieces += _split(packed, limit, finer)
    return pieces


def _pack(parts: list[str], limit: int) -> list[str]:
    """Join neighbouring parts with spaces, greedily, while the result fits in ``limit``."""
    packed: list[str] = []
    for part in parts:
        if packed and len(packed[-1]) + 1 + len(part) <= limit:
            packed[-1] += " " + part
        else:
            packed.append(part)
    return packed
