"""The books a translator's next edit most likely makes, judged while EPUBCheck is up.

An edit of a block the translator reviewed makes it a machine translation awaiting review:
the book marks it, a kind of element the book's structure did not have, and the edit would
start Java for it (seconds, where the rest of an edit takes a few). So whenever a build has
started EPUBCheck anyway (a book of a structure it had not judged), it also judges the book
with one more block marked, for each of the commonest kinds of block the book does not mark
yet: their clean verdicts stand for the edit's book (``epub_check``'s structures).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.formats.epub_check import checker_started, vouch_structure
from pipeline.model import Block, BlockKind
from pipeline.publish.publication import Publication

log = logging.getLogger(__name__)

# Books judged ahead per book built: each is one more book made and checked (a fraction of a
# second in a warm EPUBCheck), for the kinds of block edits touch most.
VARIANTS = 2
_NEVER_MARKED = (BlockKind.CODE, BlockKind.BREAK)  # shown as written, never translated

MakeBook = Callable[[Publication, str], bytes]


def _kind_of(block: Block) -> tuple[BlockKind, bool, bool]:
    # What decides the marked block's place among the book's elements: its kind, and for
    # list items and quotes, which list and whether it is quoted.
    return block.kind, block.ordinal is None, block.quote_depth > 0


def next_flags(publication: Publication, language: str) -> list[tuple[Block, ...]]:
    """The flagged blocks of the books judged ahead: the edition's own and one block more,
    of a kind it does not mark yet, the kinds with the most blocks first."""
    edition = publication.editions[language]
    marked = {_kind_of(block) for block in edition.flagged}
    unmarked: dict[tuple[BlockKind, bool, bool], list[Block]] = {}
    for block in edition.document.blocks:
        kind = _kind_of(block)
        if block.kind in _NEVER_MARKED or kind in marked or edition.is_flagged(block):
            continue
        unmarked.setdefault(kind, []).append(block)
    commonest = sorted(unmarked.values(), key=len, reverse=True)[:VARIANTS]
    return [(*edition.flagged, blocks[0]) for blocks in commonest]


def _flagged_as(publication: Publication, language: str, flagged: tuple[Block, ...]) -> Publication:
    editions = dict(publication.editions)
    editions[language] = replace(editions[language], flagged=flagged)
    return Publication(
        publication.name,
        publication.source,
        publication.out,
        publication.options,
        publication.store,
        editions,
    )


def judge_next_edits(publication: Publication, language: str, book: Path, make: MakeBook) -> int:
    """Judge the books of ``next_flags`` (``make`` makes one's bytes) when this build started
    EPUBCheck anyway; return how many have a clean verdict for their structure now."""
    if not checker_started():
        return 0
    vouched = 0
    try:
        with tempfile.TemporaryDirectory(prefix="epub-next-") as folder:
            variant = Path(folder) / book.name  # EPUBCheck wants the name *.epub
            for flagged in next_flags(publication, language):
                variant.write_bytes(make(_flagged_as(publication, language, flagged), language))
                vouched += vouch_structure(variant, publication.store)
    except (OSError, PipelineError) as error:  # a full disk, say: the edit asks Java instead
        log.debug("%s: books an edit makes next not judged (%s)", book.name, error)
    log.debug("%s: %d books an edit makes next judged ahead", book.name, vouched)
    return vouched
