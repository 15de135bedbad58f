"""Numbers in words: cardinals, decimals, years, labels, and Spanish agreement with the noun.

``number_words`` is the one entry point for other modules (the narration check compares
what the recogniser wrote with what the narrator was told to say).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from num2words import num2words

from pipeline.speech.normalise.lexicon import Gender, Lexicon, load_lexicon
from pipeline.speech.normalise.tokens import SPACES, next_word

# Past these, num2words gives up (Spanish) or names scales no listener follows: digits then.
_LARGEST = {"en": 10**24, "es": 10**27}


def cardinal(number: int, lexicon: Lexicon, gender: Gender = None) -> str:
    """Return ``number`` in words; in Spanish, agreeing with the noun's gender if one follows."""
    if number < 0:
        return f"{lexicon.word('minus')} {cardinal(-number, lexicon, gender)}"
    if number >= _LARGEST[lexicon.language]:
        return say_digits(str(number), lexicon)
    if lexicon.language == "es":
        return cardinal_es(number, gender)
    joiner = lexicon.words.get("number_and", "")
    if joiner:
        return _with_and(number, joiner)
    return american(num2words(number, lang="en"))


def _with_and(number: int, joiner: str) -> str:
    """Return English with "and" in the last group only, as British and NeMo say it: "one
    hundred and five", "eighteen thousand and eighty-one", but "one million twelve"."""
    last = number % 1000
    head = american(num2words(number - last, lang="en")) if number >= 1000 else ""
    hundreds, rest = divmod(last, 100)
    if not last:
        return head or "zero"
    if hundreds and rest:
        tail = f"{american(num2words(hundreds * 100, lang='en'))} {joiner} "
        tail += american(num2words(rest, lang="en"))
    elif not hundreds and head and (number // 1000) % 1000:
        tail = f"{joiner} {american(num2words(rest, lang='en'))}"
    else:
        tail = american(num2words(last, lang="en"))
    return f"{head} {tail}".strip()


def american(words: str) -> str:
    """Return num2words' English as an American narrator says it.

    num2words writes British "one hundred and five" and "one thousand, five hundred";
    American narrators say neither the "and" nor the pause of the comma.
    """
    return re.sub(r"\band ", "", words.replace(",", ""))


def cardinal_es(number: int, gender: Gender) -> str:
    """Return a Spanish cardinal; "m" and "f" make it agree with the noun after it."""
    words = num2words(number, lang="es")
    # num2words 0.5.14 writes "veintiuno mil", "treinta y uno millones"; the RAE wants the
    # apocope before "mil" and "millones": "veintiún mil", "treinta y un millones".
    words = re.sub(r"\bveintiuno(?= (?:mil|mill|bill|trill|cuatrill))", "veintiún", words)
    words = re.sub(r"\buno(?= (?:mil|mill|bill|trill|cuatrill))", "un", words)
    if gender is None:
        return words
    # Only the part after the last "millón(es)" agrees with the noun: "doscientas mil
    # personas", but "doscientos millones de personas".
    scales = list(re.finditer(r"\b(?:millón|millones|billón|billones|trillón|trillones)\b", words))
    cut = scales[-1].end() if scales else 0
    head, tail = words[:cut], words[cut:]
    if gender == "f":
        tail = re.sub(r"ientos\b", "ientas", tail)
        tail = re.sub(r"\bveintiún\b", "veintiuna", tail)
        tail = re.sub(r"uno$", "una", tail)
        tail = re.sub(r"\bun(?= mil\b)", "una", tail)
    else:
        tail = re.sub(r"\bveintiuno$", "veintiún", tail)
        tail = re.sub(r"\buno$", "un", tail)
    return head + tail


def say_digits(digits: str, lexicon: Lexicon) -> str:
    """Return digits one by one: "007" → "zero zero seven"."""
    return " ".join(cardinal(int(d), lexicon) for d in digits if d.isdigit())


def _fraction_es(fraction: str, gender: Gender) -> str:
    """Return the digits after a Spanish decimal comma as a narrator groups them.

    Up to three digits are one number, each leading zero said ("cero cinco", "ciento treinta
    y dos"); longer runs go in pairs ("catorce quince"). The last group agrees with the noun.
    """
    if len(fraction) <= 3:
        groups = [fraction]
    else:
        groups = [fraction[i : i + 2] for i in range(0, len(fraction), 2)]
    spoken = []
    for index, group in enumerate(groups):
        last = index == len(groups) - 1
        zeros = len(group) - len(group.lstrip("0"))
        rest = group.lstrip("0")
        words = ["cero"] * (zeros if rest else len(group))
        if rest:
            words.append(cardinal_es(int(rest), gender if last else None))
        spoken.append(" ".join(words))
    return " ".join(spoken)


def say_decimal(
    whole: int | None, fraction: str, lexicon: Lexicon, gender: Gender = None, mark: str = ""
) -> str:
    """Return a decimal in words: "three point seven", "tres coma siete", "point five".

    ``whole`` is None for ".5". Spanish says the mark as written: "3,7" is "tres coma siete",
    Mexico's "3.7" is "tres punto siete". The whole part agrees with a feminine noun ("una
    coma cinco millas") but keeps "uno" before the mark.
    """
    point = lexicon.word("point")
    if lexicon.language == "es":
        if mark == ".":
            point = lexicon.word("dot")
        spoken_fraction = _fraction_es(fraction, gender)
        whole_gender: Gender = "f" if gender == "f" else None
        spoken_whole = cardinal(whole, lexicon, whole_gender) if whole is not None else None
    else:
        spoken_fraction = say_digits(fraction, lexicon)
        spoken_whole = cardinal(whole, lexicon) if whole is not None else None
    if spoken_whole is None:
        return f"{point} {spoken_fraction}"
    return f"{spoken_whole} {point} {spoken_fraction}"


@dataclass(frozen=True)
class ParsedNumber:
    """A number as written: its whole part, the digits after the mark, how it was grouped."""

    whole: int
    fraction: str  # digits after the decimal mark, "" if none
    digits: str  # the whole part's digits as written, separators removed
    grouped: bool  # written with thousands separators
    mark: str = ""  # the decimal mark as written, "." or ","

    @property
    def value(self) -> Decimal:
        return Decimal(f"{self.whole}.{self.fraction or 0}")


# English: "1,500", "1,500.25", "3.7". Spanish: "1.500", "1 500", "1.500,25", "3,7", and
# Mexico's "1,500" and "3.7" too; three digits after one mark are taken as thousands.
NUMBER_EN = r"(?<!\d)(?:\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?)"
NUMBER_ES = (
    r"(?<!\d)(?:\d{1,3}(?:\.\d{3}(?!\d))+(?:,\d+)?"
    rf"|\d{{1,3}}(?:[{SPACES}]\d{{3}}(?!\d))+(?:,\d+)?"
    r"|\d{1,3}(?:,\d{3}(?!\d))+(?:\.\d+)?"
    r"|\d+(?:[.,]\d+)?)"
)


def number_pattern(lexicon: Lexicon) -> str:
    """Return the regex of a written number in the lexicon's language."""
    return NUMBER_ES if lexicon.language == "es" else NUMBER_EN


def parse_number(written: str, lexicon: Lexicon) -> ParsedNumber:
    """Return a number as written in the lexicon's language (see ``number_pattern``)."""
    if lexicon.language == "es":
        if re.fullmatch(rf"\d{{1,3}}(?:[.{SPACES}]\d{{3}})+(?:,\d+)?", written):
            whole, _, fraction = written.partition(",")
            digits = re.sub(r"\D", "", whole)
            return ParsedNumber(int(digits), fraction, digits, True, ",")
        if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", written):
            whole, _, fraction = written.partition(".")
            digits = whole.replace(",", "")
            return ParsedNumber(int(digits), fraction, digits, True, ".")
        mark = "," if "," in written else "."
        whole, _, fraction = written.replace(",", ".").partition(".")
        return ParsedNumber(int(whole), fraction, whole, False, mark)
    whole, _, fraction = written.partition(".")
    digits = whole.replace(",", "")
    return ParsedNumber(int(digits), fraction, digits, "," in whole, ".")


def say_number(number: ParsedNumber, lexicon: Lexicon, gender: Gender = None) -> str:
    """Return a parsed number in words: a decimal, a code read digit by digit, a cardinal."""
    if number.fraction:
        return say_decimal(number.whole, number.fraction, lexicon, gender, number.mark)
    if len(number.digits) > 1 and number.digits.startswith("0"):
        # "007", "01234": a code, read digit by digit.
        return say_digits(number.digits, lexicon)
    return cardinal(number.whole, lexicon, gender)


def number_words(written: str, language: str, gender: Gender = None) -> str:
    """Return a written number ("1,500", "3,7", "007", "2.4") in words, as the narrator says it.

    ``language`` is "en" or "es"; ``gender`` ("m", "f") makes a Spanish number agree with
    the noun after it. Anything that is not one number is read group by group of digits.
    """
    lexicon = load_lexicon(language)
    written = written.strip()
    if re.fullmatch(number_pattern(lexicon), written):
        return say_number(parse_number(written, lexicon), lexicon, gender)
    return " ".join(cardinal(int(d), lexicon) for d in re.findall(r"\d+", written))


def is_year(number: ParsedNumber) -> bool:
    """Whether a number could be a year: four digits from 1100 to 2099, not grouped."""
    return (
        not number.fraction
        and not number.grouped
        and len(number.digits) == 4
        and (1100 <= number.whole <= 2099)
    )


def year_words(year: int, lexicon: Lexicon) -> str:
    """Return a year: "twenty twenty", "nineteen oh five", "dos mil veinte"."""
    if lexicon.language == "en" and year < 10_000:
        # "twenty twenty", "nineteen oh five", "two thousand nine" (American, no "and").
        return american(num2words(year, lang="en", to="year")).replace("oh-", "oh ")
    return cardinal(year, lexicon)


def label_words(digits: str, lexicon: Lexicon) -> str:
    """Return a number used as a label (a law, a bill, a section), as people say it.

    English reads three or four digits in pairs ("117" → "one seventeen", "105" → "one oh
    five", "3684" → "thirty-six eighty-four", "7009" → "seventy oh nine"); Spanish says the
    number.
    Leading zeros and five digits or more are read digit by digit.
    """
    if (len(digits) > 1 and digits.startswith("0")) or len(digits) >= 5:
        return say_digits(digits, lexicon)
    number = int(digits)
    if lexicon.language != "en" or len(digits) <= 2:
        return cardinal(number, lexicon)
    head, tail = divmod(number, 100)
    if tail == 0:
        if len(digits) == 3 or head % 10 == 0:
            return cardinal(number, lexicon)  # "one hundred", "two thousand"
        return f"{cardinal(head, lexicon)} hundred"  # "nineteen hundred"
    said_tail = f"oh {cardinal(tail, lexicon)}" if tail < 10 else cardinal(tail, lexicon)
    return f"{cardinal(head, lexicon)} {said_tail}"


def gender_after(text: str, position: int, lexicon: Lexicon) -> Gender:
    """Return the gender of the noun a number counts, from the word after it; None if no noun.

    Spanish only: a number before a noun agrees with it ("veintiuna embajadoras", "veintiún
    embajadores"); before anything else ("1 de enero") it stays "uno".
    """
    word = next_word(text, position)
    if word is None or not word.islower() or word in lexicon.function_words:
        return None
    return noun_gender(word, lexicon)


def noun_gender(noun: str, lexicon: Lexicon) -> Gender:
    """Return a Spanish noun's gender from the lexicon's lists ("m" if unknown); None in English."""
    if not (lexicon.feminine_endings or lexicon.feminine_words):
        return None
    word = noun.lower()
    if word in lexicon.masculine_words:
        return "m"
    if word in lexicon.feminine_words:
        return "f"
    if word.endswith(lexicon.masculine_endings):
        return "m"
    if word.endswith(lexicon.feminine_endings):
        return "f"
    return "m"


def counts_a_noun(text: str, position: int, lexicon: Lexicon) -> bool:
    """Whether a lowercase word other than a function word follows: then a number is a count."""
    word = next_word(text, position)
    return word is not None and word.islower() and word not in lexicon.function_words
