"""Rules for amounts of money: signs and codes before or after, cents, scales, rates.

"$800 billion" → "eight hundred billion dollars", "$2.4M" → "two point four million
dollars", "MXN 1,500" → "one thousand five hundred Mexican pesos", "5,50 €" → "cinco euros
con cincuenta céntimos", "$20/mo" → "twenty dollars per month", "£200.000.001" →
"doscientos millones una libras" (the amount agrees with the currency's gender).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.speech.normalise.lexicon import Currency, Gender, Lexicon
from pipeline.speech.normalise.numbers import (
    NUMBER_EN,
    NUMBER_ES,
    ParsedNumber,
    cardinal,
    noun_gender,
    parse_number,
    say_decimal,
    say_number,
)
from pipeline.speech.normalise.tokens import SPACES, is_attributive, previous_word

_SP = f"[{SPACES}]"
# The words that join the two ends of a range of amounts.
_RANGE_WORDS = {"en": "to|and", "es": "a|y"}
# Scale letters that may stand apart from the amount: "¥30 b", "$5 M".
_SPACED_SUFFIXES = frozenset({"b", "B", "bn", "M", "m", "mn"})


def _alternatives(keys: frozenset[str], any_case: bool = False) -> str:
    """Return a regex for ``keys``, longest first; with ``any_case``, codes with letters match
    in any case ("usd 2", "MXN 1,200")."""
    parts = []
    for key in sorted(keys, key=lambda k: (-len(k), k)):
        escaped = re.escape(key)
        letters = any(c.isalpha() for c in key)
        parts.append(f"(?i:{escaped})" if any_case and letters else escaped)
    return "|".join(parts) or "(?!)"


@cache
def _patterns(
    language: str, signs: frozenset[str], scales: frozenset[str], suffixes: frozenset[str]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return the regexes of an amount with its sign before it, and with its sign after it."""
    sign = _alternatives(signs, any_case=True)
    number = rf"(?:{NUMBER_ES if language == 'es' else NUMBER_EN}|(?<![\d.,])\.\d+)"
    scale = rf"(?:{_SP}+(?P<scale>{_alternatives(scales)})(?!\w))?"
    glued = _alternatives(suffixes)
    spaced = _alternatives(suffixes & _SPACED_SUFFIXES)
    suffix = rf"(?:(?P<suffix>{glued})|{_SP}(?P<spaced>{spaced}))(?![\w-])"
    per = r"(?:/(?P<per>[^\W\d_]+)\b)?"
    # "$5–10 million", "$1.2–$1.5 million"; with words only between two signed amounts, the
    # second scaled: "$2 to $3 billion", "between $2 and $3 billion", "de $1 a $2 millones"
    # (not "$5 and $10 bills", two amounts).
    scaled = rf"(?:{sign}){_SP}?{number}(?:{glued}|{_SP}+(?:{_alternatives(scales)})(?!\w))"
    low = (
        rf"(?P<low>{number})(?P<low_suffix>{glued})?"
        rf"(?:{_SP}?[–-]{_SP}?(?P<sign2>{sign})?"
        rf"|{_SP}+(?P<word>{_RANGE_WORDS[language]}){_SP}+(?={scaled})(?P<sign3>{sign}))"
        rf"{_SP}?"
    )
    before = re.compile(
        rf"(?<![\w$])(?P<sign>{sign}){_SP}?(?:{low})?(?P<amount>{number})(?:{suffix}|{scale}){per}"
    )
    after = re.compile(rf"(?<![\w.,$])(?P<amount>{number}){scale}{_SP}?(?P<sign>{sign})(?![\w$])")
    return before, after


def _currency(sign: str, lexicon: Lexicon) -> Currency:
    if sign in lexicon.currencies:
        return lexicon.currencies[sign]
    folded = {key.lower(): value for key, value in lexicon.currencies.items()}
    return folded[sign.lower()]


def _parse(written: str, lexicon: Lexicon) -> ParsedNumber:
    if written.startswith("."):
        return ParsedNumber(0, written[1:], "", False, ".")
    return parse_number(written, lexicon)


def speak_currency(text: str, lexicon: Lexicon) -> str:
    """Say amounts of money, the sign or code before or after the amount.

    "$800 billion" → "eight hundred billion dollars"/"ochocientos mil millones de dólares",
    "US$800" → "ochocientos dólares", "$12.50" → "twelve dollars and fifty cents", "$2.00" →
    "two dollars", "$5–10 million" → "five to ten million dollars", "1,50 $" → "un dólar con
    cincuenta centavos".
    """
    if not lexicon.currencies:
        return text
    before, after = _patterns(
        lexicon.language,
        frozenset(lexicon.currencies),
        frozenset(lexicon.scales),
        frozenset(lexicon.scale_suffixes),
    )

    def say_before(match: re.Match[str]) -> str:
        currency = _currency(match.group("sign"), lexicon)
        suffix = match.group("suffix") or match.group("spaced")
        scale = lexicon.scale_suffixes[suffix] if suffix else None
        if scale is None and match.group("scale"):
            scale = lexicon.scales[match.group("scale")]
        amount = _say_amount(_parse(match.group("amount"), lexicon), scale, currency, lexicon)
        if match.group("per"):
            amount += f" {lexicon.word('per')} {_per_unit(match.group('per'), lexicon)}"
        elif is_attributive(text, match.start(), match.end(), lexicon):
            amount = _singular(amount, currency)
        if not match.group("low"):
            return amount
        low = _parse(match.group("low"), lexicon)
        low_suffix = match.group("low_suffix")
        if low_suffix:
            said_low = _say_amount(low, lexicon.scale_suffixes[low_suffix], currency, lexicon)
        elif scale:  # "$1.2–$1.5 million": both ends are millions, said once after the
            # second; the first stands alone ("de uno a dos millones")
            said_low = say_number(low, lexicon)
        elif match.group("sign2") or match.group("sign3"):
            said_low = _say_amount(low, None, currency, lexicon)
        else:
            said_low = say_number(low, lexicon, _gender(currency, lexicon))
        if match.group("word"):
            return f"{said_low} {match.group('word')} {amount}"
        opener, joiner = range_words(text, match.start(), lexicon)
        return f"{opener}{said_low} {joiner} {amount}"

    def say_after(match: re.Match[str]) -> str:
        currency = _currency(match.group("sign"), lexicon)
        scale = lexicon.scales[match.group("scale")] if match.group("scale") else None
        amount = _say_amount(_parse(match.group("amount"), lexicon), scale, currency, lexicon)
        if is_attributive(text, match.start(), match.end(), lexicon):
            amount = _singular(amount, currency)
        return amount

    text = before.sub(say_before, text)
    return after.sub(say_after, text)


def _singular(amount: str, currency: Currency) -> str:
    # "a five million dollar grant": an amount before a noun names its unit once.
    if amount.endswith(f" {currency.many}"):
        return amount[: -len(currency.many)] + currency.one
    return amount


def _per_unit(written: str, lexicon: Lexicon) -> str:
    unit = lexicon.units.get(written)
    return unit.one if unit else written


def _gender(currency: Currency, lexicon: Lexicon) -> Gender:
    return noun_gender(currency.one.split()[0], lexicon)


def _say_amount(
    number: ParsedNumber, scale: str | None, currency: Currency, lexicon: Lexicon
) -> str:
    if scale:
        return _say_scaled_amount(number, scale, currency, lexicon)
    gender = _gender(currency, lexicon) or "m"
    fraction = number.fraction
    if len(fraction) > 2:
        # "$20.500" is twenty dollars fifty; "$20.506" a decimal of dollars.
        fraction = fraction.rstrip("0")
    if currency.cents and len(fraction) <= 2:
        cents = int(fraction.ljust(2, "0")) if fraction else 0
        unit = currency.one if number.whole == 1 else currency.many
        whole = f"{cardinal(number.whole, lexicon, gender)} {unit}"
        if not cents:
            return whole
        said_cents = (
            f"{cardinal(cents, lexicon, 'm')} {currency.cent if cents == 1 else currency.cents}"
        )
        if number.whole == 0:
            return said_cents
        return " ".join(w for w in (whole, lexicon.word("cents_joiner"), said_cents) if w)
    if number.fraction:
        whole = number.whole if number.digits else None
        said = say_decimal(whole, number.fraction, lexicon, gender, number.mark)
        return f"{said} {currency.many}"
    unit = currency.one if number.whole == 1 else currency.many
    return f"{say_number(number, lexicon, gender)} {unit}"


def range_words(text: str, position: int, lexicon: Lexicon) -> tuple[str, str]:
    """Return the words that open and join a range starting at ``position``.

    After "between"/"entre": "between X and Y". Elsewhere "X to Y"; Spanish opens with "de"
    ("de 2019 a 2020") unless a preposition or article is already there ("en 2019 a 2020").
    """
    previous = previous_word(text, position)
    previous = previous.lower() if previous is not None else None
    if previous == lexicon.word("range_between").lower():
        return "", lexicon.word("range_and")
    opener = lexicon.word("range_from")
    if not opener or previous in lexicon.function_words:
        return "", lexicon.word("range_to")
    return f"{opener} ", lexicon.word("range_to")


def _say_scaled_amount(
    number: ParsedNumber, scale: str, currency: Currency, lexicon: Lexicon
) -> str:
    if lexicon.language == "es":
        if number.whole == 1 and not number.fraction:
            # "un millón de dólares", "mil millones de dólares" (not "un mil millones").
            if scale == "mil" or scale.startswith("mil "):
                spoken = scale
            else:
                singular = {"millones": "millón", "billones": "billón"}.get(scale, scale)
                spoken = f"un {singular}"
        else:
            spoken = f"{say_number(number, lexicon, 'm')} {scale}"
        # Spanish puts "de" between millions and what they count: "tres millones de dólares".
        of = " de" if re.search(r"(?:millón|millones|billón|billones)$", scale) else ""
        return f"{spoken}{of} {currency.many}"
    whole = number.whole if number.digits else None
    said = (
        say_decimal(whole, number.fraction, lexicon, mark=number.mark)
        if number.fraction
        else say_number(number, lexicon)
    )
    return f"{said} {scale} {currency.many}"
