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


def pending_review(document: Document, memory: TranslationMemory) -> list[PendingBlock]:
    """Every block of ``document`` (the English) whose translation is fuzzy or missing."""
    pending = []
    for section in document.sections:
        for block in section.blocks:
            state = review_state(memory.lookup(block.text))
            if state is not ReviewState.REVIEWED:
                pending.append(PendingBlock(section.title, block, state))
    return pending
