"""A book's level from its sections' stored loudness, and the level it was last published at.

Each section WAV is metered once (its EBU R128 gating blocks, peaks and power, kept in the
store under the section's content key) and the book's loudness is combined from those, so an
edit meters only the sections it changed. Through a pure gain nothing is metered at all; only
a limiter's effect is, once per section and filter, and the same ffmpeg encodes the section at
that filter for the MP3 format to publish (``audio.encodes``): the filter a book is measured
through is nearly always the one it is published at.

``output/<doc>/.levels.json`` remembers the filter each book was published at; while the book
stays within the profile's tolerance through it, unchanged sections keep their gain (and their
MP3s), and only changed sections are encoded.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline import atomic
from pipeline.audio import encodes, loudness, profiles
from pipeline.audio.profiles import OutputProfile
from pipeline.store import Store, content_key

# Meter this many sections at once (one ffmpeg each).
METER_WORKERS = os.cpu_count() or 2


def _blocks_key(section_key: str, audio_filter: str | None) -> str:
    return content_key("loudness", section_key, audio_filter, loudness.BLOCKS_VERSION)


# The true peak (four-times oversampled: most of metering's cost) decides whether a book
# needs a limiter, so it is metered as stitched; through a limiter it is the limiter's.
def _meters_true_peak(audio_filter: str | None) -> bool:
    return audio_filter is None


def section_blocks(
    store: Store,
    sections: list[tuple[str, Path]],
    audio_filter: str | None = None,
    encode_for: OutputProfile | None = None,
) -> list[loudness.SectionBlocks]:
    """Each section's loudness (``sections``: its content key and WAV) through the filter:
    from the store, else metered now (and kept); metering through a level chain also encodes
    the section at it as ``encode_for`` says, when given."""
    if audio_filter is not None and (gain := profiles.pure_gain(audio_filter)) is not None:
        return [blocks.with_gain(gain) for blocks in section_blocks(store, sections)]
    found: dict[str, loudness.SectionBlocks] = {}
    missing: dict[str, Path] = {}
    for key, wav in sections:
        stored = store.get_json("loudness", _blocks_key(key, audio_filter))
        if stored is not None:
            found[key] = loudness.SectionBlocks.from_json(stored)
        else:
            missing[key] = wav

    def meter(item: tuple[str, Path]) -> tuple[str, loudness.SectionBlocks]:
        key, wav = item
        if audio_filter is not None and encode_for is not None:
            blocks = encodes.encode_and_meter(store, key, wav, audio_filter, encode_for)
        else:
            blocks = loudness.measure_blocks(wav, audio_filter, _meters_true_peak(audio_filter))
        store.put_json("loudness", _blocks_key(key, audio_filter), blocks.to_json())
        return key, blocks

    if missing:
        with ThreadPoolExecutor(max_workers=METER_WORKERS) as pool:
            found.update(pool.map(meter, missing.items()))
    return [found[key] for key, _ in sections]


class LevelRecord:
    """The level filter each book of one output folder was last published at."""

    def __init__(self, out: Path) -> None:
        self._path = out / ".levels.json"
        self._lock = threading.Lock()  # the languages' levels are decided side by side
        try:
            self._filters: dict[str, str] = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._filters = {}

    @staticmethod
    def _name(language: str, profile: OutputProfile) -> str:
        return f"{language} {content_key(profile.identity())[:16]}"

    def previous(self, language: str, profile: OutputProfile) -> str | None:
        with self._lock:
            return self._filters.get(self._name(language, profile))

    def remember(self, language: str, profile: OutputProfile, chain: str) -> None:
        with self._lock:
            self._filters[self._name(language, profile)] = chain
            atomic.write_text(self._path, json.dumps(self._filters, indent=1, sort_keys=True))


def book_level(
    store: Store,
    profile: OutputProfile,
    sections: list[tuple[str, Path]],
    record: LevelRecord,
    language: str,
) -> str:
    """The level filter for a book made of ``sections`` (content key and WAV each): the one
    it was published at while it still holds the profile's level, else a fresh one."""

    def level_of(audio_filter: str | None, published: bool) -> loudness.Loudness:
        encode_for = profile if published else None
        return loudness.combine(section_blocks(store, sections, audio_filter, encode_for))

    previous = record.previous(language, profile)
    chain = profiles.book_level(profile, level_of, previous)
    if chain != previous:
        record.remember(language, profile, chain)
    return chain


class BookLevels:
    """Each language's level filter for one output folder, decided once per build; two
    languages are decided at the same time (neither waits for the other's metering)."""

    def __init__(self, store: Store, out: Path) -> None:
        self.store = store
        self.record = LevelRecord(out)
        self._filters: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def filter(
        self, language: str, profile: OutputProfile, sections: Callable[[], list[tuple[str, Path]]]
    ) -> str:
        """The language's filter (``sections``: its sections' content keys and WAVs)."""
        with self._lock:
            lock = self._locks.setdefault(language, threading.Lock())
        with lock:
            if language not in self._filters:
                self._filters[language] = book_level(
                    self.store, profile, sections(), self.record, language
                )
            return self._filters[language]
