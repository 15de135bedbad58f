"""What waits for a translator: the blocks of a document whose translation is not reviewed."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.model import Block, Document
from pipeline.translate.memory import ReviewState, TranslationMemory, review_state


@dataclass(frozen=True)
class PendingBlock:
    section: str
    block: Block
    state: ReviewState  # FUZZY or MISSING
    unknown: tuple[str, ...] = ()  # words the engine left in English: where to look first


def pending_review(document: Document, memory: TranslationMemory) -> list[PendingBlock]:
    """Every block of ``document`` (the English) whose translation is fuzzy or missing."""
    pending = []
    for section in document.sections:
        for block in section.blocks:
            entry = memory.lookup(block.text)
            state = review_state(entry)
            if state is not ReviewState.REVIEWED:
                unknown = tuple(TranslationMemory.unknown_words(entry)) if entry else ()
                pending.append(PendingBlock(section.title, block, state, unknown))
    return pending
