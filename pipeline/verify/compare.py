"""The comparison normaliser: meant and heard text put in one form before counting errors.

The recogniser writes "U.S.", "2020" and "12%" where the narrator was sent "U S", "two
thousand twenty" and "twelve percent", so the transcript is first put through the project's
own speech normalisation, then both are lowercased and stripped of punctuation and accents,
and any digits left are said in words.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.speech.normalise import Lexicon, load_lexicon, normalise_for_speech, number_words

# Runs of single capital letters are one initialism, however they are written: "U.S.",
# "U. S." and "U S" (how the narrator is sent it) all become "US".
_INITIALS = re.compile(r"(?<!\w)[A-Z](?:\.?\s*[A-Z](?!\w))+\.?")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")
_TILDE_N = {"ñ": "\0n", "Ñ": "\0N"}


# One-letter words that may stand before an initialism: "A U S ambassador", "Y U S M F".
_LETTER_WORDS = frozenset("AIYOE")


def _join_initials(text: str) -> str:
    def join(match: re.Match[str]) -> str:
        found = match.group(0)
        letters = re.sub(r"[.\s]", "", found)
        if len(letters) > 2 and letters[0] in _LETTER_WORDS and found[1].isspace():
            return f"{letters[0]} {letters[1:]} "
        return letters + " "

    return _INITIALS.sub(join, text)


def _strip_accents(text: str) -> str:
    # "más"/"mas", "también"/"tambien": the recogniser's accents are spelling, not hearing,
    # so they are not counted. Ñ is kept: "año" and "ano" are different words to a listener.
    for letter, placeholder in _TILDE_N.items():
        text = text.replace(letter, placeholder)
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("\0n", "ñ").replace("\0N", "Ñ")


def comparable_words(text: str, language: str) -> list[str]:
    """Return the words of ``text`` as compared: initialisms joined, lowercase, no punctuation.

    Digits become words (as the narrator says them, in ``language``); apostrophes inside
    words join them ("Center's" → "centers"); hyphens part them, like any punctuation
    ("U.S.-Mexico" → "us mexico", as it is said; ``align_compounds`` forgives "non profit"
    heard as "nonprofit"); accents go, ñ stays.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _join_initials(text)
    text = _DIGITS.sub(lambda m: f" {number_words(m.group(0), language)} ", text)
    text = _APOSTROPHES.sub("", text)
    text = _strip_accents(text.casefold())
    return _NOT_WORD.sub(" ", text).split()


def heard_words(transcript: str, language: str, lexicon: Lexicon | None = None) -> list[str]:
    """Return a transcript's comparable words, after the project's own speech normalisation.

    The recogniser writes what it hears as text ("U.S.", "$5 billion", "2020"); saying that
    text the way the narrator was told to say it puts both sides in the same form.
    """
    spoken = normalise_for_speech(transcript, language, lexicon or load_lexicon(language))
    return comparable_words(spoken, language)
