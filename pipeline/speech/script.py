"""A section's narration script: what is said, in order, and the pauses between.

Pure text work: from a section's blocks to utterances (one per sentence, or per clause of an
over-long sentence) and pauses. Each utterance carries the key of the clip that speaks it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.errors import PipelineError
from pipeline.model import Block, BlockKind, Section
from pipeline.speech.blocks import (
    NarrationSettings,
    Spoken,
    cited_notes,
    note_parts,
    spoken_parts,
)
from pipeline.speech.normalise import number_words
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
    quote: int = 1000


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


@dataclass(frozen=True)
class Heard:
    """A section heard in the book that is not part of the edition's text (the credits)."""

    section: Section
    script: list[Step]


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
    # Spaces may move (a word longer than the engine takes is cut inside); no letter may.
    if "".join(speech.split()) != "".join("".join(pieces).split()):
        raise TextDropped(f"splitting lost words of {speech[:60]!r}…; please report this")


def _pause_after(block: Block, following: Block | None, pauses: Pauses) -> int:
    if block.kind is BlockKind.HEADING:
        return pauses.title if block.level == 1 else pauses.heading
    following_quote = following is not None and following.kind is BlockKind.QUOTE
    if (block.kind is BlockKind.QUOTE) != following_quote:
        return pauses.quote  # a narrator sets a quotation off from what surrounds it
    if following is not None and following.kind is BlockKind.LIST_ITEM:
        return pauses.list_item
    if block.kind is BlockKind.BREAK:
        return pauses.heading
    return pauses.paragraph


def _list_number(ordinal: int, language: str) -> str:
    return number_words(str(ordinal), language).capitalize() + "."


def sentence_anchor(section: int, block: int, sentence: int | str) -> str:
    """The id of a sentence (or table row) of the edition; each number counts from 1.

    ``sentence`` is a number, or a block's part ("n1" for its first sentence, "r2" for a
    table's second row)."""
    part = f"n{sentence}" if isinstance(sentence, int) else sentence
    return f"s{section}-b{block}-{part}"


@dataclass(frozen=True)
class ScriptContext:
    """What a section's script needs from the rest of the document."""

    settings: NarrationSettings = field(default_factory=NarrationSettings)
    notes: dict[str, Block] = field(default_factory=dict)  # footnotes by label
    tables: dict[int, int] = field(default_factory=dict)  # id(table block) → its number


def block_parts(block: Block, language: str, context: ScriptContext) -> list[Spoken]:
    """What the narration says of a block (each part's anchor, shown and said text).

    Read-along formats list a block's sentences with this, so their anchors are the cues'.
    Prose gives its sentences even where it is not narrated; the times are then missing."""
    number = context.tables.get(id(block), 1)
    return spoken_parts(block, language, context.settings, number)


def narrated(section: Section, language: str, context: ScriptContext = ScriptContext()) -> bool:
    """Whether a section is heard in the books: a section with nothing to say besides its
    heading, and something not narrated (footnotes, code, a silent figure), is text only
    ("Notes", "References")."""
    others = [b for b in section.blocks if b is not section.heading]
    spoken = any(block_parts(b, language, context) for b in others)
    if context.settings.footnotes == "read":
        spoken = spoken or bool(cited_notes(section.blocks, context.notes))
    return spoken or not others


def _utterances(
    parts: list[Spoken],
    anchors: list[str],
    voice: VoiceChoice,
    normalise: Normaliser,
    split_long: Splitter,
    pauses: Pauses,
    ordinal: int | None = None,
) -> list[Step]:
    steps: list[Step] = []
    for n, (part, anchor) in enumerate(zip(parts, anchors, strict=True)):
        speech = normalise(part.said)
        if n == 0 and ordinal is not None:
            # A numbered list is heard as one: "Three. The United States and Mexico…"
            speech = f"{_list_number(ordinal, voice.language)} {speech}"
        pieces = split_long(speech)
        _check_nothing_dropped(speech, pieces)
        # Emoji and symbols alone give a voice nothing to say (Kokoro fails on them).
        pieces = [p for p in pieces if any(c.isalnum() for c in p)]
        for m, piece in enumerate(pieces):
            steps.append(Utterance(part.shown, piece, clip_key(piece, voice), anchor))
            if m < len(pieces) - 1:
                steps.append(Pause(pauses.clause))
        if n < len(parts) - 1:
            between_rows = part.part.startswith("r") or parts[n + 1].part.startswith("r")
            steps.append(Pause(pauses.list_item if between_rows else pauses.sentence))
    return steps


def section_script(
    section: Section,
    voice: VoiceChoice,
    normalise: Normaliser,
    split_long: Splitter,
    pauses: Pauses,
    last: bool,
    number: int = 1,
    context: ScriptContext = ScriptContext(),
) -> list[Step]:
    """Return the section's steps: its heading read first, every sentence, the pauses;
    nothing at all for a section that is not narrated (see ``narrated``).

    ``number`` is the section's place in the document (from 1), for the sentences' anchors.
    """
    if not narrated(section, voice.language, context):
        return []
    steps: list[Step] = []
    blocks = [(i, b) for i, b in enumerate(section.blocks, start=1)]
    voiced = [(i, b, p) for i, b in blocks if (p := block_parts(b, voice.language, context))]
    for k, (index, block, parts) in enumerate(voiced):
        anchors = [sentence_anchor(number, index, part.part) for part in parts]
        ordinal = block.ordinal if block.kind is BlockKind.LIST_ITEM else None
        steps += _utterances(parts, anchors, voice, normalise, split_long, pauses, ordinal)
        following = voiced[k + 1][1] if k + 1 < len(voiced) else None
        if following is not None:
            steps.append(Pause(_pause_after(block, following, pauses)))
    if context.settings.footnotes == "read":
        for note in cited_notes(section.blocks, context.notes):
            parts = note_parts(note, voice.language)
            anchors = [f"note-{note.label}"]
            steps += [Pause(pauses.paragraph)]
            steps += _utterances(parts, anchors, voice, normalise, split_long, pauses)
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
