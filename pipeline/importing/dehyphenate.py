"""Rejoining lines of wrapped text, and words split by a hyphen at a line end.

A hyphen at a line end is either the typesetter's (``inspec-`` / ``tion``: drop it) or the
word's own (``cross-`` / ``border``, ``U.S.-`` / ``Mexico``: keep it). What decides, in order:
capitals, digits and abbreviations after or before it; compounds already hyphenated; how the
document itself writes the word elsewhere; then an English word list (pyspellchecker's).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_LINE_END_HYPHEN = re.compile(r"(\S*?)([A-Za-z0-9.]+)-$")
_FIRST_WORD = re.compile(r"^([A-Za-z0-9][\w'’]*)")


@cache
def _english_words() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en").word_frequency.dictionary)


def vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Return the lowercased words (hyphenated ones whole) written inside lines of ``texts``."""
    words: set[str] = set()
    for text in texts:
        for line in text.splitlines():
            # The last word of a line may be the split one: it does not count as written.
            found = _WORD.findall(line.rstrip())
            if line.rstrip().endswith("-") and found:
                found = found[:-1]
            words.update(w.lower() for w in found)
    return frozenset(words)


def keeps_hyphen(before: str, after: str, document_words: frozenset[str] = frozenset()) -> bool:
    """True when ``before-`` at a line end and ``after`` on the next line form a hyphenated word.

    ``before`` is the text of the word up to the hyphen (``U.S.``, ``cross``, ``inspec``),
    ``after`` the first word of the next line.
    """
    if not after or not before:
        return True
    if after[0].isupper() or after[0].isdigit() or before[-1].isdigit():
        return True
    if "." in before or before.isupper() or "-" in before:
        return True
    head = before.lower()
    tail = after.lower().rstrip("'’")
    joined, hyphenated = head + tail, f"{head}-{tail}"
    if hyphenated in document_words:
        return True
    if joined in document_words:
        return False
    words = _english_words()
    if joined in words:
        return False
    # Two words, or a word the list lacks ("wildland") before one it has ("urban"): keep.
    return tail in words and (head in words or len(head) >= 4)


def join_lines(first: str, second: str, document_words: frozenset[str] = frozenset()) -> str:
    """Return two wrapped lines as one: a typesetter's hyphen removed, a real one kept."""
    first, second = first.rstrip(), second.strip()
    if not first:
        return second
    if not second:
        return first
    match = _LINE_END_HYPHEN.search(first)
    after = _FIRST_WORD.match(second)
    if match and after and not first.endswith(" -") and not first.endswith("--"):
        before = match.group(2)
        # "state-of-the-" has its earlier hyphens in group 1's tail
        prefix = match.group(1)
        compound = prefix.endswith("-") or "-" in prefix
        if compound or keeps_hyphen(before, after.group(1), document_words):
            return first + second
        return first[:-1] + second
    return f"{first} {second}"
