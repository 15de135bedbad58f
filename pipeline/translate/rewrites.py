"""English phrasings a rule-based engine cannot take, said another way before it translates.

Pure text work on the English of one block; what the reader gets is the Spanish, so the
English can be reworded freely as long as it means the same.
"""

from __future__ import annotations

import re

# Country words in bilateral compounds, as the noun the rewording needs.
_COUNTRIES = {
    "U.S.": "the United States",
    "US": "the United States",
    "United States": "the United States",
    "American": "the United States",
    "Mexico": "Mexico",
    "Mexican": "Mexico",
    "Canada": "Canada",
    "Canadian": "Canada",
    "China": "China",
    "Chinese": "China",
    "Japan": "Japan",
    "Japanese": "Japan",
    "EU": "the European Union",
}
_COUNTRY = "|".join(sorted(map(re.escape, _COUNTRIES), key=len, reverse=True))
# The compound's noun must end the noun phrase: a verb, a preposition or punctuation follows
# ("U.S.-Mexican relations have…"); "U.S.-Mexican security cooperation" is left alone.
_AFTER_NOUN = (
    r"(?=[.,;:!?)]|$|\s+(?:have|has|had|is|are|was|were|will|would|can|could|may|might|"
    r"should|must|remain(?:s|ed)?|grew|and|or|but|in|of|on|to|at|for|with|from|by|as|that|"
    r"which|since|under|through|during|after|before|over|between)\b)"
)
_DETERMINERS = r"the|The|its|their|our|his|her|this|these|those|that|This|These|Those|Their|Its"
_BILATERAL = re.compile(
    rf"(?:(?<![\w-])(?P<det>{_DETERMINERS})\s+)?(?<![\w.-])(?P<a>{_COUNTRY})-(?P<b>{_COUNTRY})"
    rf"\s+(?P<noun>[a-z]{{3,}}){_AFTER_NOUN}"
)


def bilateral_compounds(text: str) -> str:
    """ "U.S.-Mexican relations have grown" → "The relations between the United States and
    Mexico have grown".

    Apertium renders the compound word by word ("EE.UU.-las relaciones mexicanas"); said as
    "between A and B" it comes out right. A compound with no determiner gets "the": Spanish
    needs the article ("las relaciones") where English does without.
    """

    def reworded(match: re.Match[str]) -> str:
        determiner = match.group("det")
        if determiner is None:
            before = text[: match.start()].rstrip()
            determiner = "The" if not before or before[-1] in ".!?" else "the"
        a, b = _COUNTRIES[match.group("a")], _COUNTRIES[match.group("b")]
        return f"{determiner} {match.group('noun')} between {a} and {b}"

    return _BILATERAL.sub(reworded, text)


_QUARTER_NAMES = {"1": "first", "2": "second", "3": "third", "4": "fourth"}
# "Q3 2024", "Q3 FY2024", "Q3" alone; "the Q3" keeps its own article.
_QUARTER = re.compile(
    r"(?P<the>\b[Tt]he\s+)?(?<![\w-])Q(?P<n>[1-4])(?:\s+(?:FY\s?)?(?P<year>(?:19|20)\d\d))?(?![\w-])"
)


def quarters(text: str) -> str:
    """ "in Q4 2023" → "in the fourth quarter of 2023": Apertium leaves "Q4" as it is, and
    Spanish says "el cuarto trimestre de 2023"."""

    def reworded(match: re.Match[str]) -> str:
        the = match.group("the") or ""
        if not the:
            before = text[: match.start()].rstrip()
            the = "The " if not before or before[-1] in ".!?" else "the "
        year = f" of {match.group('year')}" if match.group("year") else ""
        return f"{the}{_QUARTER_NAMES[match.group('n')]} quarter{year}"

    return _QUARTER.sub(reworded, text)


# "spending" as a verb: after these words, or before what is spent ("spending $3 billion").
_SPENDING_VERB_AFTER = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "keep",
        "keeps",
        "kept",
        "start",
        "started",
        "stop",
        "stopped",
        "avoid",
        "by",
        "after",
        "before",
        "without",
        "while",
        "when",
        "for",
        "of",
    ]
)
_SPENDING = re.compile(
    r"\b([Ss])pending\b"
    r"(?!\s+(?:\$|\d|the|a|an|more|less|most|money|funds|their|its|his|her|our|billions|"
    r"millions|time)\b)"
)


def spending_as_a_noun(text: str) -> str:
    """ "Federal spending rose" → "Federal expenditure rose": Apertium reads "spending" as
    the verb ("Federal pasando", "El defensa que pasa"); "expenditure" comes out "el gasto
    federal". Left alone where it is a verb ("by spending more", "spending $3 billion")."""

    def reworded(match: re.Match[str]) -> str:
        before = text[: match.start()].split()
        if before and before[-1].lower() in _SPENDING_VERB_AFTER:
            return match.group(0)
        return "Expenditure" if match.group(1) == "S" else "expenditure"

    return _SPENDING.sub(reworded, text)


# "a 2022 report (…", "the 2020 election was": a year before a noun in the singular, and
# what may follow that noun.
_YEAR_BEFORE_NOUN = re.compile(
    r"\b(?P<det>a|an|the|its|their|this|that|A|An|The|Its|Their|This|That)\s+"
    r"(?P<year>(?:19|20)\d\d)\s+(?P<noun>[a-z]+[^s\W])"
    r"(?=\s*[,.;:)(]|\s+(?:of|by|from|on|in|for|to|that|which|was|is|were|are|and|or|found|"
    r"finds|shows?|showed|said|says|estimated?)\b)"
)


def years_before_nouns(text: str) -> str:
    """ "citing a 2022 report (GAO-22-…)" → "citing a report of 2022 (…)": Apertium keeps
    the English order ("un 2022 informe"); Spanish says "un informe de 2022"."""
    return _YEAR_BEFORE_NOUN.sub(r"\g<det> \g<noun> of \g<year>", text)


REWRITES = (bilateral_compounds, quarters, spending_as_a_noun, years_before_nouns)


def rewrite(text: str) -> str:
    """``text`` with each rewording applied in turn."""
    for rule in REWRITES:
        text = rule(text)
    return text
