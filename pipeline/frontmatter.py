"""A report's own metadata: the YAML front matter at the top of its Markdown, as Pandoc,
Quarto, Jekyll and Hugo write it (pure text work).

```
---
title: "Western Drought and Water Supply"
author: [Jane Doe, Congressional Research Service]
date: 2023-03-03
---
```

Its title (inline Markdown, as Pandoc reads it), author(s), publisher and year are the
report's own: they go into its credits, tags, EPUB and feed in place of the project's
``[book]`` settings, so every report of a catalogue is credited to its own authors. A title
given only there heads the report, heard and shown like a first-line ``# Title``. Other keys
(``abstract``, ``lang``, ``tags`` …) are left alone. A ``---`` opening a report whose next
lines are not ``key: value`` is a thematic break, as before; front matter that is not valid
YAML is an error naming its line.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from pipeline.errors import InputError
from pipeline.model import ReportMetadata

# The first line of YAML front matter is a key ("title: …"), or a comment.
_KEY_LINE = re.compile(r"^\s*(?:#|[A-Za-z_][\w-]*\s*:(?:\s|$))")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)")


def looks_like_metadata(content: str) -> bool:
    """Whether the lines between a report's opening ``---`` and the next are front matter
    (keys and values) rather than text set off by thematic breaks."""
    first = next((line for line in content.splitlines() if line.strip()), "")
    return bool(_KEY_LINE.match(first))


def read_metadata(content: str) -> ReportMetadata:
    """The report's metadata from its front matter (the lines between the ``---``, which
    start on the file's second line); InputError names the line of a mistake."""
    import yaml  # only for a report that has front matter

    try:
        data = yaml.safe_load(content)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = f"line {mark.line + 2}: " if mark is not None else ""
        raise InputError(f"{line}the front matter is not valid YAML ({error.problem})") from None
    except yaml.YAMLError as error:
        raise InputError(f"the front matter is not valid YAML ({error})") from None
    if data is None:
        return ReportMetadata()
    if not isinstance(data, dict):
        raise InputError("line 2: the front matter should be keys and values (title: …)")
    return ReportMetadata(
        title=_text(data, "title", content),
        author=_people(data.get("author", data.get("authors")), content),
        publisher=_text(data, "publisher", content),
        year=_year(data.get("year", data.get("date")), content),
        title_line=_line_of(content, "title"),
    )


def _line_of(content: str, key: str) -> int:
    """The file line of ``key`` in the front matter (which starts on the second line)."""
    for number, line in enumerate(content.splitlines(), start=2):
        if re.match(rf"\s*{re.escape(key)}\s*:", line):
            return number
    return 1


def _text(data: dict, key: str, content: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    raise InputError(f"line {_line_of(content, key)}: the front matter's {key} should be text")


def _people(value: Any, content: str) -> str:
    """One author, or several ("A, B & C": "&" is said "and" in English, "y" in Spanish);
    Pandoc's ``- name: …`` entries by name."""
    if value is None:
        return ""
    entries = value if isinstance(value, list) else [value]
    names = []
    for entry in entries:
        name = entry.get("name") if isinstance(entry, dict) else entry
        if not isinstance(name, str):
            line = _line_of(content, "author" if "author:" in content else "authors")
            raise InputError(f"line {line}: the front matter's author should be names")
        if name.strip():
            names.append(" ".join(name.split()))
    if len(names) <= 2:
        return " & ".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def _year(value: Any, content: str) -> str:
    """The year of a ``date`` (2023-03-03, "March 2023") or a ``year``."""
    if value is None:
        return ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return str(value.year)
    found = _YEAR.search(str(value))
    if found is None:
        key = "year" if re.search(r"^\s*year\s*:", content, re.M) else "date"
        raise InputError(f"line {_line_of(content, key)}: no year in the front matter's {key}")
    return found[1]
