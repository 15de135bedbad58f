"""Rules for numbers that are labels, not quantities: telephone numbers, laws, bills,
regulations, report numbers. They are read as a narrator reads a label, never as a range,
a date or a sum ("Pub. L. 117-58" is not "117 to 58", "555-013-4477" is not a subtraction).
"""

from __future__ import annotations

import re

from pipeline.speech.normalise.lexicon import Lexicon
from pipeline.speech.normalise.numbers import cardinal, label_words, say_digits
from pipeline.speech.normalise.tokens import SPACES

_SP = f"[{SPACES}]"
# North American numbers: "555-013-4477", "(202) 512-3000", "1-800-275-4636", "+1 202 512 3000".
_PHONE_NANP = re.compile(
    rf"(?<![\w+(.-])(?:(?P<country>\+?1)[{SPACES}.-])?(?:\((?P<area>\d{{3}})\){_SP}?"
    r"|(?P<area2>\d{3})[ .-])(?P<a>\d{3})[ .-](?P<b>\d{4})(?![\w-]|[.,]\d)"
)
# Mexican and other international numbers: "+52 55 3686 5100", "(55) 3686-5100".
_PHONE_INTERNATIONAL = re.compile(
    rf"(?<![\w+(.-])(?:(?P<country>\+\d{{1,3}}){_SP})?(?:\((?P<area>\d{{2,3}})\)|(?P<area2>\d{{2,3}}))"
    r"[ ](?P<a>\d{3,4})[ -](?P<b>\d{4})(?![\w-]|[.,]\d)"
)
# Keys before a title number: "14 CFR 39.13", "42 U.S.C. § 1983".
_TITLED = frozenset({"CFR", "C.F.R.", "U.S.C.", "USC", "Stat.", "Fed. Reg.", "FR"})


def speak_phone_numbers(text: str, lexicon: Lexicon) -> str:
    """Say telephone numbers digit by digit, a pause between groups: "555-013-4477" → "five
    five five, zero one three, four four seven seven"; "+52" → "plus five two"."""

    def say(match: re.Match[str]) -> str:
        groups = [match.group("area") or match.group("area2"), match.group("a"), match.group("b")]
        said = ", ".join(say_digits(group, lexicon) for group in groups)
        country = match.group("country")
        if country:
            plus = f"{lexicon.word('plus')} " if country.startswith("+") else ""
            said = f"{plus}{say_digits(country, lexicon)}, {said}"
        return said

    text = _PHONE_NANP.sub(say, text)

    def international(match: re.Match[str]) -> str:
        # Without a country code or brackets, "55 3686 5100" is a phone number only in its
        # 2-4-4 shape; "12 345 6789" stays numbers.
        if not (match.group("country") or match.group("area")) and len(match.group("a")) != 4:
            return match.group(0)
        return say(match)

    return _PHONE_INTERNATIONAL.sub(international, text)


def _label(written: str, lexicon: Lexicon) -> str:
    """Return an identifier's numbers as labels: "117-58" → "one seventeen fifty-eight",
    "39.13" → "thirty-nine point thirteen", "123/2021" → "... slash twenty twenty-one"."""
    point = lexicon.words.get("id_dot", lexicon.word("dot"))
    said = []
    for part in re.split(r"([-–./:])", written):
        if part in ("-", "–", ":"):
            continue
        if part == ".":
            said.append(point)
        elif part == "/":
            said.append(lexicon.word("slash"))
        elif part:
            digits, letters = re.fullmatch(r"(\d*)(\D*)", part).groups()
            if digits:
                said.append(label_words(digits, lexicon))
            if letters:
                said.append(letters)
    return " ".join(said)


def speak_identifiers(text: str, lexicon: Lexicon) -> str:
    """Say labels: "Pub. L. 117-58" → "Public Law one seventeen fifty-eight", "14 CFR 39.13"
    → "fourteen C F R thirty-nine point thirteen", "H.R. 3684" → "H R thirty-six eighty-four",
    "No. 2021-0123" → "number twenty twenty-one zero one two three", "GAO-21-104" → "GAO
    twenty-one one oh four", "NOM-001-SEMARNAT-2021".

    After a word that only means "number" ("No.", "núm.") a lone number is a count, said as
    one ("No. 152" → "number one hundred fifty-two" later); a chain of numbers is a label.
    """
    label = r"\d+[A-Za-z]?(?:[-–./:]\d+[A-Za-z]?)*"
    if lexicon.identifiers:
        keys = "|".join(
            re.escape(k) for k in sorted(lexicon.identifiers, key=lambda k: (-len(k), k))
        )
        pattern = re.compile(
            rf"(?<![\w.])(?:(?P<title>\d{{1,3}}){_SP}+)?(?P<key>{keys})"
            rf"(?:{_SP}*(?P<section>§§?))?{_SP}*(?P<label>{label})(?![\w]|[.,]\d)"
        )

        def say(match: re.Match[str]) -> str:
            key, written = match.group("key"), match.group("label")
            title = match.group("title")
            if title and key not in _TITLED:
                return match.group(0)
            if key in lexicon.before_number and not re.search(r"[-–./:]", written):
                return match.group(0)  # "No. 152": a count, left to the number rules
            said = [cardinal(int(title), lexicon)] if title else []
            said.append(lexicon.identifiers[key])
            if match.group("section"):
                word = "sections" if match.group("section") == "§§" else "section"
                said.append(lexicon.word(word))
            said.append(_label(written, lexicon))
            return " ".join(said)

        text = pattern.sub(say, text)

    # Codes with numbers in them: "GAO-21-104", "NOM-001-SEMARNAT-2021", "COVID-19".
    def say_code(match: re.Match[str]) -> str:
        parts = match.group(0).split("-")
        if not any(part.isdigit() for part in parts):
            return match.group(0)
        return " ".join(label_words(p, lexicon) if p.isdigit() else p for p in parts)

    return re.sub(r"(?<![\w.-])[A-Z]{2,}(?:-(?:\d+|[A-Z]{2,}))+(?![\w-])", say_code, text)
