"""The chain of rules per language, the function that runs it, and the trace that explains it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pipeline.errors import ConfigError
from pipeline.speech.normalise.lexicon import Lexicon, load_lexicon
from pipeline.speech.normalise.rules_dates import (
    speak_dates,
    speak_decades,
    speak_eras,
    speak_fiscal_periods,
)
from pipeline.speech.normalise.rules_identifiers import speak_identifiers, speak_phone_numbers
from pipeline.speech.normalise.rules_measures import speak_fractions, speak_measures
from pipeline.speech.normalise.rules_money import speak_currency
from pipeline.speech.normalise.rules_numbers import (
    speak_numbers,
    speak_ordinals,
    speak_percentages,
    speak_ranges,
    speak_ratios,
    speak_signs,
    speak_years,
)
from pipeline.speech.normalise.rules_roman import speak_roman_numerals
from pipeline.speech.normalise.rules_text import (
    apply_pronunciations,
    collapse_whitespace,
    drop_quotes,
    expand_abbreviations,
    pause_for_dashes,
    pause_for_ellipses,
    pause_for_parentheses,
    speak_initialisms,
    speak_symbols,
    tidy_pauses,
)
from pipeline.speech.normalise.rules_time import speak_times
from pipeline.speech.normalise.rules_web import skip_urls, speak_urls
from pipeline.speech.normalise.tokens import Rule

_CHAIN: tuple[Rule, ...] = (
    apply_pronunciations,  # first: a report's own word wins over every rule below
    speak_urls,  # before anything reads the dots, digits and slashes of an address
    pause_for_ellipses,  # before abbreviations, whose dots an ellipsis would join
    # Numbers that are labels, times and dates first: their dashes, dots and slashes are
    # neither ranges, nor decimals, nor fractions ("555-013-4477", "Pub. L. 117-58").
    speak_phone_numbers,
    speak_identifiers,  # before abbreviations, which would read "No." alone
    speak_times,  # before abbreviations, which would read "a.m." alone
    speak_dates,
    speak_fiscal_periods,
    speak_eras,
    expand_abbreviations,
    speak_signs,  # "-2 km" is "minus two kilometers"
    speak_currency,  # before initialisms: "US$800" is dollars, not "U S"
    speak_measures,  # before initialisms: "12 KG" is kilograms
    speak_fractions,  # after measures ("4 1/2 lbs"), before symbols read the slash
    speak_initialisms,
    speak_roman_numerals,
    speak_symbols,  # before numbers, so "#5" and "§ 5" become "number 5", "section 5"
    speak_ranges,  # the number rules run most specific first; "10–15%" is one range
    speak_ratios,  # after times, which take "12:30"
    speak_percentages,
    speak_ordinals,
    speak_decades,
    speak_years,
    speak_numbers,
    pause_for_dashes,  # after ranges, which take the dashes between numbers
    drop_quotes,
    pause_for_parentheses,
    tidy_pauses,
    collapse_whitespace,
)

# The chain per language. The rules are shared; what they say comes from the lexicon.
RULES: dict[str, tuple[Rule, ...]] = {"en": _CHAIN, "es": _CHAIN}

UrlHandling = Literal["speak", "skip"]


def rules_for(language: str, urls: UrlHandling = "speak") -> tuple[Rule, ...]:
    """Return the chain of rules for ``language``, with web addresses spoken or skipped."""
    if language not in RULES:
        raise ConfigError(
            f"no speech normalisation for language {language!r}; choose one of: {', '.join(RULES)}"
        )
    if urls not in ("speak", "skip"):
        raise ConfigError(f"urls must be 'speak' or 'skip', not {urls!r}")
    if urls == "speak":
        return RULES[language]
    return tuple(skip_urls if rule is speak_urls else rule for rule in RULES[language])


def normalise_for_speech(
    text: str, language: str, lexicon: Lexicon | None = None, urls: UrlHandling = "speak"
) -> str:
    """Return ``text`` as the voice should read it: numbers, initialisms, symbols in words."""
    rules = rules_for(language, urls)
    lexicon = lexicon if lexicon is not None else load_lexicon(language)
    if lexicon.language != language:
        raise ConfigError(f"a {lexicon.language} lexicon cannot normalise {language} text")
    for rule in rules:
        text = rule(text, lexicon)
    return text


def explain(rules: Iterable[Rule], text: str, lexicon: Lexicon) -> list[str]:
    """Return one line per rule that changed ``text``: what a person editing the lexicon needs."""
    lines = [f"{'input':>22}: {text}"]
    for rule in rules:
        changed = rule(text, lexicon)
        if changed != text:
            lines.append(f"{rule.__name__:>22}: {changed}")
        text = changed
    return lines
