"""Shared pieces of the rules: the rule type, token regexes and the words around a position."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from pipeline.speech.normalise.lexicon import Lexicon

Rule = Callable[[str, Lexicon], str]

LETTER = r"[^\W\d_]"
SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space (French/Spanish style)


@cache
def token_regex(tokens: frozenset[str]) -> re.Pattern[str]:
    """Return a regex for any of ``tokens`` as whole words, longest first.

    A token that starts (ends) with a letter or digit may not touch another one, nor a dot
    that joins it to one ("org" is not a word of "wilsoncenter.org"); a token of symbols may.
    """
    if not tokens:
        return re.compile(r"(?!)")
    alternatives = []
    for token in sorted(tokens, key=lambda t: (-len(t), t)):
        start = r"(?<!\w)(?<!\w\.)" if token[0].isalnum() else ""
        end = r"(?!\w)(?!\.\w)" if token[-1].isalnum() else ""
        alternatives.append(f"{start}{re.escape(token)}{end}")
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def at_end(text: str, position: int) -> bool:
    return not text[position:].strip()


def spelled(token: str) -> str:
    """Return an initialism as spaced capitals ("U.S." → "U S"; "NGOs" → "N G Os")."""
    plural = token.endswith("s") and token[:-1].isupper()
    letters = [c for c in (token[:-1] if plural else token) if c.isalpha()]
    spoken = " ".join(c.upper() for c in letters)
    return spoken + "s" if plural else spoken


def next_word(text: str, position: int) -> str | None:
    match = re.match(rf"[{SPACES}]+({LETTER}+)", text[position:])
    return match.group(1) if match else None


def previous_word(text: str, position: int) -> str | None:
    match = re.search(rf"({LETTER}+)[{SPACES}]+$", text[:position])
    return match.group(1) if match else None


# English determiners before an amount that describes the noun after it: "a $5 million grant"
# is "a five million dollar grant". Not "the": in "the $50 billion went" a verb follows.
_DETERMINERS = frozenset({"a", "an", "each", "every"})


def is_attributive(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether the English amount at ``text[start:end]`` describes the noun after it."""
    if lexicon.language != "en":
        return False
    before, after = previous_word(text, start), next_word(text, end)
    return (
        before is not None
        and before.lower() in _DETERMINERS
        and after is not None
        and after.islower()
        and after not in lexicon.function_words
    )
