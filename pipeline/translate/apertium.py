"""Apertium (rule-based, offline): one ``apertium -f none eng-spa`` process per section.

The blocks of a section travel in one stream. Each block ends with an artificial sentence end
(`` .[]``, what Apertium's own html format puts after every block element) and a superblank
separator: the tagger and the transfer rules never reach across a sentence end, so no word,
capital or space moves from one block to the next, and each block comes out as it would
alone (tests/translate/test_block_isolation.py checks this over generated documents). The
sentence end also proves a block came back whole: one that lacks it was cut short.

Apertium runs without ``-u`` so that it marks the words it does not know (``*word``, or
``@word`` when the bilingual dictionary lacks them); the marks are counted and removed.

The pair's pipeline (its mode file) runs in two halves, analysis to structural transfer and
then generation, so that the stream in between can be mended: the transfer rules for English
compounds ("a 3,000-mile border", "a wide-ranging proposal") emit Spanish words with no blank
between them, which would come out glued ("bordede3,000", "quevaríaancha"). Where the mode
file cannot be split, the whole ``apertium`` command runs instead.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from pipeline.errors import EngineError, EngineUnavailable
from pipeline.translate import register_translator
from pipeline.translate.corrections import corrections_digest
from pipeline.translate.dates import find_dates
from pipeline.translate.glossary import Glossary, agree_article
from pipeline.translate.machine import MachineTranslation
from pipeline.translate.names import find_names
from pipeline.translate.placeholders import (
    Held,
    Placeholders,
    Span,
    hold,
    is_placeholder,
    release,
)
from pipeline.translate.repairs import (
    REPAIRS,
    REPAIRS_VERSION,
    Repair,
    repair,
    separate_glued_words,
)
from pipeline.translate.rewrites import REWRITES, rewrite
from pipeline.translate.titled_names import find_titled_names

# With ``-f none`` the input is Apertium's own stream format: text in [...] is a
# "superblank" that passes through untouched, and these characters must be escaped.
_SPECIAL = re.compile(r"([\\\[\]^$/<>{}])")
# These come back without their backslash (``~`` not at all), where they could not be told
# from Apertium's marks: they travel as superblanks instead.
_LITERAL = re.compile(r"([*#@~])")
_BLOCK_END = " .[]"
_SEPARATOR = "[@@block@@]"
_ENDED = re.compile(r"\s*\.\[\]\s*$")
_PAIRS = {("en", "es"): "eng-spa", ("es", "en"): "spa-eng"}


def escape(text: str) -> str:
    return _LITERAL.sub(r"[\1]", _SPECIAL.sub(r"\\\1", text))


def protected(text: str) -> str:
    """Return ``text`` as a superblank: Apertium copies it to the output as it is."""
    return "[" + text.replace("]", ")").replace("[", "(").replace("\\", "") + "]"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    rendering: str


class ApertiumTranslator:
    name = "apertium"
    offline = True
    batch = True
    workers = 2

    def __init__(
        self,
        glossary: Glossary | None = None,
        timeout: float = 120.0,
        *,
        repairs: Sequence[Repair] = REPAIRS,
        dates: bool = True,
        rewrites: bool = True,
        keep_names: bool = False,
        titled_names: bool = True,
        glossary_placeholders: bool = True,
    ) -> None:
        self.glossary = glossary or Glossary()
        self.timeout = timeout
        self.repairs = tuple(repairs)
        self.dates = dates
        self.rewrites = rewrites
        # Capitalised names the glossary does not know, sent through untranslated. Off: on
        # the held-out set it costs more (agency names a translator renders) than it saves.
        self.keep_names = keep_names
        # Names after a title ("Secretary Rice"), held out of the engine's reach: on.
        self.titled_names = titled_names
        # Glossary terms sent as placeholders (the engine keeps the grammar around them), not
        # as superblanks (a blank to it).
        self.glossary_placeholders = glossary_placeholders

    @cached_property
    def version(self) -> str:
        settings = [r.name for r in self.repairs]
        settings += ["dates"] * self.dates + ["keep-names"] * self.keep_names
        settings += ["titled-names"] * self.titled_names
        settings += ["glossary-placeholders"] * self.glossary_placeholders
        if any(r.name == "correct_word_choices" for r in self.repairs):
            settings.append(f"corrections-{corrections_digest()}")
        settings += [r.__name__ for r in REWRITES] if self.rewrites else []
        settings += ["separate-glued-words"] * bool(_mode_halves(self._pair_for("en", "es")))
        digest = hashlib.sha256(",".join(settings).encode()).hexdigest()[:8]
        package = _package_version("apertium-eng-spa")
        return f"apertium-eng-spa {package}, repairs v{REPAIRS_VERSION}-{digest}"

    def prepare(self, text: str) -> str:
        """Escape a block for Apertium, with its fixed spans (glossary terms, dates) protected
        and the phrasings it cannot take reworded."""
        text, _ = self._reworded(text)
        pieces, position = [], 0
        for span in self._spans(text):
            pieces += [escape(text[position : span.start]), protected(span.rendering)]
            position = span.end
        pieces.append(escape(text[position:]))
        return "".join(pieces)

    def _reworded(self, text: str) -> tuple[str, Placeholders]:
        """The English as the engine gets it: reworded, titled names and glossary terms held
        as placeholders (and what they hold, for ``release``)."""
        if self.rewrites:
            text = rewrite(text)
        spans: list[Span] = []
        if self.titled_names:
            spans += [Span(n.start, n.end, Held(n.text)) for n in find_titled_names(text)]
        if self.glossary_placeholders:
            for start, end, entry in self.glossary.find(text):
                if not any(s.start < end and start < s.end for s in spans):
                    spans.append(Span(start, end, Held(entry.target, entry.gender)))
        return hold(text, sorted(spans, key=lambda s: s.start))

    def _spans(self, text: str) -> list[_Span]:
        spans = [_Span(start, end, entry.target) for start, end, entry in self.glossary.find(text)]
        extra = [_Span(d.start, d.end, d.spanish) for d in find_dates(text)] if self.dates else []
        if self.keep_names:
            extra += [_Span(n.start, n.end, n.text) for n in find_names(text)]
        for span in extra:
            if not any(s.start < span.end and span.start < s.end for s in spans):
                spans.append(span)
        return sorted(spans, key=lambda s: s.start)

    def translate_blocks(self, blocks: list[str], source: str, target: str) -> list[str]:
        return [t.text for t in self.translate_detailed(blocks, source, target)]

    def translate_detailed(
        self, blocks: list[str], source: str, target: str
    ) -> list[MachineTranslation]:
        """One translation per block, in order; a block the engine cannot translate comes
        back as itself with ``failed`` saying why, and the others are not held up by it."""
        if not blocks:
            return []
        pair = _PAIRS.get((source, target))
        if pair is None:
            raise EngineUnavailable(f"apertium: no {source}→{target} language pair")
        if shutil.which("apertium") is None:
            raise EngineUnavailable(
                "apertium: the apertium program is not installed (run `make setup`)"
            )
        results: dict[int, MachineTranslation] = {}
        waiting = list(range(len(blocks)))
        while waiting:
            parts, problem = self._run([blocks[i] for i in waiting], pair)
            for i, part in zip(waiting, parts, strict=False):
                results[i] = self._finish(blocks[i], part)
            waiting = waiting[len(parts) :]
            if not waiting:
                break
            # The stream broke at this block: try it alone, then go on with the rest.
            suspect = waiting.pop(0)
            alone, alone_problem = self._run([blocks[suspect]], pair)
            if alone:
                results[suspect] = self._finish(blocks[suspect], alone[0])
            else:
                self._check_engine_runs(pair, alone_problem or problem)
                results[suspect] = MachineTranslation(
                    blocks[suspect], failed=f"apertium could not translate it ({alone_problem})"
                )
        return [results[i] for i in range(len(blocks))]

    def _run(self, blocks: list[str], pair: str) -> tuple[list[str], str]:
        """The whole parts Apertium returned (a prefix of the blocks), and what went wrong."""
        stream = _SEPARATOR.join(self.prepare(b) + _BLOCK_END for b in blocks) + "\n"
        halves = _mode_halves(pair)
        if halves is None:
            done = self._process(["apertium", "-f", "none", pair], stream)
        else:
            analysed = self._process(_bash(halves[0]), stream)
            done = self._process(_bash(halves[1]), separate_glued_words(analysed.stdout))
            if analysed.returncode != 0:
                done = subprocess.CompletedProcess(
                    done.args, analysed.returncode, done.stdout, analysed.stderr + done.stderr
                )
        whole = []
        for part in done.stdout.split(_SEPARATOR):
            if not _ENDED.search(part):
                break
            whole.append(_ENDED.sub("", part))
        whole = whole[: len(blocks)]
        if len(whole) == len(blocks) and done.returncode == 0:
            return whole, ""
        message = (done.stderr.strip().splitlines() or [""])[-1]
        if done.returncode != 0:
            return whole, f"exit status {done.returncode}: {message or 'no message'}"
        return whole, "its output stopped short" + (f": {message}" if message else "")

    def _process(self, command: list[str], text: str) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                command,
                input=text,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise EngineError(f"apertium: no answer after {self.timeout:.0f} s") from None

    @staticmethod
    def _pair_for(source: str, target: str) -> str:
        return _PAIRS.get((source, target), "")

    def _check_engine_runs(self, pair: str, problem: str) -> None:
        """Raise EngineError if Apertium cannot translate even a plain sentence."""
        probe, _ = self._run(["The house is red."], pair)
        if not probe:
            raise EngineError(f"apertium {pair} failed: {problem}")

    def _finish(self, block: str, part: str) -> MachineTranslation:
        genders = {e.target: e.gender for e in self.glossary.entries if e.gender}
        text, unknown = _decode(part, genders)
        _, held = self._reworded(block)
        text = release(text, held)
        unknown = [word for word in unknown if not is_placeholder(word)]  # right as they are
        text = repair(block, " ".join(text.split()), self.repairs)
        if not text and any(c.isalnum() for c in block):
            return MachineTranslation(block, failed="apertium returned nothing for it")
        return MachineTranslation(text, _untranslated(block, unknown))


def _untranslated(block: str, unknown: list[str]) -> tuple[str, ...]:
    """The unknown words that are English left untranslated: names and acronyms, which
    Apertium also does not know, are right as they are and left out."""
    return tuple(
        word
        for word in unknown
        if not word.isupper()
        and not any(c.isdigit() for c in word)
        and not (word[0].isupper() and _used_as_name(block, word))
    )


def _used_as_name(block: str, word: str) -> bool:
    """True if ``word`` is capitalised somewhere other than at a sentence start."""
    for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", block):
        before = block[: match.start()].rstrip(" *_\"“(['")
        if before and before[-1] not in ".!?:":
            return True
    return False


_STREAM_TOKEN = re.compile(r"\\(.)|\[([^\]]*)\]|(?<![\w])([*@#])(\w[\w'’-]*)?")
# The generator escapes the mark of a word the transfer could not carry ("\@1930s"), glued
# to the word before at times ("de\@1990s"). The source's own "*", "#" and "@" travel as
# superblanks, so an escaped one before a word is always a mark.
_ESCAPED_MARK = re.compile(r"(\w?)\\([*@#])(?=\w)")


def _decode(text: str, genders: dict[str, str]) -> tuple[str, list[str]]:
    """Unescape Apertium's output, open its superblanks (protected spans, making the article
    before a glossary term agree with it) and take out its marks, listing unknown words."""
    out, position, unknown = "", 0, []
    text = _ESCAPED_MARK.sub(lambda m: f"{m[1]} {m[2]}" if m[1] else m[2], text)
    for match in _STREAM_TOKEN.finditer(text):
        out += text[position : match.start()]
        position = match.end()
        escaped, blank, mark, word = match.groups()
        if escaped is not None:
            out += escaped
        elif blank is not None:
            if blank in genders:
                out, _ = agree_article(out, len(out), genders[blank])
            out += blank
        else:
            # "*word": unknown to the analyser; "@word": not in the bilingual dictionary;
            # "#word": a form the generator lacks (the word itself is Spanish).
            if word and mark in "*@":
                unknown.append(word)
            out += word or ""
    return out + text[position:], unknown


_GENERATOR = "| lt-proc $1 "


@cache
def _mode_halves(pair: str) -> tuple[str, str] | None:
    """The pair's pipeline cut before its generator, as two shell commands; None if unknown.

    ``$1`` in a mode file is the generator's option (``-g``: unknown words marked), ``$2``
    the tagger's (none); ``apertium-wblank-mode`` adds the word-bound blank steps, as the
    ``apertium`` command does.
    """
    program = shutil.which("apertium")
    if not pair or program is None:
        return None
    mode = Path(program).resolve().parent.parent / "share" / "apertium" / "modes" / f"{pair}.mode"
    if not mode.exists() or shutil.which("apertium-wblank-mode") is None:
        return None
    done = subprocess.run(
        ["apertium-wblank-mode", str(mode)], capture_output=True, text=True, check=False
    )
    pipeline = done.stdout.strip()
    if done.returncode != 0 or pipeline.count(_GENERATOR) != 1:
        return None
    first, rest = pipeline.split(_GENERATOR)
    return first.strip(), _GENERATOR[2:] + rest


def _bash(command: str) -> list[str]:
    return ["bash", "-o", "pipefail", "-c", command, "apertium", "-g", ""]


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
def _make(glossary: Glossary | None = None, **options: object) -> ApertiumTranslator:
    return ApertiumTranslator(glossary=glossary, **options)  # type: ignore[arg-type]
