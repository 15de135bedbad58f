"""Word choices a rule-based engine gets wrong in policy writing, mended after translation.

The rules are data (``corrections.en-es.toml`` beside this module): a wrong Spanish word,
the right one, and the English that must be in the block for the rule to fire ("borde" is
"frontera" only where the English says "border"). The article before a replaced noun is made
to agree with it in gender and number ("el borde" → "la frontera", "del dato" → "de los datos").
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


@dataclass(frozen=True)
class Correction:
    name: str
    when: re.Pattern[str]
    unless: re.Pattern[str] | None
    replace: tuple[tuple[str, str], ...]
    gender: str = ""  # of the right words, for the article before them: "f", "m" or ""
    was: str = ""  # of the wrong words: where it differs, adjectives after them agree anew
    adjective: str = ""  # "NOUN de <wrong>" becomes NOUN + this adjective (masculine singular)

    def applies_to(self, source: str) -> bool:
        return bool(self.when.search(source)) and not (
            self.unless is not None and self.unless.search(source)
        )


def _path(source: str, target: str) -> Path:
    return _HERE / f"corrections.{source}-{target}.toml"


@cache
def corrections_digest(source: str = "en", target: str = "es") -> str:
    """A digest of the pair's corrections file: machine translations are keyed by it, so an
    edited rule re-translates the drafts it would have mended."""
    path = _path(source, target)
    data = path.read_bytes() if path.exists() else b""
    return hashlib.sha256(data).hexdigest()[:8]


@cache
def corrections(source: str = "en", target: str = "es") -> tuple[Correction, ...]:
    """The pair's corrections, in file order; none if the pair has no file."""
    path = _path(source, target)
    if not path.exists():
        return ()
    with path.open("rb") as file:
        rules = tomllib.load(file).get("rule", [])
    return tuple(
        Correction(
            rule["name"],
            re.compile(rule["when"]),
            re.compile(rule["unless"]) if rule.get("unless") else None,
            tuple(rule["replace"].items()),
            rule.get("gender", ""),
            rule.get("was", ""),
            rule.get("adjective", ""),
        )
        for rule in rules
    )


# Each family of determiners: its (masculine, feminine) × (singular, plural) forms.
_FAMILIES = (
    (("el", "los"), ("la", "las")),
    (("del", "de los"), ("de la", "de las")),
    (("al", "a los"), ("a la", "a las")),
    (("un", "unos"), ("una", "unas")),
    (("este", "estos"), ("esta", "estas")),
    (("ese", "esos"), ("esa", "esas")),
)
_FORMS = {form: family for family in _FAMILIES for pair in family for form in pair}
_DETERMINER = re.compile(
    r"(?<![\w])(" + "|".join(sorted(map(re.escape, _FORMS), key=len, reverse=True)) + r") $",
    re.IGNORECASE,
)


def _agreeing(before: str, gender: str, plural: bool) -> str:
    """``before`` with its last determiner in the gender and number of the word after it."""
    found = _DETERMINER.search(before)
    if not found or gender not in ("m", "f"):
        return before
    written = found.group(1)
    family = _FORMS[written.lower()]
    right = family[gender == "f"][plural]
    if written[0].isupper():
        right = right[0].upper() + right[1:]
    return before[: found.start(1)] + right + before[found.end(1) :]


def correct_word_choices(
    source: str, text: str, rules: tuple[Correction, ...] | None = None
) -> str:
    """Replace the engine's wrong words in ``text`` (the translation of ``source``), by the
    pair's rules or by ``rules``."""
    for rule in corrections() if rules is None else rules:
        if not rule.applies_to(source):
            continue
        for wrong, right in rule.replace:
            if rule.adjective:
                text = _as_adjective(text, wrong, rule.adjective)
            text = _replace_word(text, wrong, right, rule)
    return text


def _word(wrong: str) -> str:
    """A pattern for ``wrong`` as a whole word, as written or capitalised."""
    capitalised = wrong[:1].upper() + wrong[1:]
    return rf"(?<![\w-])(?:{re.escape(wrong)}|{re.escape(capitalised)})(?![\w-])"


def _replace_word(text: str, wrong: str, right: str, rule: Correction) -> str:
    out, position = "", 0
    for match in re.finditer(_word(wrong), text):
        out += text[position : match.start()]
        replacement = right if match.group(0)[0].islower() else right[:1].upper() + right[1:]
        plural = right.endswith("s")
        out = _agreeing(out, rule.gender, plural) + replacement
        position = match.end()
        if rule.was and rule.gender and rule.was != rule.gender:
            following = _ADJECTIVES.match(text, position)
            if following:
                words = [_inflected(w, rule.gender, plural) for w in following.group(1).split()]
                out += " " + " ".join(words)
                position = following.end()
    return out + text[position:]


# Up to two adjectives right after a noun, known by their endings ("compartido",
# "Revolucionaria", "económicos"); words of other shapes are left alone.
_ADJECTIVE = r"[^\W\d_]+(?:ad|id|ari|iv|an|ic|os|ori|ist)[oa]s?"
_ADJECTIVES = re.compile(rf" ((?:{_ADJECTIVE})(?: {_ADJECTIVE})?)(?![\w-])")


def _inflected(adjective: str, gender: str, plural: bool) -> str:
    """``adjective`` (ending in -o/-a/-os/-as) in the given gender and number."""
    stem = adjective.removesuffix("s")[:-1]
    return stem + ("a" if gender == "f" else "o") + ("s" if plural else "")


def _as_adjective(text: str, wrong: str, adjective: str) -> str:
    """ "cruces de borde" → "cruces fronterizos": NOUN de <wrong> as NOUN + adjective."""

    def agreeing(match: re.Match[str]) -> str:
        noun = match.group(1)
        gender, plural = noun_gender(noun), noun.lower().endswith("s")
        return f"{noun} {_inflected(adjective, gender, plural)}"

    return re.sub(rf"(?<![\w-])([^\W\d_]{{3,}}) de {_word(wrong)}", agreeing, text)


_FEMININE_ENDINGS = ("a", "ad", "ión", "ion", "ud", "ez", "umbre", "sis", "triz")
_MASCULINE_IN_A = ("ma", "día", "mapa")


def noun_gender(noun: str) -> str:
    """A Spanish noun's likely gender from its ending: "f" or "m" (exceptions aside)."""
    word = noun.lower()
    if word.endswith("es") and word[-3:-2] in ("d", "n", "l", "r", "z"):
        word = word[:-2]  # ciudades → ciudad, operaciones → operacion
    elif word.endswith("s"):
        word = word[:-1]  # cruces → cruce, zonas → zona
    if word.endswith(_MASCULINE_IN_A):
        return "m"
    return "f" if word.endswith(_FEMININE_ENDINGS) else "m"
