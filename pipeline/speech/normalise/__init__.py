"""Speech normalisation: rewrite a sentence as a narrator would say it, before a voice reads it.

The text made here is only ever heard, never shown to readers. It is a chain of small, named,
pure rules per language (like gTTS's tokenizer pre-processors), each a function
``(text, lexicon) -> text`` that tests can call alone. What a language says (abbreviations,
initialisms, currency names, the words put in place of symbols) is data, in
``pipeline/speech/lexicon_{en,es}.toml``, merged with a report's own
``pronunciations.{language}.toml``; the code holds only the grammar.

No rule drops a word: every word of the input is still there afterwards, possibly expanded
("U.S." → "U S", "Dr." → "Doctor"). The one exception is asked for by name: ``urls="skip"``.

The modules: ``lexicon`` (the data), ``numbers`` (numbers in words), ``rules_*`` (the named
rules by class), ``chain`` (the chain per language and its trace).
"""

from pipeline.speech.normalise.chain import (
    RULES,
    UrlHandling,
    explain,
    normalise_for_speech,
    rules_for,
)
from pipeline.speech.normalise.lexicon import (
    LANGUAGES,
    Currency,
    Gender,
    Lexicon,
    Unit,
    load_lexicon,
)
from pipeline.speech.normalise.numbers import number_words
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

__all__ = [
    "LANGUAGES",
    "RULES",
    "Currency",
    "Gender",
    "Lexicon",
    "Rule",
    "Unit",
    "UrlHandling",
    "apply_pronunciations",
    "collapse_whitespace",
    "drop_quotes",
    "expand_abbreviations",
    "explain",
    "load_lexicon",
    "normalise_for_speech",
    "number_words",
    "pause_for_dashes",
    "pause_for_ellipses",
    "pause_for_parentheses",
    "rules_for",
    "skip_urls",
    "speak_currency",
    "speak_dates",
    "speak_decades",
    "speak_eras",
    "speak_fiscal_periods",
    "speak_fractions",
    "speak_identifiers",
    "speak_initialisms",
    "speak_measures",
    "speak_numbers",
    "speak_ordinals",
    "speak_percentages",
    "speak_phone_numbers",
    "speak_ranges",
    "speak_roman_numerals",
    "speak_signs",
    "speak_symbols",
    "speak_times",
    "speak_urls",
    "speak_years",
    "tidy_pauses",
]
