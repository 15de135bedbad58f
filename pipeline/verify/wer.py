"""Word error rate: how many words a listener would get wrong, and compounds forgiven."""

from __future__ import annotations

import itertools
from collections.abc import Sequence


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Return the fewest substitutions, deletions and insertions turning one into the other."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(
                min(
                    previous[j] + 1,  # a reference word the recogniser did not hear
                    current[j - 1] + 1,  # a word heard that was not meant
                    previous[j - 1] + (ref != hyp),  # the same word, or another in its place
                )
            )
        previous = current
    return previous[-1]


def wer(reference: Sequence[str], hypothesis: Sequence[str]) -> float:
    """Return the word error rate: edit distance over the number of reference words.

    Nothing meant and nothing heard is 0.0; nothing meant but something heard is 1.0 (the
    ratio has no finite value there, and "all wrong" is what a listener would say).
    """
    if not reference:
        return float(bool(hypothesis))
    return edit_distance(reference, hypothesis) / len(reference)


def align_compounds(reference: list[str], hypothesis: list[str]) -> list[str]:
    """Return ``hypothesis`` with compounds split or joined as ``reference`` has them.

    "nonprofit" and "non profit", "wilsoncenter" and "wilson center" are one spelling choice,
    not a word misheard: a heard word that is two adjacent meant words run together is split,
    and two adjacent heard words that run together into one meant word are joined.
    """
    meant = set(reference)
    pairs = {a + b: (a, b) for a, b in itertools.pairwise(reference)}
    split: list[str] = []
    for word in hypothesis:
        split.extend(pairs[word] if word not in meant and word in pairs else (word,))
    joined: list[str] = []
    i = 0
    while i < len(split):
        pair = split[i : i + 2]
        both = "".join(pair)
        # Joined only where a piece is not itself meant: "a" + "cross" stays when both are.
        if len(pair) == 2 and both in meant and not (pair[0] in meant and pair[1] in meant):
            joined.append(both)
            i += 2
        else:
            joined.append(split[i])
            i += 1
    return joined
