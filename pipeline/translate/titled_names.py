"""People named after their title ("Secretary Rice", "Dr. Smith"), held out of a rule-based
engine's reach (pure text work).

Apertium reads a surname that is also an English word as that word: "President Bush and
Secretary Rice" came out "Arbusto de presidente y Arroz del secretario", "Dr. Smith" as
"Dr. Herrero", "Ms. Baker" as "Señora Panadero". A title says that what follows is a name, so
the name is swapped for a placeholder the engine does not know ("Zzna") and put back after:
the engine then treats it as the unknown name it is, translating the title around it
("El presidente Bush y el secretario Rice"), articles and word order included. Kept as a
superblank instead, the name drifted away from its title when the engine reordered the words
("Senador cumplido Young").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Titles written before a person's name in English policy writing, longest first in the
# pattern. "General" is left out: "General Motors", "General Assembly".
_TITLES = (
    "President", "Vice President", "Vice-President", "President-elect", "Secretary",
    "Deputy Secretary", "Assistant Secretary", "Under Secretary", "Undersecretary",
    "Senator", "Sen.", "Representative", "Rep.", "Congressman", "Congresswoman",
    "Governor", "Gov.", "Lieutenant Governor", "Lt. Gov.", "Mayor", "Judge", "Justice",
    "Chief Justice", "Ambassador", "Minister", "Prime Minister", "Foreign Minister",
    "Chairman", "Chairwoman", "Chair", "Commissioner", "Administrator", "Director",
    "Professor", "Prof.", "Dr.", "Mr.", "Mrs.", "Ms.", "Gen.", "Admiral", "Adm.", "Colonel",
    "Col.", "Captain", "Capt.", "Sheriff", "Chancellor", "Speaker", "Attorney General",
    "Inspector General", "Comptroller General", "Surgeon General", "Leader",
    "Majority Leader", "Minority Leader", "Councilmember", "Councilman", "Councilwoman",
    "Delegate", "Del.", "Commander", "Superintendent", "Trustee", "Treasurer",
)  # fmt: skip
_TITLE = "|".join(re.escape(t) for t in sorted(_TITLES, key=len, reverse=True))
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
# A name's word: "Rice", "McConnell", "O'Rourke", "López-Gatell", or an initial ("F.").
_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?(?:[-'’][{_UPPER}]?[{_LOWER}]+)*"
    rf"|[{_UPPER}]\.)"
)
_PARTICLE = r"(?:de|del|de la|van|von|van der|von der|da|di|du|le|la|bin|al)"
_NAME = rf"{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD})*"
_TITLED = re.compile(rf"(?<![\w.-])(?:{_TITLE})\s+(?P<name>{_NAME})")
# Capitalised words after a title that are not (part of) a person's name: the name stops
# before them ("Judge Rotenberg Center", "President Biden Administration", "Justice
# Department").
_NOT_NAME = frozenset(
    (
        "Act", "Administration", "Agency", "Amendment", "Assembly", "Association", "Award",
        "Board", "Budget", "Bureau", "Cabinet", "Caucus", "Center", "Centre", "College",
        "Commission", "Committee", "Company", "Conference", "Congress", "Corporation", "Council",
        "County", "Court", "Day", "Department", "Directive", "Division", "Doctrine", "Elect",
        "Emeritus", "Executive", "Federal", "Foundation", "Fund", "General", "Government", "Group",
        "House", "Institute", "Institution", "Initiative", "Law", "Library", "Medal", "Memorandum",
        "Ministry", "Museum", "National", "Office", "Order", "Panel", "Party", "Plan", "Policy",
        "Pro", "Program", "Programme", "Report", "Republic", "School", "Senate", "Service",
        "Society", "State", "States", "Street", "Subcommittee", "Task", "Team", "Tempore",
        "University", "Vice", "January", "February", "March", "April", "May", "June", "July",
        "August", "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday",
        "Thursday", "Friday", "Saturday", "Sunday",
    )
)  # fmt: skip
# Unknown to the engine and to its dictionaries, and a name in form: it is read as one.
_PLACEHOLDER = "Zzn"
_HELD = re.compile(rf"\b{_PLACEHOLDER}([a-z]+)\b")


@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int
    text: str


def find_titled_names(text: str) -> list[NameSpan]:
    """The names that follow a title in ``text`` (the name alone, not its title)."""
    spans = []
    for match in _TITLED.finditer(text):
        words = list(re.finditer(r"\S+", match.group("name")))
        kept = []
        for word in words:
            if word.group(0) in _NOT_NAME:
                break
            kept.append(word)
        while kept and re.fullmatch(_PARTICLE, kept[-1].group(0)):
            kept.pop()  # "President de" is no name
        if not kept or (kept[-1].group(0).endswith(".") and len(kept) == 1):
            continue  # nothing left, or an initial alone ("Dr. J.")
        start = match.start("name")
        end = start + kept[-1].end()
        spans.append(NameSpan(start, end, text[start:end]))
    return spans


def _letters(index: int) -> str:
    """0 → "a", 25 → "z", 26 → "ba": the placeholder's own part, letters only."""
    digits = ""
    while True:
        index, rest = divmod(index, 26)
        digits = chr(ord("a") + rest) + digits
        if index == 0:
            return digits


def hold_names(text: str, spans: list[NameSpan]) -> tuple[str, tuple[str, ...]]:
    """``text`` with each span's name swapped for a placeholder; the names, in order."""
    names: list[str] = []
    pieces, position = [], 0
    for span in spans:
        if span.text not in names:
            names.append(span.text)
        pieces += [text[position : span.start], _PLACEHOLDER + _letters(names.index(span.text))]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces), tuple(names)


def is_held(word: str) -> bool:
    """Whether ``word`` is a placeholder ``hold_names`` put in a name's place."""
    return _HELD.fullmatch(word) is not None


def release_names(translation: str, names: tuple[str, ...]) -> str:
    """Put the names held by ``hold_names`` back in place of their placeholders."""
    if not names:
        return translation
    by_letters = {_letters(i): name for i, name in enumerate(names)}
    return _HELD.sub(lambda m: by_letters.get(m.group(1), m.group(0)), translation)
