"""Apertium (rule-based, offline): one ``apertium -u -f none eng-spa`` process per section."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cached_property

from pipeline.errors import EngineError, EngineUnavailable
from pipeline.translate import register_translator
from pipeline.translate.glossary import Glossary, agree_article

# With ``-f none`` the input is Apertium's own stream format: text in [...] is a
# "superblank" that passes through untouched, and these characters must be escaped.
_SPECIAL = re.compile(r"([\\\[\]^$/@<>{}*#])")
_SEPARATOR = "[@@block@@]"
_PAIRS = {("en", "es"): "eng-spa", ("es", "en"): "spa-eng"}


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def protected(text: str) -> str:
    """Return ``text`` as a superblank: Apertium copies it to the output as it is."""
    return "[" + text.replace("]", ")").replace("[", "(").replace("\\", "") + "]"


class ApertiumTranslator:
    name = "apertium"
    offline = True
    batch = True
    workers = 2

    def __init__(self, glossary: Glossary | None = None, timeout: float = 120.0) -> None:
        self.glossary = glossary or Glossary()
        self.timeout = timeout

    @cached_property
    def version(self) -> str:
        return f"apertium-eng-spa {_package_version('apertium-eng-spa')}"

    def prepare(self, text: str) -> str:
        """Escape a block for Apertium, with each glossary term replaced by its fixed rendering."""
        pieces, position = [], 0
        for start, end, entry in self.glossary.find(text):
            pieces += [escape(text[position:start]), protected(entry.target)]
            position = end
        pieces.append(escape(text[position:]))
        return "".join(pieces)

    def translate_blocks(self, blocks: list[str], source: str, target: str) -> list[str]:
        if not blocks:
            return []
        pair = _PAIRS.get((source, target))
        if pair is None:
            raise EngineUnavailable(f"apertium: no {source}→{target} language pair")
        if shutil.which("apertium") is None:
            raise EngineUnavailable(
                "apertium: the apertium program is not installed (run `make setup`)"
            )
        stream = _SEPARATOR.join(self.prepare(b) for b in blocks) + "\n"
        try:
            done = subprocess.run(
                ["apertium", "-u", "-f", "none", pair],
                input=stream,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise EngineError(f"apertium: no answer after {self.timeout:.0f} s") from None
        if done.returncode != 0:
            message = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise EngineError(f"apertium {pair} failed: {message}")
        parts = done.stdout.rstrip("\n").split(_SEPARATOR)
        if len(parts) != len(blocks):
            raise EngineError(
                f"apertium: sent {len(blocks)} blocks, got {len(parts)} back (a block was merged)"
            )
        genders = {e.target: e.gender for e in self.glossary.entries if e.gender}
        return [_unprotect(" ".join(p.split()), genders) for p in parts]


_ESCAPE_OR_SUPERBLANK = re.compile(r"\\(.)|\[([^\]]*)\]")


def _unprotect(text: str, genders: dict[str, str]) -> str:
    """Unescape Apertium's output and open its superblanks (the protected glossary terms),
    making the article before each term agree with it."""
    out, position = "", 0
    for match in _ESCAPE_OR_SUPERBLANK.finditer(text):
        out += text[position : match.start()]
        position = match.end()
        if match.group(1) is not None:
            out += match.group(1)
            continue
        term = match.group(2)
        if term in genders:
            out, _ = agree_article(out, len(out), genders[term])
        out += term
    return out + text[position:]


def _package_version(package: str) -> str:
    try:
        done = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package],
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return "unknown"
    return done.stdout.strip() or "unknown"


@register_translator("apertium", "rule-based, offline, the default")
def _make(glossary: Glossary | None = None, **_: object) -> ApertiumTranslator:
    return ApertiumTranslator(glossary=glossary)
