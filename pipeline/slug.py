"""Safe, unique file-name slugs for section titles."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_LENGTH = 60
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_WORD = re.compile(r"[\W_]+")
# "U.S.-Mexico" should give "us-mexico", not "u-s-mexico".
_INITIALISM_DOT = re.compile(r"(?<=\b[a-z])\.(?=[a-z]\b)|(?<=\b[a-z]\.[a-z])\.")


def slugify(title: str, fallback: str = "section") -> str:
    """Return a lowercase ASCII slug: letters, digits and single hyphens, never empty.

    The result can never name a path outside its folder: no dots, slashes or control
    characters survive, whatever the title holds.
    """
    # Punctuation of any script (dashes, "¿") separates words before accents are dropped.
    words = _NOT_WORD.sub(" ", _INITIALISM_DOT.sub("", title.lower()))
    ascii_title = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_title).strip("-")
    slug = slug[:MAX_SLUG_LENGTH].rstrip("-")
    return slug or fallback


def unique_slugs(titles: list[str]) -> list[str]:
    """Return one slug per title, suffixed ``-2``, ``-3``… where titles would collide."""
    seen: set[str] = set()
    slugs = []
    for title in titles:
        base = slugify(title)
        slug, n = base, 2
        while slug in seen:
            # The suffix fits inside the length limit, so a slug stays a slug of itself.
            suffix = f"-{n}"
            slug = base[: MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix
            n += 1
        seen.add(slug)
        slugs.append(slug)
    return slugs
