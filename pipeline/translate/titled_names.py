"""People named after their title ("Secretary Rice", "Dr. Smith"), held out of a rule-based
engine's reach (pure text work).

Apertium reads a surname that is also an English word as that word: "President Bush and
Secretary Rice" came out "Arbusto de presidente y Arroz del secretario", "Dr. Smith" as
"Dr. Herrero", "Ms. Baker" as "Señora Panadero". A title says that what follows is a name:
the engine gets a placeholder in its place (``placeholders``) and translates the title around
it ("El presidente Bush y el secretario Rice"), articles and word order included.
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
# A name's word: "Rice", "McConnell", "O'Rourke", "López-Gatell", or an initial ("F."); not
# "Biden's", whose possessive is the sentence's.
_WORD = (
    rf"(?:[{_UPPER}][{_LOWER}]+(?:[{_UPPER}][{_LOWER}]+)?"
    rf"(?:-[{_UPPER}]?[{_LOWER}]+|['’][{_UPPER}][{_LOWER}]+)*|[{_UPPER}]\.)"
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
