"""What a read-along page discloses about how its audio was made: ``<meta>`` pairs and a
schema.org ``AudioObject`` (JSON-LD) for machines in the head, one line for readers under
the player.

The facts are the book's ``Disclosure`` (``pipeline.provenance``), the same the MP3's
``TXXX:AI-DISCLOSURE`` frame carries, rendered by ``web_fields`` so the page, the EPUB and
the feed say the same thing. A page without audio discloses nothing here: its machine
translation is marked block by block and explained in the page's note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.formats._web.text import script_json
from pipeline.provenance.disclosure import web_fields
from pipeline.publish.html_inline import attr, text

if TYPE_CHECKING:
    from pipeline.formats._web.page import Page

LINE_ID = "disclosure"  # the line under the player; the player's description points at it


def iso_duration(seconds: float) -> str:
    """A duration as ISO 8601 (schema.org's ``duration``): ``PT1H2M3S``, ``PT45S``."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(hours, "H"), (minutes, "M"), (secs, "S")]
    written = "".join(f"{value}{unit}" for value, unit in parts if value)
    return f"PT{written or '0S'}"


def audio_object(page: Page) -> dict:
    """The book as a schema.org ``AudioObject``: what search engines and archives read,
    with the digital source type that says the voice is synthetic."""
    assert page.disclosure is not None and page.book is not None
    node: dict = {
        "@context": "https://schema.org",
        "@type": "AudioObject",
        "name": page.title,
        "encodingFormat": "audio/mpeg",
        "contentUrl": page.book,  # relative: resolved against the page, wherever it lives
    }
    if page.duration:
        node["duration"] = iso_duration(page.duration)
    node.update(web_fields(page.disclosure)["schema_org"])  # digitalSourceType, inLanguage
    return node


def head_markup(page: Page) -> str:
    """The head's disclosure: a ``<meta>`` per field and the JSON-LD (``""`` without audio)."""
    if page.disclosure is None or page.book is None:
        return ""
    meta = "".join(
        f'<meta name="{attr(name)}" content="{attr(value)}">\n'
        for name, value in web_fields(page.disclosure)["meta"].items()
    )
    return f'{meta}<script type="application/ld+json">{script_json(audio_object(page))}</script>\n'


def disclosure_line(page: Page) -> str:
    """The line readers see under the player, in the page's language: the voice is
    synthetic (and, for a translation, whether a person has reviewed it)."""
    if page.disclosure is None or page.book is None:
        return ""
    line = page.disclosure.comment_line(page.language)
    return f'<p class="disclosure" id="{LINE_ID}">{text(line)}</p>\n'
