"""The shape of a line of plain text: prose, title-like, a list item, page chrome.

Pure functions, each a small named rule, used by the plain-text reader. The chrome
vocabulary is data (``chrome.toml``), not code.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

_BULLET = re.compile(r"^[•●▪▫◦‣∙·○■□➢►▸–—*+-]\s+")
_NUMBERED = re.compile(r"^\(?(\d{1,3})[.)]\s+(?=\S)")
_SENTENCE_END = re.compile(r"[.!?:;…][\"”’')\]]*$")
_SENTENCE_INSIDE = re.compile(r"[.!?][\"”’')\]]*\s+[A-Z\"“‘(]")
_URL_LIKE = re.compile(r"^(https?://|www\.)\S+$|^\S+@\S+\.\w+$|^[\w-]+(\.[\w-]+)+(/\S*)?$", re.I)
_TRIM = " \t•●▪▫◦‣∙·○■□➢►▸–—*+-|>»›:.,;!?()[]\"“”'‘’"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
PROSE_WORDS = 12  # a line this long that ends a sentence is running text, not a label
TITLE_WORDS = 15


@dataclass(frozen=True)
class Line:
    """A non-blank line: its text (stripped), the blank lines before it, its indent."""

    text: str
    gap: int
    indent: int


@dataclass(frozen=True)
class ListMarker:
    number: int | None  # None for a bullet
    text: str  # the item's text without its marker


@dataclass(frozen=True)
class Chrome:
    """The chrome vocabulary: whole lines, prefixes, patterns, end markers, breadcrumb roots."""

    lines: frozenset[str]
    prefixes: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    end_markers: frozenset[str]
    breadcrumb_roots: tuple[str, ...]


@cache
def chrome_data() -> dict:
    """Return ``chrome.toml``, the page-chrome vocabulary shipped with the package."""
    return tomllib.loads(resources.files(__package__).joinpath("chrome.toml").read_text("utf-8"))


@cache
def chrome_vocabulary() -> Chrome:
    """Return the vocabulary of chrome lines in plain text."""
    data = chrome_data()
    return Chrome(
        lines=frozenset(data["lines"]),
        prefixes=tuple(data["prefixes"]),
        patterns=tuple(re.compile(p) for p in data["patterns"]),
        end_markers=frozenset(data["end_markers"]),
        breadcrumb_roots=tuple(data["breadcrumb_roots"]),
    )


def split_lines(text: str) -> list[Line]:
    """Return the non-blank lines of ``text`` with their gaps; spaces and invisibles tidied."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    lines: list[Line] = []
    gap = 0
    for raw in text.split("\n"):
        raw = raw.replace("\u00a0", " ").rstrip()
        if not raw.strip():
            gap += 1
            continue
        stripped = raw.lstrip()
        lines.append(Line(" ".join(stripped.split()), gap, len(raw) - len(stripped)))
        gap = 0
    return lines


def key(text: str) -> str:
    """Return a line as the vocabulary compares it: case folded, trimmed, single spaces."""
    return " ".join(text.casefold().split()).strip(_TRIM).strip()


def word_count(text: str) -> int:
    return len(text.split())


def list_marker(text: str) -> ListMarker | None:
    """Return the bullet or number a line starts with, or None."""
    if match := _BULLET.match(text):
        return ListMarker(None, text[match.end() :])
    if match := _NUMBERED.match(text):
        return ListMarker(int(match.group(1)), text[match.end() :])
    return None


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def is_prose(text: str) -> bool:
    """True for running text: long enough, and ending or holding a sentence end."""
    if word_count(text) < PROSE_WORDS or list_marker(text):
        return False
    return ends_sentence(text) or bool(_SENTENCE_INSIDE.search(text))


def is_url(text: str) -> bool:
    return bool(_URL_LIKE.match(text.strip()))


def is_title_like(text: str) -> bool:
    """True for a line that could be a heading: short, capitalised, not ending a sentence."""
    if list_marker(text) or is_url(text) or len(text) > 120:
        return False
    if not 1 <= word_count(text) <= TITLE_WORDS or text.rstrip()[-1] in ".,;:":
        return False
    first = next((c for c in text if c.isalnum()), "")
    letters = sum(c.isalpha() for c in text)
    return bool(first) and (first.isupper() or first.isdigit()) and letters >= 3


def is_chrome(text: str, chrome: Chrome) -> bool:
    """True for a line the vocabulary names as page chrome."""
    k = key(text)
    if not k:
        return not any(c.isalnum() for c in text)  # rules and ornaments: "* * *", "———"
    if k in chrome.lines or any(k.startswith(p) for p in chrome.prefixes):
        return True
    return any(p.match(k) for p in chrome.patterns)


def is_end_marker(text: str, chrome: Chrome) -> bool:
    return key(text) in chrome.end_markers


def is_breadcrumb(text: str, title: str | None, chrome: Chrome) -> bool:
    """True for a breadcrumb trail: it starts at a root ("Home ›") or ends with the title."""
    k = key(text)
    if title and k != key(title) and k.endswith(key(title)):
        return True
    first = k.split(" ", 1)[0] if k else ""
    separated = bool(re.search(r"[›»>/|]", text))
    return any(k.startswith(r) for r in chrome.breadcrumb_roots if " " in r) or (
        first in chrome.breadcrumb_roots and (separated or not is_prose(text))
    )


def repeats_title(text: str, title: str) -> bool:
    """True for a short line that holds the title with a few words around it."""
    k, t = key(text), key(title)
    return bool(t) and t in k and word_count(text) <= word_count(title) + 6
