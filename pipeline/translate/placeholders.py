"""Spans of English a rule-based engine must not translate, swapped for placeholder words it
does not know and put back after (pure text work).

Apertium reads a placeholder ("Zzna") as an unknown proper noun: it keeps the sentence's
grammar around it (the article before it, the verb that agrees with it) and its place when
words are reordered. Before a possessive the placeholder is a name it knows ("Zelda"), whose
"'s" it turns into "de" as it should. A span kept as a superblank instead is a blank to the
engine: the words around it lose their subject ("The Forest Service said so" → "El Servicio
Forestal dicho tan") and drift when the engine reorders them ("Senador cumplido Young").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.translate.glossary import agree_article

_PREFIX = "Zzn"
_HELD = re.compile(rf"\b{_PREFIX}([a-z]+)\b")


@dataclass(frozen=True)
class Held:
    """What a placeholder stands for: the text put back, and the gender the article before
    it must agree with ("f", "m", "none"; "" leaves the engine's article alone)."""

    text: str
    gender: str = ""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    held: Held


def _letters(index: int) -> str:
    """0 → "a", 25 → "z", 26 → "ba": the placeholder's own part, letters only."""
    digits = ""
    while True:
        index, rest = divmod(index, 26)
        digits = chr(ord("a") + rest) + digits
        if index == 0:
            return digits


# Before "'s", an unknown word loses the possessive ("Zzna's plan" → "Zzna el plan"); a name
# the engine knows keeps it ("El plan de Zelda"). These pass through it unchanged, and are
# rare in policy writing; one found in the text is not used.
_KNOWN_NAMES = (
    "Zelda", "Hortense", "Thaddeus", "Nebuchadnezzar", "Isadora", "Percival", "Clementine",
    "Ezekiel", "Winifred", "Rasputin", "Archibald", "Cornelius", "Gideon", "Quentin",
    "Ulysses", "Yolanda", "Zachary", "Penelope", "Reginald", "Tobias",
)  # fmt: skip
_KNOWN_NAME = re.compile(rf"\b(?:{'|'.join(_KNOWN_NAMES)})\b")
_POSSESSIVE = re.compile(r"['’]s?\b")

Placeholders = dict[str, Held]  # placeholder word → what it stands for


def hold(text: str, spans: list[Span]) -> tuple[str, Placeholders]:
    """``text`` with each span (in order, none overlapping) swapped for a placeholder, and
    what each placeholder stands for. The same thing held twice shares a placeholder."""
    words: Placeholders = {}
    by_kind: dict[tuple[Held, bool], str] = {}
    used = set(_KNOWN_NAME.findall(text))
    names = [n for n in _KNOWN_NAMES if n not in used]
    pieces, position = [], 0
    for span in spans:
        possessive = bool(_POSSESSIVE.match(text, span.end)) and len(names) > 0
        word = by_kind.get((span.held, possessive))
        if word is None:
            word = names.pop(0) if possessive else _PREFIX + _letters(len(words))
            by_kind[(span.held, possessive)] = word
            words[word] = span.held
        pieces += [text[position : span.start], word]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces), words


def is_placeholder(word: str) -> bool:
    """Whether ``word`` is an unknown-word placeholder ``hold`` put in place of a span (the
    engine marks those as unknown; the known names it does not)."""
    return _HELD.fullmatch(word) is not None


def release(translation: str, words: Placeholders) -> str:
    """Put back what ``hold`` held, making the article before each agree with its gender."""
    if not words:
        return translation
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
    out, position = "", 0
    for match in pattern.finditer(translation):
        item = words[match.group(0)]
        out += translation[position : match.start()]
        position = match.end()
        if item.gender:
            out, _ = agree_article(out, len(out), item.gender)
        out += item.text
    return out + translation[position:]
