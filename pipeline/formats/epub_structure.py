"""A book's structure: what EPUBCheck judges, apart from the words, the timings and how many
times each kind of element repeats.

EPUBCheck takes seconds of Java a book, and an edit of one sentence changes only that
sentence's text, the clock values of the overlays after it, the durations in the package and
the section's audio; at most it splits a sentence in two or marks a block as awaiting review.
EPUBCheck's rules bear on none of those but through what we check here: well-formed XML,
unique ids, references that land (every link, overlay and manifest entry), clock values that
parse, clips in order, the package's total duration the sum of its overlays'. So a book whose
structure is one EPUBCheck already passed, and which passes these checks, keeps that verdict;
anything else (a new kind of element or attribute, a new file, image or stylesheet, a new
chapter) goes to EPUBCheck again.

The structure keeps: every zip entry's name and order; the package, the NCX and the
container whole (the package's dates and durations aside); of the chapters, the navigation
and the overlays, each kind of element that occurs (where it sits, its attributes with ids,
references and clock values reduced to their form, whether it holds words, and its children's
tags with runs of one tag as one), not how often; every other file's bytes but the audio's.
Pure functions: bytes in, a digest (or None, "ask EPUBCheck") out.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import re
import zipfile
from itertools import groupby
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

# Bump when what the structure keeps changes: a verdict kept under an older one is not used.
STRUCTURE_VERSION = 3

XML_SUFFIXES = (".xhtml", ".smil", ".opf", ".ncx", ".xml")
KINDS_OF_ELEMENTS = (".xhtml", ".smil")  # files kept as the kinds of element they hold
AUDIO_SUFFIXES = (".mp3", ".m4a", ".mp4", ".aac")
OPS = "{http://www.idpf.org/2007/ops}"
XML = "{http://www.w3.org/XML/1998/namespace}"
OPF = "{http://www.idpf.org/2007/opf}"
SMIL = "{http://www.w3.org/ns/SMIL}"
CLOCK_ATTRIBUTES = ("clipBegin", "clipEnd")
ID_ATTRIBUTES = ("id", f"{XML}id")
REFERENCE_ATTRIBUTES = ("href", "src", f"{OPS}textref")
# Metadata whose text changes with the audio or the clock, checked here instead.
VARYING_META = ("dcterms:modified", "media:duration")
# What the container itself holds besides the files the package lists.
UNLISTED = ("mimetype",)

_CLOCK = re.compile(r"^(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?$")
_MODIFIED = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_PROLOG = re.compile(rb"^\s*(<\?xml[^>]*\?>)?\s*(<!DOCTYPE[^>]*>)?")
_TOLERANCE_S = 0.0015  # clock values are to the millisecond; sums of rounded values drift


class _Unchecked(ValueError):
    """A part that varies fails our checks: EPUBCheck must judge the book."""


def clock_seconds(value: str) -> float:
    """Seconds in a full clock value (``H:MM:SS.mmm``); raise _Unchecked if it is not one."""
    found = _CLOCK.match(value.strip())
    if not found:
        raise _Unchecked(f"clock value {value!r}")
    hours, minutes, seconds, millis = found.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + int(millis or 0) / 1000


def _text_kind(text: str | None) -> str:
    # Whether there are words: whitespace is nothing to EPUBCheck's schemas (any content
    # model ignores it), and a review mark puts a space after a block's last sentence.
    return "T" if text and text.strip() else ""


def _reference_form(value: str) -> str:
    """A reference as its form: another site, or the kind of file it names, and whether it
    names a place in it."""
    parts = urlsplit(value)
    if parts.scheme:
        return f"{parts.scheme}:"
    return posixpath.splitext(parts.path)[1] + ("#" if parts.fragment else "")


def _attribute(element: ElementTree.Element, name: str, value: str, reduced: bool) -> str:
    if name in CLOCK_ATTRIBUTES:
        return "CLOCK"
    # A page's <meta name=… content=…> carries words (the disclosure names the source's
    # digest); EPUBCheck reads only that it is there.
    if name == "content" and element.tag.endswith("}meta") and element.get("name"):
        return _text_kind(value)
    if reduced and name in ID_ATTRIBUTES:
        return "ID"
    if reduced and name in REFERENCE_ATTRIBUTES:
        return _reference_form(value)
    return value


def _shape(element: ElementTree.Element, keep_text: bool) -> list:
    """An element whole, as a nested list; words replaced by their kind unless ``keep_text``."""
    attributes = sorted(
        (name, _attribute(element, name, value, reduced=False))
        for name, value in element.attrib.items()
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


def _kinds(element: ElementTree.Element, path: tuple[str, ...], found: set[str]) -> None:
    """Add each kind of element under ``element`` (itself included) to ``found``."""
    attributes = sorted(
        (name, _attribute(element, name, value, reduced=True))
        for name, value in element.attrib.items()
    )
    children = [tag for tag, _ in groupby(child.tag for child in element)]
    kind = [path, element.tag, attributes, _text_kind(element.text), _text_kind(element.tail)]
    found.add(json.dumps([*kind, children], ensure_ascii=False))
    for child in element:
        _kinds(child, (*path, element.tag), found)


# -- the checks of the parts that vary ----------------------------------------------------------


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


def _ids(root: ElementTree.Element) -> set[str]:
    """The document's ids; raise _Unchecked if one is given twice."""
    seen: set[str] = set()
    for element in root.iter():
        for name in ID_ATTRIBUTES:
            value = element.get(name)
            if value is None:
                continue
            if value in seen:
                raise _Unchecked(f"id {value!r} twice")
            seen.add(value)
    return seen


def _check_references(documents: dict[str, ElementTree.Element], names: set[str]) -> None:
    """Every link, overlay and text reference in the chapters, navigation and overlays names a
    file in the book and, with a fragment, an id in it."""
    ids = {name: _ids(root) for name, root in documents.items()}
    for name, root in documents.items():
        if not name.endswith(KINDS_OF_ELEMENTS):
            continue
        folder = posixpath.dirname(name)
        for element in root.iter():
            for attribute in REFERENCE_ATTRIBUTES:
                value = element.get(attribute)
                parts = urlsplit(value) if value is not None else None
                if parts is None or parts.scheme:
                    continue
                target = name  # "#id" is a place in this file
                if parts.path:
                    target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
                if target not in names:
                    raise _Unchecked(f"{name}: {value!r} names no file in the book")
                if parts.fragment and parts.fragment not in ids.get(target, set()):
                    raise _Unchecked(f"{name}: {value!r} names no id")


def _check_package(
    name: str, root: ElementTree.Element, overlay_ends: dict[str, float], names: set[str]
) -> None:
    """The modified date is a date; the manifest lists every file and only files that are
    there; the spine and overlays name manifest items; every duration parses, the total is the
    sum of the overlays' and no overlay's clips run past its own duration."""
    metadata, manifest = root.find(f"{OPF}metadata"), root.find(f"{OPF}manifest")
    spine = root.find(f"{OPF}spine")
    if metadata is None or manifest is None or spine is None:
        raise _Unchecked("no metadata, manifest or spine")
    folder = posixpath.dirname(name)
    items = {
        item.get("id"): posixpath.normpath(posixpath.join(folder, unquote(item.get("href", ""))))
        for item in manifest.iter(f"{OPF}item")
    }
    listed = set(items.values())
    inside = {n for n in names if n not in UNLISTED and not n.startswith("META-INF/")}
    if listed != inside - {name}:
        raise _Unchecked("the manifest and the files differ")
    overlays = [item.get("media-overlay") for item in manifest.iter(f"{OPF}item")]
    spined = [itemref.get("idref") for itemref in spine.iter(f"{OPF}itemref")]
    if any(ref not in items for ref in [*spined, *filter(None, overlays)]):
        raise _Unchecked("the spine or an overlay names no manifest item")
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
    for overlay, duration in parts.items():
        ends = overlay_ends.get(items.get(overlay, ""))
        if ends is not None and ends > duration + _TOLERANCE_S:
            raise _Unchecked(f"overlay {overlay} runs past its duration")
    if parts and (total is None or abs(total - sum(parts.values())) > _TOLERANCE_S * len(parts)):
        raise _Unchecked("total duration is not the sum of the overlays'")


def structure_digest(epub: bytes) -> str | None:
    """The digest of the book's structure, or None when a part that varies fails the checks
    (or the file is no zip): then only EPUBCheck can say."""
    try:
        with zipfile.ZipFile(io.BytesIO(epub)) as book:
            entries = book.infolist()
            names = {entry.filename for entry in entries}
            listing = [[entry.filename, entry.compress_type] for entry in entries]
            whole: list = []  # files kept whole, in order
            kinds: set[str] = set()  # the kinds of element in the others
            documents: dict[str, ElementTree.Element] = {}
            overlay_ends: dict[str, float] = {}
            for entry in entries:
                data, name = book.read(entry), entry.filename
                if name.endswith(XML_SUFFIXES):
                    root = ElementTree.fromstring(data)
                    documents[name] = root
                    prolog = _PROLOG.match(data)
                    kinds.add((prolog.group(0) if prolog else b"").decode("utf-8", "replace"))
                    if name.endswith(KINDS_OF_ELEMENTS):
                        _kinds(root, (), kinds)
                    else:
                        whole.append([name, _shape(root, keep_text=name.endswith(".opf"))])
                    if name.endswith(".smil"):
                        overlay_ends[name] = _check_overlay(root)
                elif not name.endswith(AUDIO_SUFFIXES):
                    whole.append([name, hashlib.sha256(data).hexdigest()])
            packages = [name for name in documents if name.endswith(".opf")]
            if len(packages) != 1:
                return None
            _check_package(packages[0], documents[packages[0]], overlay_ends, names)
            _check_references(documents, names)
    except (zipfile.BadZipFile, ElementTree.ParseError, _Unchecked, UnicodeDecodeError):
        return None
    found = [STRUCTURE_VERSION, listing, whole, sorted(kinds)]
    canonical = json.dumps(found, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
