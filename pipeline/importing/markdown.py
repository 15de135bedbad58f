"""Markdown input: recognised by its markup, passed through with only its layout normalised."""

from __future__ import annotations

import re
import unicodedata

from pipeline.importing.blocks import Converted
from pipeline.importing.detect import Probe

NAME = "Markdown"

_ATX_HEADING = re.compile(r"^#{1,6} \S", re.M)
_SETEXT_UNDERLINE = re.compile(r"^\S.*\n(=+|-+)[ \t]*$", re.M)
_MARKDOWN_SIGNS = (
    re.compile(r"^\s{0,3}[-*+] \S", re.M),  # bullet items
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),  # links
    re.compile(r"(\*\*|__)\S[^*\n]*\S\1"),  # strong emphasis
    re.compile(r"^```", re.M),  # fenced code
    re.compile(r"^> \S", re.M),  # quotes
    re.compile(r"^\|.*\|\s*\n\|[\s:|-]+\|\s*$", re.M),  # a table's header and rule
    re.compile(r"^\[\^[^\]]+\]: ", re.M),  # footnote definitions
)
_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def accepts(probe: Probe) -> bool:
    """True for text whose markup is Markdown: ATX or setext headings, or several other signs.

    The file name only breaks a tie: a ``.md`` file with a single sign of Markdown is
    Markdown, a ``.txt`` file needs a heading or two kinds of Markdown markup.
    """
    if probe.kind != "text" or probe.text is None:
        return False
    text = probe.text
    if _ATX_HEADING.search(text) or _SETEXT_UNDERLINE.search(text):
        return True
    signs = sum(1 for sign in _MARKDOWN_SIGNS if sign.search(text))
    named = probe.path.suffix.lower() in _SUFFIXES
    return signs >= (1 if named else 2)


def normalise(text: str) -> str:
    """Return Markdown with Unix line ends, NFC text, no trailing spaces, single blank lines."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    fenced = False
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if not line and out and not out[-1] and not fenced:
            continue
        out.append(line)
    return "\n".join(out).strip("\n") + "\n"


def convert(probe: Probe) -> Converted:
    """Return the Markdown itself, normalised; nothing is dropped."""
    assert probe.text is not None
    return Converted(blocks=[], markdown=normalise(probe.text), detail=f"read as {probe.encoding}")
