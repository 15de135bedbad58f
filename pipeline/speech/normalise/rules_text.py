"""Rules for words and punctuation: pronunciations, abbreviations, initialisms, symbols, pauses."""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipeline.speech.normalise.lexicon import Lexicon
from pipeline.speech.normalise.tokens import (
    LETTER,
    SPACES,
    at_end,
    next_word,
    previous_word,
    spelled,
    token_regex,
)


def apply_pronunciations(text: str, lexicon: Lexicon) -> str:
    """Replace the lexicon's ``spoken_as`` tokens (whole words, case-sensitive, longest first)."""
    if not lexicon.spoken_as:
        return text
    pattern = token_regex(frozenset(lexicon.spoken_as))
    return pattern.sub(lambda m: lexicon.spoken_as[m.group(0)], text)


def pause_for_ellipses(text: str, lexicon: Lexicon) -> str:
    """Turn "…" and "..." into a pause: a period before a new sentence, a comma inside one."""

    def pause(match: re.Match[str]) -> str:
        if not text[: match.start()].strip():
            return ""
        rest = text[match.end() :].lstrip()
        return "." if not rest or rest[0].isupper() else ","

    # Dots spaced out (". . .") only count after a space, so "e.g. ..." keeps its own dot.
    return re.sub(r"[ \t]*(?:…|\.{3,}|(?<=\s)\.(?: \.){2,})", pause, text)


def expand_abbreviations(text: str, lexicon: Lexicon) -> str:
    """Say abbreviations in full: "e.g." → "for example", "EE. UU." → "Estados Unidos"."""
    if lexicon.abbreviations:
        text = _expand(text, lexicon.abbreviations, "")
    if lexicon.before_number:
        # "No." is "number" before a number only; elsewhere it is the word "No".
        text = _expand(text, lexicon.before_number, rf"(?=[{SPACES}]*[#\d])")
    if lexicon.after_name:
        # "Elm St." is "Elm Street"; in "St. Louis" no name comes before, and it stays.
        tokens = token_regex(frozenset(lexicon.after_name)).pattern

        def after_name(match: re.Match[str]) -> str:
            token = match.group("token")
            spoken = lexicon.after_name[token]
            # Its dot may also end the sentence: "on Elm St. It was" keeps the full stop.
            rest = text[match.end() :]
            if token.endswith(".") and (not rest.strip() or re.match(r"\s+[A-Z]", rest)):
                spoken += "."
            return match.group("name") + spoken

        text = re.sub(
            rf"(?P<name>(?<!\w)[A-Z]{LETTER}*[{SPACES}])(?P<token>{tokens})",
            after_name,
            text,
        )
    return text


def _expand(text: str, table: Mapping[str, str], context: str) -> str:
    def say(match: re.Match[str]) -> str:
        token = match.group(0)
        spoken = table[token]
        # The dot of a closing abbreviation is also the sentence's period: keep a period.
        if token.endswith(".") and at_end(text, match.end()):
            spoken += "."
        return spoken

    tokens = token_regex(frozenset(table)).pattern
    return re.sub(f"(?:{tokens}){context}", say, text)


# Initialisms found without a list: dotted ones ("U.N.", "D.C.") and capitals without a vowel,
# which no voice can read as a word ("CBP"). Roman numerals ("XX", "DC") are left alone.
_DOTTED_INITIALISM = r"(?<![\w.])(?:[A-Z]\.){2,}"
_VOWELLESS_INITIALISM = r"(?<![\w.])(?![IVXLCDM]+\b)[B-DF-HJ-NP-TV-XZ]{2,5}(?!\w)(?!\.\w)"


def speak_initialisms(text: str, lexicon: Lexicon) -> str:
    """Say initialisms: "U.S. ambassadors" → "U S ambassadors", "in the U.S." → "the United States".

    A country's initialism is said by name where it stands as a noun: before punctuation or at
    the end, or after "the" and before a function word ("the U.S. and Mexico"). Elsewhere it
    describes something and is spelled ("U.S.-Mexico relations" → "U S Mexico relations").
    """
    listed = token_regex(frozenset(lexicon.as_noun) | lexicon.spell_out).pattern
    pattern = re.compile(
        rf"(?P<token>{listed}|{_DOTTED_INITIALISM}|{_VOWELLESS_INITIALISM})"
        rf"(?P<join>-(?={LETTER}))?"
    )

    def is_noun(match: re.Match[str]) -> bool:
        after = text[match.end() :]
        if re.match(r"[ \t]*(?:$|[.,;:!?)\]}\"”’»])", after):
            return True
        previous = previous_word(text, match.start())
        following = next_word(text, match.end())
        article = lexicon.words.get("the")
        return (
            previous is not None
            and previous.lower() == article
            and following is not None
            and following.lower() in lexicon.function_words
        )

    # What the time and era rules wrote ("PM", "EST", "BC") is already said as letters.
    written_by_rules = {*lexicon.time_zones.values(), *lexicon.eras.values()}
    written_by_rules |= {lexicon.words.get("am"), lexicon.words.get("pm")}

    def say(match: re.Match[str]) -> str:
        token, end = match.group("token"), match.end()
        if token in written_by_rules and token not in lexicon.spell_out:
            return match.group(0)
        closes = token.endswith(".") and at_end(text, end)
        if token in lexicon.as_noun and not match.group("join") and is_noun(match):
            spoken = lexicon.as_noun[token]
        else:
            spoken = spelled(token)
        if closes:
            spoken += "."
        # "U.S.-Mexico" is said "U S Mexico": the hyphen only joined them on the page.
        return spoken + (" " if match.group("join") else "")

    return pattern.sub(say, text)


def speak_symbols(text: str, lexicon: Lexicon) -> str:
    """Say symbols: "&" → "and"/"y", "§" → "section", "±" → "plus or minus", "and/or" → "and
    or", "a/b" → "a or b"."""
    text = re.sub(r"[ \t]*&[ \t]*", f" {lexicon.word('and')} ", text)
    text = re.sub(r"§§[ \t]*", f"{lexicon.word('sections')} ", text)
    text = re.sub(r"§[ \t]*", f"{lexicon.word('section')} ", text)
    text = re.sub(r"#[ \t]*(?=\d)", f"{lexicon.word('number')} ", text)
    text = re.sub(r"(?<![\w.])@(?=\w)", f"{lexicon.word('at')} ", text)
    text = re.sub(r"[ \t]*±[ \t]*", f" {lexicon.word('plus_minus')} ", text).lstrip(" ")
    # Arithmetic between numbers: "2 + 2 - 1 = 3" ("-" only where an "=" shows a sum).
    text = re.sub(r"(?<=\d)[ \t]*\+[ \t]*(?=\d)", f" {lexicon.word('plus')} ", text)
    if re.search(r"\d[ \t]*=[ \t]*\d", text):
        text = re.sub(r"(?<=\d)[ \t]*=[ \t]*(?=\d)", f" {lexicon.word('equals')} ", text)
        text = re.sub(r"(?<=\d)[ \t]+[-−][ \t]+(?=\d)", f" {lexicon.word('minus')} ", text)

    conjunctions = {lexicon.word("and").lower(), lexicon.word("or").lower()}

    def slash(match: re.Match[str]) -> str:
        left, right = match.group("left"), match.group("right")
        # "and/or" is said "and or"; between two other words the slash means "or".
        if {left.lower(), right.lower()} & conjunctions:
            return f"{left} "
        return f"{left} {lexicon.word('or')} "

    # The right-hand word is only looked at, so that "a/b/c" is read "a or b or c".
    text = re.sub(rf"(?P<left>{LETTER}+)[ \t]*/[ \t]*(?=(?P<right>{LETTER}+))", slash, text)
    # Between digits ("24/7") a slash is not said; the numbers are.
    return re.sub(r"(?<=\d)/(?=\d)", " ", text)


def pause_for_dashes(text: str, lexicon: Lexicon) -> str:
    """Turn dashes set around a phrase into a comma pause; an en dash joining words into a space.

    "Mexico—and the U.S.—agree" → "Mexico, and the U.S., agree"; "México–Estados Unidos" →
    "México Estados Unidos". A hyphen inside a word ("cross-border") stays: voices read it well.
    """
    text = re.sub(r"[ \t]*(?:—|―|--)[ \t]*|[ \t]+[–-][ \t]+", ", ", text)
    text = re.sub(r"(?<=\w)–(?=\w)", " ", text)
    return re.sub(r"^[ \t]*(?:,[ \t]*|[–-][ \t]+)", "", text)


def drop_quotes(text: str, lexicon: Lexicon) -> str:
    """Remove quotation marks, which voices read as odd pauses; keep apostrophes in words."""
    text = re.sub(r"[“”„‟«»‹›\"‘`]", "", text)
    text = re.sub(rf"(?<={LETTER})’(?={LETTER})", "'", text)
    return text.replace("’", "")


def pause_for_parentheses(text: str, lexicon: Lexicon) -> str:
    """Read brackets as pauses: "in Mexico (Fundemex)." → "in Mexico, Fundemex."."""
    text = re.sub(r"[ \t]*[(\[{][ \t]*", ", ", text)
    return re.sub(r"[ \t]*[)\]}]", ",", text)


def tidy_pauses(text: str, lexicon: Lexicon) -> str:
    """Merge the commas the pause rules leave next to each other or next to other punctuation."""
    text = re.sub(r"[ \t]*,(?:[ \t]*,)+", ",", text)
    text = re.sub(r"[ \t]*,[ \t]*(?=[.;:!?])", "", text)
    text = re.sub(r"(?<=[.;:!?])[ \t]*,", "", text)
    text = re.sub(r"^[\s,]+", "", text)
    return re.sub(r"[\s,]+$", "", text)


def collapse_whitespace(text: str, lexicon: Lexicon) -> str:
    """Collapse runs of whitespace to one space, with none before punctuation."""
    text = " ".join(text.split())
    return re.sub(r" +(?=[,.;:!?])", "", text)
