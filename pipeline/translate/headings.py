"""The heading lexicon: how a Spanish report names the headings every report has.

Data per language pair (``headings.<source>-<target>.toml`` beside this module), consulted
before machine translation for heading blocks.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent
# "2. Background", "IV. Conclusion", "1.2 Methods": the number stays as written.
_NUMBER = re.compile(r"^((?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s+)")
_WRAPPING = re.compile(r"^([*_]{1,3})(.*?)\1$")


@cache
def heading_lexicon(source: str, target: str) -> dict[str, str]:
    """The pair's headings, keyed by their normalised English; empty if there is no file."""
    path = _HERE / f"headings.{source}-{target}.toml"
    if not path.exists():
        return {}
    with path.open("rb") as file:
        table = tomllib.load(file).get("headings", {})
    return {_normalised(key): value for key, value in table.items()}


def _normalised(text: str) -> str:
    text = text.replace("’", "'").strip().strip(".:;!?").strip()
    return " ".join(text.split()).casefold()


def lexicon_heading(text: str, source: str, target: str) -> str | None:
    """The lexicon's rendering of heading ``text`` (inline Markdown), or None if it has none."""
    lexicon = heading_lexicon(source, target)
    if not lexicon:
        return None
    number = _NUMBER.match(text)
    prefix = number.group(1) if number else ""
    rest = text[len(prefix) :].strip()
    wrapped = _WRAPPING.match(rest)
    marks = wrapped.group(1) if wrapped else ""
    core = wrapped.group(2) if wrapped else rest
    found = lexicon.get(_normalised(core))
    if found is None:
        return None
    return f"{prefix}{marks}{found}{marks}"
