"""A book's structure: what EPUBCheck judges, apart from the words and the timings.

EPUBCheck takes seconds of Java a book, and an edit of one sentence changes only that
sentence's text, the clock values of the overlays after it, the durations in the package and
the section's audio. EPUBCheck's rules bear on none of those but through relations we can
check here: well-formed XML, clock values that parse, clips in order, the package's total
duration the sum of its overlays'. So a book whose structure is one EPUBCheck already passed,
and whose varying parts pass these checks, keeps that verdict; anything else (a new element,
attribute, file, image or stylesheet; a clock out of order) goes to EPUBCheck again.

The structure keeps: every zip entry's name and order; each XML file's prolog, elements and
attributes (clock attributes aside), and whether each run of text is empty, blank or words;
the package's metadata text but its dates and durations; every other file's bytes but the
audio's. Pure functions: bytes in, a digest (or None, "ask EPUBCheck") out.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from xml.etree import ElementTree

# Bump when what the structure keeps changes: a verdict kept under an older one is not used.
STRUCTURE_VERSION = 1

XML_SUFFIXES = (".xhtml", ".smil", ".opf", ".ncx", ".xml")
AUDIO_SUFFIXES = (".mp3", ".m4a", ".mp4", ".aac")
CLOCK_ATTRIBUTES = ("clipBegin", "clipEnd")
# Metadata whose text changes with the audio or the clock, checked here instead.
VARYING_META = ("dcterms:modified", "media:duration")
OPF = "{http://www.idpf.org/2007/opf}"
SMIL = "{http://www.w3.org/ns/SMIL}"

_CLOCK = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?$")
_MODIFIED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_PROLOG = re.compile(rb"^\s*(<\?xml[^>]*\?>)?\s*(<!DOCTYPE[^>]*>)?")
_TOLERANCE_S = 0.0015  # clock values are to the millisecond; sums of rounded values drift


class _Unchecked(ValueError):
    """A varying part fails our checks: EPUBCheck must judge the book."""


def clock_seconds(value: str) -> float:
    """Seconds in a full clock value (``H:MM:SS.mmm``); raise _Unchecked if it is not one."""
    found = _CLOCK.match(value.strip())
    if not found:
        raise _Unchecked(f"clock value {value!r}")
    hours, minutes, seconds, millis = found.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + int(millis or 0) / 1000


def _text_kind(text: str | None) -> str:
    if not text:
        return ""
    return " " if not text.strip() else "T"


def _attribute(element: ElementTree.Element, name: str, value: str) -> str:
    if name in CLOCK_ATTRIBUTES:
        return "CLOCK"
    # A page's <meta name=… content=…> carries words (the disclosure names the source's
    # digest); EPUBCheck reads only that it is there.
    if name == "content" and element.tag.endswith("}meta") and element.get("name"):
        return _text_kind(value)
    return value


def _shape(element: ElementTree.Element, keep_text: bool) -> list:
    """An element as a nested list, words replaced by their kind unless ``keep_text``."""
    attributes = sorted(
        (name, _attribute(element, name, value)) for name, value in element.attrib.items()
    )
    varying = element.tag == f"{OPF}meta" and element.get("property") in VARYING_META
    text = element.text if keep_text and not varying else _text_kind(element.text)
    return [
        element.tag,
        attributes,
        text,
        [_shape(child, keep_text) for child in element],
        _text_kind(element.tail),
    ]


def _check_overlay(root: ElementTree.Element) -> float:
    """Every clip's clock values parse, each clip runs forward and none starts before the one
    before it; return where the last one ends."""
    last_begin, end = 0.0, 0.0
    for audio in root.iter(f"{SMIL}audio"):
        begin = clock_seconds(audio.get("clipBegin", ""))
        end = clock_seconds(audio.get("clipEnd", ""))
        if not begin < end or begin < last_begin:
            raise _Unchecked("clips out of order")
        last_begin = begin
    return end


def _check_package(root: ElementTree.Element, overlay_ends: dict[str, float]) -> None:
    """The modified date is a date, every duration parses, the total is the sum of the
    overlays' durations and no overlay's clips run past its own duration."""
    metadata = root.find(f"{OPF}metadata")
    manifest = root.find(f"{OPF}manifest")
    if metadata is None or manifest is None:
        raise _Unchecked("no metadata or manifest")
    total, parts = None, {}
    for meta in metadata.iter(f"{OPF}meta"):
        prop, text = meta.get("property"), (meta.text or "").strip()
        if prop == "dcterms:modified" and not _MODIFIED.match(text):
            raise _Unchecked(f"modified date {text!r}")
        if prop == "media:duration":
            refines = meta.get("refines")
            if refines is None:
                total = clock_seconds(text)
            else:
                parts[refines.lstrip("#")] = clock_seconds(text)
    hrefs = {item.get("id"): item.get("href", "") for item in manifest.iter(f"{OPF}item")}
    for overlay, duration in parts.items():
        ends = overlay_ends.get(hrefs.get(overlay, "").rsplit("/", 1)[-1])
        if ends is not None and ends > duration + _TOLERANCE_S:
            raise _Unchecked(f"overlay {overlay} runs past its duration")
    if parts and (total is None or abs(total - sum(parts.values())) > _TOLERANCE_S * len(parts)):
        raise _Unchecked("total duration is not the sum of the overlays'")


def structure_digest(epub: bytes) -> str | None:
    """The digest of the book's structure, or None when a part that varies fails the checks
    (or the file is no zip): then only EPUBCheck can say."""
    try:
        with zipfile.ZipFile(io.BytesIO(epub)) as book:
            shapes: list = []
            overlay_ends: dict[str, float] = {}
            package: ElementTree.Element | None = None
            for entry in book.infolist():
                data = book.read(entry)
                name = entry.filename
                head: list = [name, entry.compress_type]
                if name.endswith(XML_SUFFIXES):
                    root = ElementTree.fromstring(data)
                    prolog = _PROLOG.match(data)
                    head.append(prolog.group(0).decode("utf-8", "replace") if prolog else "")
                    head.append(_shape(root, keep_text=name.endswith(".opf")))
                    if name.endswith(".smil"):
                        overlay_ends[name.rsplit("/", 1)[-1]] = _check_overlay(root)
                    if name.endswith(".opf"):
                        package = root
                elif name.endswith(AUDIO_SUFFIXES):
                    head.append("audio")
                else:
                    head.append(hashlib.sha256(data).hexdigest())
                shapes.append(head)
            if package is None:
                return None
            _check_package(package, overlay_ends)
    except (zipfile.BadZipFile, ElementTree.ParseError, _Unchecked, UnicodeDecodeError):
        return None
    canonical = json.dumps([STRUCTURE_VERSION, shapes], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
