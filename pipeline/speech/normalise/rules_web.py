"""Rules for web addresses and emails: said ("wilsoncenter dot org") or skipped on request."""

from __future__ import annotations

import re

from pipeline.speech.normalise.lexicon import Lexicon

# A web address or an email. Without "https://" or "www.", an address must end in a known
# top-level domain, so "etc.The" or "U.S." never pass for one.
_ADDRESS = re.compile(
    r"(?<![\w@./-])(?:"
    r"(?P<email>[\w.+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,})"
    r"|(?P<url>(?P<scheme>https?://)?(?P<www>www\.)?(?P<host>(?:[a-z0-9-]+\.)+(?P<tld>[a-z]{2,}))"
    r"(?P<path>/\S*)?))",
    re.IGNORECASE,
)
# fmt: off
_KNOWN_TLDS = frozenset({
    "com", "org", "net", "edu", "gov", "gob", "mil", "int", "info", "biz", "io", "co", "us", "mx",
    "ca", "uk", "es", "eu", "ar", "br", "cl", "pe", "ve", "gt", "news", "app", "dev", "ai", "tv",
    "me",
})
# Top-level domains said as words; the others are spelled ("punto M X").
_WORD_TLDS = frozenset({
    "com", "org", "net", "gov", "gob", "int", "info", "biz", "news", "app", "dev",
})
# fmt: on
_TRAILING_PUNCTUATION = ".,;:!?)]}\"'”’»"


def _is_address(match: re.Match[str]) -> bool:
    if match.group("email"):
        return True
    explicit = match.group("scheme") or match.group("www")
    return bool(explicit) or match.group("tld").lower() in _KNOWN_TLDS


def _split_address(match: re.Match[str]) -> tuple[str, str]:
    """Return (address, what follows it that is punctuation of the sentence, not of the path)."""
    address = match.group(0)
    stripped = address.rstrip(_TRAILING_PUNCTUATION) if match.group("path") else address
    return stripped, address[len(stripped) :]


def _say_label(label: str, lexicon: Lexicon) -> str:
    label = label.replace("-", f" {lexicon.word('dash')} ")
    label = label.replace("_", f" {lexicon.word('underscore')} ")
    return label.replace(".", f" {lexicon.word('dot')} ")


def _say_host(host: str, lexicon: Lexicon) -> str:
    *labels, tld = host.split(".")
    spoken_tld = tld if tld.lower() in _WORD_TLDS else " ".join(tld.upper())
    return f" {lexicon.word('dot')} ".join([*(_say_label(x, lexicon) for x in labels), spoken_tld])


def _say_address(address: str, lexicon: Lexicon) -> str:
    if "@" in address and "/" not in address:
        local, _, host = address.partition("@")
        return f"{_say_label(local, lexicon)} {lexicon.word('at')} {_say_host(host, lexicon)}"
    # The scheme and "www." go unsaid, as a narrator drops them; so do a query and a fragment.
    address = re.sub(r"^(?:https?://)?(?:www\.)?", "", address, flags=re.IGNORECASE)
    address = re.split(r"[?#]", address, maxsplit=1)[0]
    host, *path = [part for part in address.split("/") if part]
    slash = f" {lexicon.word('slash')} "
    return slash.join([_say_host(host, lexicon), *(_say_label(p, lexicon) for p in path)])


def speak_urls(text: str, lexicon: Lexicon) -> str:
    """Say web addresses and emails: "wilsoncenter dot org", "a arroba b punto org"."""

    def say(match: re.Match[str]) -> str:
        if not _is_address(match):
            return match.group(0)
        address, rest = _split_address(match)
        return _say_address(address, lexicon) + rest

    return _ADDRESS.sub(say, text)


def skip_urls(text: str, lexicon: Lexicon) -> str:
    """Leave web addresses and emails unsaid (the one rule that drops words, by request)."""

    def drop(match: re.Match[str]) -> str:
        if not _is_address(match):
            return match.group(0)
        return _split_address(match)[1]

    return _ADDRESS.sub(drop, text)
