"""An edit costs one sentence: a reviewed translation with only the changed sentences redone.

When a reviewed block's English changes and its reviewed Spanish has as many sentences as
the old English (the usual case: one sentence rendered by one), the sentences line up one
for one. The English sentences the edit did not touch keep their reviewed Spanish, word for
word (so their narration is reused); only the changed or added ones go to the engine.
Pure text work: the caller translates ``SplicePlan.to_translate`` and calls ``splice``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from pipeline.segment import split_sentences


@dataclass(frozen=True)
class SplicePlan:
    """The new Spanish block in order: kept Spanish sentences (str) and slots (int) for the
    machine translations of ``to_translate``."""

    pieces: tuple[str | int, ...]
    to_translate: tuple[str, ...]


def plan_splice(old_english: str, old_spanish: str, new_english: str) -> SplicePlan | None:
    """How to rebuild the translation of ``new_english`` from the reviewed ``old_spanish``.

    None when the sentences do not line up (different counts), when a sentence boundary
    falls inside inline markup, or when nothing of the old block survives: then the whole
    block is machine-translated as before.
    """
    before = _sentences(old_english, "en")
    spanish = _sentences(old_spanish, "es")
    after = _sentences(new_english, "en")
    if not before or not after or not spanish:
        return None
    if len(before) != len(spanish):
        return None
    pieces: list[str | int] = []
    to_translate: list[str] = []
    kept = 0
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces += spanish[i1:i2]
            kept += i2 - i1
            continue
        for sentence in after[j1:j2]:  # replaced or inserted; deleted ones just go
            pieces.append(len(to_translate))
            to_translate.append(sentence)
    if kept == 0:
        return None
    return SplicePlan(tuple(pieces), tuple(to_translate))


def splice(plan: SplicePlan, translations: list[str]) -> str:
    """The new Spanish block: kept sentences as they were, the rest from ``translations``."""
    if len(translations) != len(plan.to_translate):
        raise ValueError("one translation per sentence to translate")
    return " ".join(p if isinstance(p, str) else translations[p] for p in plan.pieces)


def _sentences(text: str, language: str) -> list[str] | None:
    """The block's sentences, or None if splitting would lose or alter text or markup."""
    sentences = split_sentences(text, language)
    if " ".join(sentences) != " ".join(text.split()):
        return None
    if not all(_balanced(s) for s in sentences):
        return None
    return sentences


def _balanced(sentence: str) -> bool:
    """True if no emphasis, code span or link opens in this sentence and closes in another."""
    if sentence.count("`") % 2 or sentence.replace("**", "").count("*") % 2:
        return False
    if sentence.count("**") % 2:
        return False
    depth = 0
    for char in sentence:
        depth += {"[": 1, "]": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0
