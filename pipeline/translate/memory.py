"""The translation memory: a gettext PO file, one entry per Markdown block.

A translator reviews it in any PO editor. The build reads it first and only adds to it:
machine translations arrive flagged fuzzy, and entries whose English is gone become obsolete
(``#~``), as msgmerge does. Every entry the build does not touch is written back byte for
byte as it was read, so a reviewed translation is never reformatted, let alone overwritten.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import polib

from pipeline import atomic
from pipeline.errors import TranslationMemoryError

WRAP_WIDTH = 78
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_SYNTAX_LINE = re.compile(r"line (\d+)")


class ReviewState(StrEnum):
    REVIEWED = "reviewed"  # translated, and a translator cleared the fuzzy flag
    FUZZY = "fuzzy"  # machine output or a draft, waiting for review
    MISSING = "missing"  # no entry, or an entry with no translation


def draft_mark(msgstr: str) -> str:
    """What a machine draft's comment says of its text ("draft 1a2b3c4d"): a later engine
    version tells by it that nobody has changed the draft since, and may make it again."""
    return f"draft {hashlib.sha256(msgstr.encode('utf-8')).hexdigest()[:8]}"


def review_state(entry: polib.POEntry | None) -> ReviewState:
    """Whether a block's entry is reviewed: the one rule, used by the build, stats and status."""
    if entry is None or not entry.msgstr:
        return ReviewState.MISSING
    return ReviewState.FUZZY if "fuzzy" in entry.flags else ReviewState.REVIEWED


@dataclass
class _Slot:
    """One entry of the file, with the exact text it was read from (None once changed)."""

    entry: polib.POEntry
    original: str | None


@dataclass
class MemoryChanges:
    added: list[str] = field(default_factory=list)
    obsoleted: list[str] = field(default_factory=list)


_TEAMS = {"es": "Spanish (Latin America)", "en": "English"}
# Both languages of this project have one singular and one plural (gettext's table).
_PLURAL_FORMS = {"es": "nplurals=2; plural=(n != 1);", "en": "nplurals=2; plural=(n != 1);"}
NO_TRANSLATOR = "none yet (machine translation awaiting review)"
UNKNOWN_NOTE = "Unknown to the engine: "
_SECTION_NOTE = "Section: "  # the first line of a block's extracted comment (its context)


def _now() -> str:
    """The time in the form PO headers use: ``2024-05-01 14:03+0000``."""
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M%z")


def _metadata(language: str, document: str) -> dict[str, str]:
    """A full header, as PO editors and msgfmt --check expect it."""
    now = _now()
    return {
        "Project-Id-Version": document or "pipeline",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": NO_TRANSLATOR,
        "Language-Team": _TEAMS.get(language, language),
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": _PLURAL_FORMS.get(language, "nplurals=2; plural=(n != 1);"),
        "X-Generator": "pipeline",
    }


def _header(language: str, document: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    po.metadata = _metadata(language, document)
    return po


def updated_header(header: str, language: str, document: str) -> str:
    """The header text with today's PO-Revision-Date and any missing field filled in.

    Fields already there keep their values (a translator's name, the team); comments stay.
    """
    parsed = polib.pofile(header + "\n", wrapwidth=WRAP_WIDTH) if header.strip() else None
    po = polib.POFile(wrapwidth=WRAP_WIDTH)
    if parsed is not None:
        po.header, po.metadata = parsed.header, dict(parsed.metadata)
        po.metadata_is_fuzzy = parsed.metadata_is_fuzzy
    for key, value in _metadata(language, document).items():
        if key != "POT-Creation-Date":  # there was no template: the file's birth is not known
            po.metadata.setdefault(key, value)
    po.metadata["PO-Revision-Date"] = _now()
    return _rendered_header(po)


def _rendered_header(po: polib.POFile) -> str:
    text = str(po).rstrip("\n")
    # polib writes a lone "#" for a header without comments.
    return text.removeprefix("#\n") if not po.header else text


def _refuse_duplicates(po: polib.POFile, path: Path) -> None:
    """Two live entries for one English block: which translation wins would be a guess."""
    seen: set[tuple[str | None, str]] = set()
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise TranslationMemoryError(
                f"{path}:{entry.linenum}: duplicate entry for {entry.msgid[:50]!r}"
            )
        seen.add(key)


# Where a sentence may end: finer than the sentence splitter, never coarser, so two texts that
# share a sentence share its pieces.
_SENTENCE_END = re.compile(r"(?<=[.!?:;)\]\"'”’»])\s+")


@functools.lru_cache(maxsize=4096)  # a retired entry is compared with every changed block
def _fragments(text: str) -> frozenset[str]:
    return frozenset(_SENTENCE_END.split(" ".join(text.split()))) - {""}


def _most_alike(entries: Iterable[polib.POEntry], msgid: str) -> polib.POEntry | None:
    """The entry whose English is most like ``msgid``, if more than half alike."""
    best, best_ratio = None, 0.5
    # autojunk would ignore spaces and common letters in a paragraph-long text.
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(msgid)
    for entry in entries:
        matcher.set_seq1(entry.msgid)
        if matcher.quick_ratio() > best_ratio and (ratio := matcher.ratio()) > best_ratio:
            best, best_ratio = entry, ratio
    return best


class TranslationMemory:
    """Reviewed and machine translations of a document's blocks, kept in a PO file."""

    def __init__(
        self, path: Path, language: str, header: str, slots: list[_Slot], document: str = ""
    ) -> None:
        self.path = path
        self.language = language
        self.document = document
        self._header_text = header
        self._slots = slots
        self._live_index: dict[str, _Slot] | None = None
        self._retired_index: dict[str, _Slot] | None = None
        self.changes = MemoryChanges()

    # -- reading --------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path, language: str, document: str = "") -> TranslationMemory:
        """Read the PO at ``path`` (an empty memory if absent); refuse a damaged one."""
        if not path.exists():
            header = _rendered_header(_header(language, document))
            return cls(path, language, header, [], document)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise TranslationMemoryError(f"{path}: not UTF-8 ({error.reason})") from None
        try:
            whole = polib.pofile(text, wrapwidth=WRAP_WIDTH)
        except OSError as error:
            found = _SYNTAX_LINE.search(str(error))
            where = f":{found.group(1)}" if found else ""
            raise TranslationMemoryError(f"{path}{where}: syntax error in the PO file") from None
        _refuse_duplicates(whole, path)
        declared = whole.metadata.get("Language", "")
        if declared and declared.split("_")[0].split("-")[0] != language:
            raise TranslationMemoryError(
                f"{path}:1: the header says Language: {declared}, but this memory is for {language}"
            )
        header, slots = cls._split(text)
        if len(slots) != len(whole):
            # Entries not separated by blank lines: fall back to polib's own formatting.
            slots = [_Slot(entry, None) for entry in whole]
            header = cls._header_of(whole)
        return cls(path, language, header, slots, document)

    @staticmethod
    def _header_of(po: polib.POFile) -> str:
        empty = polib.POFile(wrapwidth=WRAP_WIDTH)
        empty.header, empty.metadata = po.header, po.metadata
        return str(empty).rstrip("\n")

    @staticmethod
    def _split(text: str) -> tuple[str, list[_Slot]]:
        chunks = [c for c in _BLANK_LINE.split(text.strip("\n")) if c.strip()]
        header, slots = "", []
        for chunk in chunks:
            parsed = list(polib.pofile(chunk + "\n", wrapwidth=WRAP_WIDTH))
            if not parsed and not slots:
                header = chunk  # the msgid "" header (with its comments)
            elif len(parsed) == 1:
                slots.append(_Slot(parsed[0], chunk))
            else:
                return header, []
        return header, slots

    # -- lookups ----------------------------------------------------------------------------

    def _live(self) -> dict[str, _Slot]:
        # Built once and kept until an entry changes: lookups stay O(1) on long reports.
        if self._live_index is None:
            self._live_index = {s.entry.msgid: s for s in self._slots if not s.entry.obsolete}
        return self._live_index

    def lookup(self, msgid: str) -> polib.POEntry | None:
        """The live entry for an English block, reviewed or fuzzy, or None."""
        slot = self._live().get(msgid)
        return slot.entry if slot else None

    def revive(self, msgid: str) -> polib.POEntry | None:
        """Bring back an obsolete entry whose English has returned (as msgmerge does)."""
        slot = self._retired().get(msgid)
        if slot is None:
            return None
        slot.entry.obsolete = False
        slot.original = None
        self._live()[msgid] = slot
        del self._retired()[msgid]
        self.changes.added.append(msgid)
        return slot.entry

    def _retired(self) -> dict[str, _Slot]:
        if self._retired_index is None:
            self._retired_index = {s.entry.msgid: s for s in self._slots if s.entry.obsolete}
        return self._retired_index

    @staticmethod
    def unknown_words(entry: polib.POEntry) -> list[str]:
        """The English words the engine left untranslated in this entry's machine translation
        (noted in its comment when it was added)."""
        for line in (entry.comment or "").splitlines():
            if line.startswith(UNKNOWN_NOTE):
                return [w.strip() for w in line[len(UNKNOWN_NOTE) :].split(",") if w.strip()]
        return []

    def entries(self) -> list[polib.POEntry]:
        return [s.entry for s in self._slots]

    # -- changes ----------------------------------------------------------------------------

    def add_machine(
        self,
        msgid: str,
        msgstr: str,
        engine: str,
        context: str,
        after: str | None,
        notes: tuple[str, ...] = (),
    ) -> polib.POEntry:
        """Add a machine translation, flagged fuzzy, next to the block it follows.

        If a retired entry of the same section resembles the new block (a reviewed one
        first), it is offered as the previous version (``#|`` msgid and a comment with its
        translation). ``notes`` are further lines for the reviewer (the words the engine did
        not know).
        """
        made = f"Machine translation: {engine}, {date.today().isoformat()}, {draft_mark(msgstr)}"
        comment = "\n".join([context, made, *notes])
        existing = self._live().get(msgid)
        if existing is not None:
            # An untranslated entry (empty msgstr), or a draft a newer engine made again:
            # filled in, flagged for review.
            if existing.entry.msgstr:
                existing.entry.comment = comment
            existing.entry.msgstr = msgstr
            if "fuzzy" not in existing.entry.flags:
                existing.entry.flags = [*existing.entry.flags, "fuzzy"]
            existing.original = None
            self.changes.added.append(msgid)
            return existing.entry
        entry = polib.POEntry(msgid=msgid, msgstr=msgstr, flags=["fuzzy"], comment=comment)
        # The version the translator last approved, where there is one: what they compare
        # the new English against (and what a splice kept sentences from).
        predecessor = self.reviewed_predecessor(msgid, context) or self._closest_retired(
            msgid, context
        )
        if predecessor is not None:
            entry.previous_msgid = predecessor.msgid
            entry.tcomment = f"Previous translation: {predecessor.msgstr}"
        slot = _Slot(entry, None)
        position = self._position_after(after)
        self._slots.insert(position, slot)
        self._live()[msgid] = slot
        self.changes.added.append(msgid)
        return entry

    def retire_unused(self, used: set[str]) -> list[str]:
        """Mark every live entry whose English is no longer in the document obsolete."""
        retired = []
        for slot in self._slots:
            if not slot.entry.obsolete and slot.entry.msgid not in used:
                slot.entry.obsolete = True
                slot.original = None
                retired.append(slot.entry.msgid)
        self._live_index = self._retired_index = None
        self.changes.obsoleted += retired
        return retired

    def reviewed_predecessor(self, msgid: str, context: str) -> polib.POEntry | None:
        """The reviewed, retired entry a changed block replaces: most alike, with a sentence
        of its English unchanged (what a splice keeps), in the same section where the entry
        still says which.

        An entry retired in an earlier run is read back without its extracted comments
        (gettext writes none on obsolete entries), so it no longer names its section; it is
        still a candidate, or a block edited twice before its review would lose its
        reviewed sentences. A machine translation retired unreviewed is passed over however
        alike: the splice starts from the version the translator approved."""
        shared = _fragments(msgid)
        candidates = (
            entry
            for entry in self._retired_in(context, any_section=True)
            if review_state(entry) is ReviewState.REVIEWED and shared & _fragments(entry.msgid)
        )
        return _most_alike(candidates, msgid)

    def _closest_retired(self, msgid: str, context: str) -> polib.POEntry | None:
        """The retired entry of the same section most like ``msgid``, reviewed or not."""
        return _most_alike(self._retired_in(context, any_section=False), msgid)

    def _retired_in(self, context: str, any_section: bool) -> Iterator[polib.POEntry]:
        """Retired, translated entries of the section ``context`` names; with
        ``any_section``, also those that no longer say their section."""
        section = context.splitlines()[0]
        for entry in (slot.entry for slot in self._retired().values()):
            named = (entry.comment or "").partition("\n")[0]
            if entry.msgstr and (
                named == section or (any_section and not named.startswith(_SECTION_NOTE))
            ):
                yield entry

    def _position_after(self, msgid: str | None) -> int:
        if msgid is None:
            return 0
        if self._slots and self._slots[-1].entry.msgid == msgid:
            return len(self._slots)  # the common case: a new report's blocks, in order
        for i, slot in enumerate(self._slots):
            if slot.entry.msgid == msgid and not slot.entry.obsolete:
                return i + 1
        return len(self._slots)

    @property
    def changed(self) -> bool:
        return bool(self.changes.added or self.changes.obsoleted)

    # -- writing ----------------------------------------------------------------------------

    def render(self) -> str:
        """The file's text: untouched entries verbatim, obsolete ones last (as msgmerge)."""
        live = [s for s in self._slots if not s.entry.obsolete]
        retired = [s for s in self._slots if s.entry.obsolete]
        chunks = [self._header_text]
        for slot in live + retired:
            if slot.original is not None:
                chunks.append(slot.original)
            else:
                slot.entry.wrapwidth = WRAP_WIDTH
                chunks.append(slot.entry.__unicode__(wrapwidth=WRAP_WIDTH).rstrip("\n"))
        return "\n\n".join(chunks) + "\n"

    def save(self) -> None:
        """Write the memory atomically, if the build changed it (its header says when)."""
        if self.changed or not self.path.exists():
            if self.changed:
                self._header_text = updated_header(
                    self._header_text, self.language, self.document or self.path.name.split(".")[0]
                )
            atomic.write_text(self.path, self.render(), "memory")

    def stats(self) -> dict[str, int]:
        entries = [s.entry for s in self._slots]
        live = [e for e in entries if not e.obsolete]
        states = [review_state(e) for e in live]
        return {
            "entries": len(live),
            "reviewed": states.count(ReviewState.REVIEWED),
            "fuzzy": states.count(ReviewState.FUZZY),
            "untranslated": states.count(ReviewState.MISSING),
            "obsolete": len(entries) - len(live),
        }
