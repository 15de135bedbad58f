"""Who wrote a document and who published it, as its file says (pure text work).

A web page's meta tags, a Word file's document properties and a PDF's information dictionary
name an author, a publisher and a date; the importer writes them as the report's front
matter, so its credits and tags name its own authors. What the software put there on its own
is left out: "Microsoft Office User", "Administrator", a login name ("jsmith"), a company
field that names the computer's vendor.
"""

from __future__ import annotations

import re

# Authors that name no one: a role, or what the software puts there on its own.
_NO_AUTHOR = frozenset(
    ["staff", "admin", "administrator", "editor", "editors", "guest", "anonymous",
     "webmaster", "user", "owner", "author", "unknown", "default", "windows user",
     "microsoft office user", "office user", "authorised user", "authorized user",
     "valued customer", "preferred customer"]
)  # fmt: skip
# Company fields that name a vendor or a household, not a publisher.
_NO_PUBLISHER = frozenset(
    ["microsoft", "microsoft corporation", "hp", "hewlett-packard", "dell", "dell inc.",
     "lenovo", "apple", "apple inc.", "home", "personal", "private", "none", "n/a", "-"]
)  # fmt: skip


def _plain(value: str | None) -> str:
    return " ".join((value or "").split())


def credible_author(value: str | None) -> str:
    """The author named in a file's properties, or "" where it names no one: a default or
    a login name (one word in lower case or with digits: "jsmith", "user01")."""
    name = _plain(value)
    if not name or name.casefold() in _NO_AUTHOR or "@" in name:
        return ""
    if " " not in name and (name.islower() or any(c.isdigit() for c in name)):
        return ""
    return name


def credible_publisher(value: str | None) -> str:
    """The organisation a file's properties name, or "" for a vendor's or a default."""
    name = _plain(value)
    if not name or name.casefold() in _NO_PUBLISHER:
        return ""
    return name


_ISO_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d\d)?(\d\d)?")


def file_date(value: str | None) -> str:
    """A date from a file's properties ("2024-05-14T…", PDF's "D:20240514…") as
    "2024-05-14" (or the year alone, where that is all it says); "" if it has none."""
    text = _plain(value)
    found = _ISO_DATE.match(text)
    if found:
        return "-".join(found.groups())
    found = _PDF_DATE.match(text)
    if found is None or not 1900 <= int(found[1]) <= 2100:
        return ""
    year, month, day = found.groups()
    return f"{year}-{month}-{day}" if month and day else year


def metadata(author: str | None, publisher: str | None, date: str | None) -> dict[str, str]:
    """The front matter a file's properties give: only what names someone, and a date."""
    found = {
        "author": credible_author(author),
        "publisher": credible_publisher(publisher),
        "date": file_date(date),
    }
    return {key: value for key, value in found.items() if value}
