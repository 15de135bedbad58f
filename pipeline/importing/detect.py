"""What a file holds, decided from its content (magic bytes, then sniffing), not its name.

``probe`` reads the file once, within the same size limit as a Markdown source, and
returns a ``Probe`` that every reader's ``accepts`` looks at.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pipeline.errors import InputError
from pipeline.parsing import MAX_SOURCE_BYTES

# PDF and Word files carry images, so they may be much larger than the text they hold; text
# and web pages keep the limit of a Markdown source.
MAX_DOCUMENT_BYTES = 10 * MAX_SOURCE_BYTES

# Other formats we can name but not read, so that the refusal says what the file is.
_KNOWN_BINARIES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word/Office 97-2003 file (save it as .docx)"),
    (b"{\\rtf", "an RTF document (save it as .docx)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"ID3", "an MP3 audio file"),
    (b"OggS", "an Ogg media file"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(p|div|h[1-6]|article|main|section|table|ul|ol|br)\b[^>]*>", re.I)
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Probe:
    """A file read for import: its bytes, what the bytes look like, and its text if any.

    ``kind`` is one of "pdf", "docx", "html", "text", or "unreadable" with ``reason`` set.
    ``encoding`` names the encoding ``text`` was decoded from (None for binary kinds).
    """

    path: Path
    data: bytes
    kind: str
    text: str | None = None
    encoding: str | None = None
    reason: str = ""


def _too_large(path: Path, size: int, limit: int) -> InputError:
    return InputError(f"{path}: {size / 1e6:.0f} MB is larger than the {limit / 1e6:.0f} MB limit")


def read_bytes(path: Path) -> bytes:
    """Return a file's bytes, or raise InputError if it is missing, empty or too large."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    if size > MAX_DOCUMENT_BYTES:
        raise _too_large(path, size, MAX_DOCUMENT_BYTES)
    return path.read_bytes()


def _zip_kind(data: bytes) -> tuple[str, str]:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return "docx", ""  # a damaged package: the DOCX reader says what is wrong with it
    if "word/document.xml" in names:
        return "docx", ""
    if "xl/workbook.xml" in names:
        return "unreadable", "an Excel workbook, not a document"
    if "ppt/presentation.xml" in names:
        return "unreadable", "a PowerPoint presentation, not a document"
    if "mimetype" in names and "content.xml" in names:
        return "unreadable", "an OpenDocument file (save it as .docx)"
    if "mimetype" in names and "META-INF/container.xml" in names:
        return "unreadable", "an EPUB book, not a report this importer reads"
    return "unreadable", "a ZIP archive, not a document"


def _detect(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) as charset-normalizer reads bytes that are not UTF-8.

    On short, mostly ASCII text it cannot tell Windows-1252 from its neighbours (1250, 852),
    which decode the same bytes as other accented letters. Reports for this project are in
    English or Spanish, so where Windows-1252 fits about as well as the best guess, it wins.
    """
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None or best.encoding is None:
        return None
    for match in results:
        western = "cp1252" in (match.encoding, *match.could_be_from_charset)
        if western and match.chaos <= best.chaos + 0.02:
            try:
                return data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                break
    return str(best), best.encoding


def decode_text(data: bytes) -> tuple[str, str] | None:
    """Return (text, encoding) for bytes that are text: UTF-8 first, then a detected encoding.

    None when the bytes are not text in any encoding (binary data).
    """
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError:
                return None
    if b"\x00" in data[:8192]:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        detected = _detect(data)
        if detected is None:
            return None
        text, encoding = detected
    else:
        encoding = "utf-8"
    # Text has few control characters; binary junk that happens to decode has many.
    sample = text[:20000]
    if sample and len(_TEXT_CONTROL.findall(sample)) > len(sample) / 100:
        return None
    return text, encoding


def probe(path: Path) -> Probe:
    """Read ``path`` and decide what it holds from its first bytes and, for text, its markup."""
    data = read_bytes(path)
    head = data[:1024]
    if b"%PDF-" in head:
        return Probe(path, data, "pdf")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        kind, reason = _zip_kind(data)
        return Probe(path, data, kind, reason=reason)
    for magic, what in _KNOWN_BINARIES:
        if data.startswith(magic):
            return Probe(path, data, "unreadable", reason=f"{what}, not a format this imports")
    if len(data) > MAX_SOURCE_BYTES:
        raise _too_large(path, len(data), MAX_SOURCE_BYTES)
    decoded = decode_text(data)
    if decoded is None:
        return Probe(path, data, "unreadable", reason="binary data of an unknown type")
    text, encoding = decoded
    if not text.strip():
        return Probe(
            path, data, "unreadable", reason="no text (only white space)", encoding=encoding
        )
    raw = text.encode("utf-8", "replace")[:4096]
    looks_html = _HTML_START.match(raw) or len(_HTML_TAGS.findall(raw)) >= 3
    return Probe(path, data, "html" if looks_html else "text", text=text, encoding=encoding)
