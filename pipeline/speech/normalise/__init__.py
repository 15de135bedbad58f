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
from pipeline.speech.normalise.rules_web import skip_urls
from pipeline.speech.normalise.tokens import Rule

# Every named rule of the chains, by its name (``normalise.speak_dates``), so a test or a
# trace can call one rule alone.
_NAMED = {rule.__name__: rule for chain in RULES.values() for rule in (*chain, skip_urls)}
globals().update(_NAMED)

__all__ = [  # and every rule, by the name it is added under above
    "LANGUAGES",
    "RULES",
    "Currency",
    "Gender",
    "Lexicon",
    "Rule",
    "Unit",
    "UrlHandling",
    "explain",
    "load_lexicon",
    "normalise_for_speech",
    "number_words",
    "rules_for",
    *_NAMED,
]
