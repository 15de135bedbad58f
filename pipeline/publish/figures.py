"""The figures' images a published format may package: only plain relative paths inside the
report's folder that exist there and are images of a known type.

A remote address, an absolute path or a path leading out of the report's folder (also
through ``%2e%2e``, or a link that resolves outside) is never opened: the parser has warned
about it already, and the formats show the figure's alt text and caption instead. A missing
or unreadable local image is said once per build, naming the file.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pipeline.model import BlockKind
from pipeline.publish.publication import Publication
from pipeline.reader import unsafe_image_reason

log = logging.getLogger(__name__)

# Media type → the file extension a packaged copy gets (EPUB 3 core media types).
MEDIA_TYPES = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/svg+xml": ".svg",
    "image/webp": ".webp",
}


@dataclass(frozen=True)
class Image:
    """A figure's image, found safe and readable beside the report."""

    src: str  # as the report writes it
    path: Path  # the file
    name: str  # its path inside the report's folder, with "/" ("figures/map.png")
    media_type: str
    digest: str  # sha256 of its bytes: packaged copies are keyed by it

    @property
    def content_name(self) -> str:
        """A file name made from the content, safe in any package (EPUB: no spaces)."""
        return self.digest[:20] + MEDIA_TYPES[self.media_type]


def image_type(data: bytes) -> str | None:
    """The media type of an image by its first bytes (PNG, JPEG, GIF, WebP, SVG), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml")) and b"<svg" in data[:4096].lower():
        return "image/svg+xml"
    return None


def local_name(src: str) -> str | None:
    """The path inside the report's folder that ``src`` names, or None where it must never
    be read (remote, absolute, outside the folder, before or after decoding ``%xx``)."""
    if unsafe_image_reason(src):
        return None
    path = unquote(urlsplit(src).path).replace("\\", "/")
    if not path or unsafe_image_reason(path):
        return None
    name = posixpath.normpath(path)
    return None if name in (".", "") or name.startswith("../") else name


def find_images(folder: Path, sources: Iterable[str]) -> tuple[dict[str, Image], list[str]]:
    """The images among ``sources`` (figure paths) that may be packaged, by src, and one
    problem line for each local one that is missing or not an image."""
    found: dict[str, Image] = {}
    problems: list[str] = []
    root = folder.resolve()
    for src in dict.fromkeys(sources):
        name = local_name(src)
        if name is None:
            continue  # the parser named it; never touched
        path = folder / name
        if not path.resolve().is_relative_to(root):
            problems.append(f"{path}: the figure's image links outside the report's folder")
            continue
        try:
            data = path.read_bytes()
        except OSError as error:
            problems.append(f"{path}: the figure's image cannot be read ({error.strerror})")
            continue
        media_type = image_type(data)
        if media_type is None:
            problems.append(f"{path}: the figure's image is not a PNG, JPEG, GIF, SVG or WebP")
            continue
        found[src] = Image(src, path, name, media_type, hashlib.sha256(data).hexdigest())
    return found, problems


_FOUND: weakref.WeakKeyDictionary[Publication, dict[str, Image]] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def figure_images(publication: Publication) -> dict[str, Image]:
    """The packaged images of every edition's figures, by src; looked for once per build
    (so each problem is said once, whichever formats ask), shown as alt text where absent."""
    with _LOCK:
        if publication not in _FOUND:
            sources = [
                block.figure.src
                for edition in publication.editions.values()
                for block in edition.document.blocks
                if block.kind is BlockKind.FIGURE and block.figure is not None
            ]
            found, problems = find_images(publication.source.parent, sources)
            for problem in problems:
                log.warning("%s; the figure shows its alt text", problem)
            _FOUND[publication] = found
        return _FOUND[publication]
