"""A section's narration script: what is said, in order, and the pauses between.

Pure text work: from a section's blocks to utterances (one per sentence, or per clause of an
over-long sentence) and pauses. Each utterance carries the key of the clip that speaks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from num2words import num2words

from pipeline.errors import PipelineError
from pipeline.model import Block, BlockKind, Section
from pipeline.segment import block_sentences
from pipeline.store import content_key


@dataclass(frozen=True)
class Pauses:
    """Silences in milliseconds; a listener hears the report's structure through them."""

    sentence: int = 350
    clause: int = 150
    paragraph: int = 800
    list_item: int = 650
    heading: int = 900
    title: int = 1400
    section: int = 1800


@dataclass(frozen=True)
class VoiceChoice:
    """Everything besides the text that decides how a clip sounds."""

    engine: str
    engine_version: str
    language: str
    voice: str
    speed: float


@dataclass(frozen=True)
class Utterance:
    sentence: str  # as written in the edition (for transcripts)
    speech: str  # as sent to the voice, after normalisation
    key: str  # the clip's content key
    # Which sentence of the edition this speaks ("s2-b3-n1": section, block, sentence, from
    # 1): read-along pages and EPUB overlays link text and audio by it. The clauses of one
    # long sentence share it.
    anchor: str = ""


@dataclass(frozen=True)
class Pause:
    ms: int


Step = Utterance | Pause
Normaliser = Callable[[str], str]
Splitter = Callable[[str], list[str]]


def clip_key(speech: str, voice: VoiceChoice) -> str:
    return content_key(
        "clip",
        speech,
        voice.language,
        voice.engine,
        voice.voice,
        voice.speed,
        voice.engine_version,
    )


class TextDropped(PipelineError):
    """Splitting a long sentence lost words: a bug, never to be published silently."""


def _check_nothing_dropped(speech: str, pieces: list[str]) -> None:
    if " ".join(speech.split()) != " ".join(" ".join(pieces).split()):
        raise TextDropped(f"splitting lost words of {speech[:60]!r}…; please report this")


def _pause_after(block: Block, following: Block | None, pauses: Pauses) -> int:
    if block.kind is BlockKind.HEADING:
        return pauses.title if block.level == 1 else pauses.heading
    if following is not None and following.kind is BlockKind.LIST_ITEM:
        return pauses.list_item
    return pauses.paragraph


def _list_number(ordinal: int, language: str) -> str:
    return num2words(ordinal, lang=language).capitalize() + "."


def sentence_anchor(section: int, block: int, sentence: int) -> str:
    """The id of a sentence of the edition; each number counts from 1."""
    return f"s{section}-b{block}-n{sentence}"


def section_script(
    section: Section,
    voice: VoiceChoice,
    normalise: Normaliser,
    split_long: Splitter,
    pauses: Pauses,
    last: bool,
    number: int = 1,
) -> list[Step]:
    """Return the section's steps: its heading read first, every sentence, the pauses.

    ``number`` is the section's place in the document (from 1), for the sentences' anchors.
    """
    steps: list[Step] = []
    blocks = section.blocks
    for index, block in enumerate(blocks):
        sentences = block_sentences(block, voice.language)
        for n, sentence in enumerate(sentences):
            anchor = sentence_anchor(number, index + 1, n + 1)
            speech = normalise(sentence)
            if n == 0 and block.kind is BlockKind.LIST_ITEM and block.ordinal is not None:
                # A numbered list is heard as one: "Three. The United States and Mexico…"
                speech = f"{_list_number(block.ordinal, voice.language)} {speech}"
            pieces = split_long(speech)
            _check_nothing_dropped(speech, pieces)
            # Emoji and symbols alone give a voice nothing to say (Kokoro fails on them).
            pieces = [p for p in pieces if any(c.isalnum() for c in p)]
            for m, piece in enumerate(pieces):
                steps.append(Utterance(sentence, piece, clip_key(piece, voice), anchor))
                if m < len(pieces) - 1:
                    steps.append(Pause(pauses.clause))
            if n < len(sentences) - 1:
                steps.append(Pause(pauses.sentence))
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is not None:
            steps.append(Pause(_pause_after(block, following, pauses)))
    # The gap between chapters belongs to the chapter it ends, so that section files and
    # book chapters have the same length; the book ends on a shorter tail.
    steps.append(Pause(pauses.paragraph if last else pauses.section))
    return steps


# Bumped when stitching changes how a script becomes audio (v2: clip edges trimmed).
STITCH_VERSION = 2


def script_key(steps: list[Step]) -> str:
    return content_key(
        "section", STITCH_VERSION, [s.key if isinstance(s, Utterance) else s.ms for s in steps]
    )
