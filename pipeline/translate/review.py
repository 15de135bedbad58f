"""What waits for a translator: every text of a document whose translation is not reviewed."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Document, translatable
from pipeline.translate.memory import ReviewState, TranslationMemory, review_state


@dataclass(frozen=True)
class PendingBlock:
    section: str
    text: str  # the English: a block, a table cell, a figure's alt text, a credits line
    state: ReviewState  # FUZZY or MISSING
    unknown: tuple[str, ...] = ()  # words the engine left in English: where to look first


def _section_of(comment: str) -> str:
    for line in comment.splitlines():
        if line.startswith("Section: "):
            return line.removeprefix("Section: ")
    return ""


def pending_review(document: Document, memory: TranslationMemory) -> list[PendingBlock]:
    """Every text of ``document`` (the English) whose translation is fuzzy or missing, then
    the memory's other live entries waiting for review (the credits' lines)."""
    pending = []
    seen: set[str] = set()
    for section in document.sections:
        for block in section.blocks:
            for text in (u for u in block.units() if translatable(u)):
                seen.add(text)
                entry = memory.lookup(text)
                state = review_state(entry)
                if state is not ReviewState.REVIEWED:
                    unknown = tuple(TranslationMemory.unknown_words(entry)) if entry else ()
                    pending.append(PendingBlock(section.title, text, state, unknown))
    for entry in memory.entries():
        state = review_state(entry)
        if entry.obsolete or entry.msgid in seen or state is ReviewState.REVIEWED:
            continue
        unknown = tuple(TranslationMemory.unknown_words(entry))
        pending.append(PendingBlock(_section_of(entry.comment or ""), entry.msgid, state, unknown))
    return pending
