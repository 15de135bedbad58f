"""Proper names in English text: capitalised runs of words, and acronyms with their expansions.

Pure text work, shared by ``pipeline terms`` (which lists names the glossary lacks) and by
the experiment that keeps unknown names in their source form (see the translation benchmark).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that may sit inside a name ("Department of Homeland Security") but never end one.
_CONNECTORS = {"of", "the", "and", "for", "on", "de", "del", "la", "to", "in", "&"}
# Capitalised words that open sentences or headings without being part of a name.
_NOT_NAMES = {
    "A", "An", "The", "This", "That", "These", "Those", "In", "On", "At", "By", "For", "From",
    "To", "As", "And", "But", "Or", "If", "When", "While", "Since", "After", "Before",
    "During", "Although", "Because", "However", "Moreover", "Further", "First", "Second",
    "Third", "Finally", "Also", "Its", "Their", "Our", "We", "They", "It", "He", "She", "Some",
    "Most", "Many", "All", "Each", "Both", "Specifically", "Still", "Yet", "Nevertheless",
    "According", "Following", "Given", "Under", "With", "Without", "Despite", "Between",
    "Among", "Over", "Through", "Elected", "Meanwhile", "Instead", "Overall", "Other",
}  # fmt: skip
# A name followed by one of these and a number designates a thing of that name:
# "Lion Air Flight 610" is Lion Air's flight, "Interstate 10" a road.
_DESIGNATORS = {
    "Flight", "Route", "Highway", "Interstate", "Title", "Section", "Chapter", "Article",
    "Part", "Docket", "No.", "Number", "Resolution", "Amendment", "Building", "Gate",
}  # fmt: skip
_WORD = re.compile(r"[A-Z][\w’'.&-]*|[a-z][\w’'-]*|&|\d[\d,.]*")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&.-]{1,11})\)")


@dataclass(frozen=True)
class Name:
    text: str
    start: int
    end: int
    acronym: str = ""  # "FAA" for "Federal Aviation Administration (FAA)"


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def find_names(text: str) -> list[Name]:
    """Every run of two or more capitalised words in ``text`` (connectors allowed inside).

    A run is cut before a designator and its number ("Lion Air" of "Lion Air Flight 610"),
    loses the sentence words that open it ("The"), and a possessive at its end.
    """
    words = list(_WORD.finditer(text))
    names: list[Name] = []
    i = 0
    while i < len(words):
        if not _capitalised(words[i].group()) or words[i].group() in _NOT_NAMES:
            i += 1
            continue
        j = i
        run = [words[i]]
        while j + 1 < len(words) and _adjacent(text, words[j], words[j + 1]):
            following = words[j + 1].group()
            if _capitalised(following) and following not in _DESIGNATORS:
                run.append(words[j + 1])
                if _POSSESSIVE.search(following):
                    break
            elif following in _CONNECTORS and not _joins_two_names(run, following):
                run.append(words[j + 1])
            else:
                break
            j += 1
        consumed = max(1, len(run))
        while run and run[-1].group() in _CONNECTORS:
            run.pop()
        capitals = [w for w in run if _capitalised(w.group())]
        if len(capitals) >= 2:
            names.append(_name(text, run))
        i += consumed
    return names


def _joins_two_names(run: list[re.Match[str]], connector: str) -> bool:
    # "the Wilson Center and the U.S.-Mexico Foundation" is two names; "Customs and Border
    # Protection" is one.
    return connector == "the" and bool(run) and run[-1].group() == "and"


def _name(text: str, run: list[re.Match[str]]) -> Name:
    start, end = run[0].start(), run[-1].end()
    name = _POSSESSIVE.sub("", text[start:end]).rstrip(".,")
    acronym = _acronym_after(text, start, name)
    if acronym:
        # "Implementation of the North American Free Trade Agreement (NAFTA)" at a sentence
        # start: the acronym says where the name begins.
        for word in run:
            if word.start() > start and _capitalised(word.group()):
                rest = text[word.start() : start + len(name)]
                if _initials(rest) == _capitals(acronym) != _initials(name):
                    return Name(rest, word.start(), start + len(name), acronym)
    return Name(name, start, start + len(name), acronym)


def _adjacent(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Only a single space between the words: punctuation ends a name."""
    gap = text[left.end() : right.start()]
    return gap == " " and not _POSSESSIVE.search(left.group())


def _acronym_after(text: str, start: int, name: str) -> str:
    found = _ACRONYM.match(text, start + len(name) + 1)
    if not found or text[start + len(name) : start + len(name) + 1] != " ":
        return ""
    acronym = found.group(1)
    # "Federal Aviation Administration (FAA)", "U.S. Customs and Border Protection (CBP)":
    # the acronym's capitals are taken from the name's initials, in order.
    return acronym if _is_subsequence(_capitals(acronym), _initials(name)) else ""


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if _capitalised(w))


def _capitals(acronym: str) -> str:
    return "".join(c for c in acronym if c.isupper())


def _is_subsequence(letters: str, initials: str) -> bool:
    position = 0
    for letter in letters:
        position = initials.find(letter, position) + 1
        if position == 0:
            return False
    return True
