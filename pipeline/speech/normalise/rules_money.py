"""Rules for amounts of money: signs, cents and scale words ("$800 billion")."""

from __future__ import annotations

import re

from pipeline.speech.normalise.lexicon import Currency, Lexicon
from pipeline.speech.normalise.numbers import (
    ParsedNumber,
    cardinal,
    number_pattern,
    parse_number,
    say_number,
)
from pipeline.speech.normalise.tokens import SPACES, previous_word


def speak_currency(text: str, lexicon: Lexicon) -> str:
    """Say amounts of money: "$800 billion" → "eight hundred billion dollars"/"ochocientos mil
    millones de dólares", "US$800" → "ochocientos dólares", "$12.50" → "twelve dollars and fifty
    cents"."""
    if not lexicon.currencies:
        return text
    signs = "|".join(re.escape(s) for s in sorted(lexicon.currencies, key=len, reverse=True))
    scales = "|".join(re.escape(s) for s in sorted(lexicon.scales, key=len, reverse=True))
    scale_part = rf"(?:[{SPACES}]+(?P<scale>{scales})(?!\w))?" if scales else ""
    number = number_pattern(lexicon)
    # "$5–10 million" is one range of amounts: "five to ten million dollars".
    pattern = re.compile(
        rf"(?<![\w$])(?P<sign>{signs})[{SPACES}]?(?P<low>{number}[{SPACES}]?[–-][{SPACES}]?)?"
        rf"(?P<amount>{number}){scale_part}"
    )

    def say(match: re.Match[str]) -> str:
        currency = lexicon.currencies[match.group("sign")]
        amount = _say_amount(match, currency, lexicon)
        if not match.group("low"):
            return amount
        low = parse_number(match.group("low").rstrip(f"{SPACES}–-"), lexicon)
        opener, joiner = range_words(text, match.start(), lexicon)
        return f"{opener}{say_number(low, lexicon, 'm')} {joiner} {amount}"

    return pattern.sub(say, text)


def _say_amount(match: re.Match[str], currency: Currency, lexicon: Lexicon) -> str:
    number = parse_number(match.group("amount"), lexicon)
    scale = match.groupdict().get("scale")
    if scale:
        return _say_scaled_amount(number, lexicon.scales[scale], currency, lexicon)
    if len(number.fraction) == 2 and currency.cents:
        cents = int(number.fraction)
        spoken_cents = cardinal(cents, lexicon, "m")
        cents_part = f"{spoken_cents} {currency.cent if cents == 1 else currency.cents}"
        if number.whole == 0:
            return cents_part
        unit = currency.one if number.whole == 1 else currency.many
        whole = cardinal(number.whole, lexicon, "m")
        return f"{whole} {unit} {lexicon.word('cents_joiner')} {cents_part}"
    unit = currency.one if number.whole == 1 and not number.fraction else currency.many
    return f"{say_number(number, lexicon, 'm')} {unit}"


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
    return f"{say_number(number, lexicon)} {scale} {currency.many}"
