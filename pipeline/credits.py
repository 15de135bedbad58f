"""Opening and closing credits: what a distributor asks to hear before and after a book.

The opening credits name the title, the author and the publisher, and say that the voice is
synthetic (and which); in a translated edition they also say whether the translation is
reviewed (naming the translator) or machine translation pending review. The closing credits
say what was heard and that it is the end. The names and titles are the report's own
sentences and go through the translation memory like any block (a translator reviews them
once); what the credits must say exactly, the disclosure and "The end", is wording kept here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model import Block, BlockKind, Section
from pipeline.slug import slugify
from pipeline.speech.script import VoiceChoice

# The chapter titles and the sentences said exactly, per language.
WORDING = {
    "en": {
        "opening": "Opening credits",
        "closing": "Closing credits",
        "voice": "This audiobook is narrated by a synthetic voice: {voice}.",
        "unreviewed": "",  # the source language is never a translation
        "translator": "",
        "end": "The end.",
    },
    "es": {
        "opening": "Créditos iniciales",
        "closing": "Créditos finales",
        "voice": "Este audiolibro está narrado por una voz sintética: {voice}.",
        "unreviewed": "Esta edición contiene traducción automática pendiente de revisión.",
        "translator": "Traducción de {translator}.",
        # "Fin." alone is half a second a neural voice can blur ("fina"); this it says clearly.
        "end": "Fin del audiolibro.",
    },
}


@dataclass(frozen=True)
class CreditsSettings:
    """[credits] in pipeline.toml: whether to make them, and the names they say.

    Off unless asked: ``[credits] enabled = true`` in a project's pipeline.toml (as this
    project's is), ``--credits`` on the command line, or ``enabled=True`` from the library."""

    enabled: bool = False
    narrator: str = ""  # how the voice is named (default: its engine and voice)
    translator: str = ""  # named in the Spanish credits once every block is reviewed


# Between the authors of a list ("A, B & C", as a report's front matter gives them); not
# "and", which many a name holds ("Customs and Border Protection").
_BETWEEN_NAMES = re.compile(r"\s*,\s*(?:&\s*)?|\s+&\s+")


def names_in(author: str, publisher: str) -> tuple[str, ...]:
    """The names the credits say (each author, the publisher), without a leading "the": a
    translation keeps them as they are ("Pervaze A. Sheikh" is no "Pervaze Un. Sheikh")."""
    names = [*_BETWEEN_NAMES.split(author), publisher]
    return tuple(
        stripped for name in names if (stripped := re.sub(r"^[Tt]he\s+", "", name.strip()))
    )


def source_blocks(title: str, author: str, publisher: str, year: str) -> tuple[Block, ...]:
    """The credits' sentences in the source language, to translate like any block: the
    title and author said first, the publisher, and the closing line naming the title."""
    lines = [f"{title}."]
    if author:
        lines.append(f"Written by {author}.")
    if publisher:
        lines.append(f"Published by {publisher}" + (f", {year}." if year else "."))
    lines.append(f"You have been listening to {title}" + (f", by {author}." if author else "."))
    return tuple(Block(BlockKind.PARAGRAPH, line) for line in lines)


def credit_sections(
    translated: tuple[Block, ...],
    language: str,
    voice: str,
    *,
    unreviewed: bool,
    translator: str = "",
    source_language: str = "en",
) -> tuple[Section, Section]:
    """The opening and closing credits of one language, as sections to narrate.

    ``translated`` are ``source_blocks`` in this language (the last one is the closing line);
    ``unreviewed`` says whether any block of this edition is unreviewed machine translation.
    """
    words = WORDING[language]
    opening = [*translated[:-1], _said(words["voice"].format(voice=voice))]
    if language != source_language and unreviewed:
        opening.append(_said(words["unreviewed"]))
    elif language != source_language and translator:
        opening.append(_said(words["translator"].format(translator=translator)))
    closing = [translated[-1], _said(words["end"])]
    return (
        _section(words["opening"], [b for b in opening if b.text]),
        _section(words["closing"], closing),
    )


def narrator_name(voice: VoiceChoice) -> str:
    """How the credits name a voice: its engine and the voice's own name ("Kokoro, Heart")."""
    name = voice.voice.split("_", 1)[-1].replace("-", " ")
    return f"{voice.engine.capitalize()}, {name.capitalize()}"


def _said(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


def _section(title: str, blocks: list[Block]) -> Section:
    return Section(title, slugify(title), tuple(blocks))
