"""A book's level from its sections' stored EBU R128 blocks: combined without decoding again,
kept after an edit while the book holds the profile's level, made afresh when it does not."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import narration

from pipeline.audio import encodes, loudness
from pipeline.audio.profiles import ACX, PODCAST, holds_level, pure_gain, through
from pipeline.audio.stitch import encode_mp3
from pipeline.publish import levels
from pipeline.store import Store
from pipeline.wav import write_clip


def _wav(folder: Path, name: str, samples: np.ndarray) -> Path:
    path = folder / f"{name}.wav"
    write_clip(path, samples)
    return path


@pytest.fixture(scope="module")
def sections(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Three sections of one book at one level, a quieter and a far louder version of the
    second (an edit that keeps the level, and one that moves it), all real WAVs."""
    folder = tmp_path_factory.mktemp("sections")
    return {
        "a": _wav(folder, "a", narration(3, peak=0.3, plosives=6.0)),
        "b": _wav(folder, "b", narration(4, peak=0.3, plosives=6.0)),
        "c": _wav(folder, "c", narration(2, peak=0.3, plosives=6.0)),
        "b-edited": _wav(folder, "b-edited", narration(5, peak=0.28, plosives=6.0)),
        "b-loud": _wav(folder, "b-loud", narration(12, peak=0.95, plosives=1.0)),
    }


def test_a_books_loudness_from_its_sections_blocks_is_metering_it_whole(sections):
    files = [sections["a"], sections["b"], sections["c"]]
    whole = loudness.measure(files)
    combined = loudness.combine([loudness.measure_blocks(f) for f in files])
    # Only the blocks that would straddle two sections differ.
    assert abs(combined.integrated - whole.integrated) < 0.1
    assert combined.true_peak is not None and abs(combined.true_peak - whole.true_peak) < 0.06
    assert whole.rms is not None and abs(combined.rms - whole.rms) < 0.01
    assert combined.sample_peak == pytest.approx(whole.sample_peak, abs=0.01)


def test_through_a_pure_gain_nothing_need_be_metered(sections):
    gain = 4.25
    chain = through(PODCAST, f"volume={gain:.2f}dB")
    assert pure_gain(chain) == gain and pure_gain(through(PODCAST, "volume=1dB,alimiter")) is None
    metered = loudness.measure_blocks(sections["b"], chain)
    shifted = loudness.measure_blocks(sections["b"]).with_gain(gain)
    assert (
        abs(loudness.combine([metered]).integrated - loudness.combine([shifted]).integrated) < 0.1
    )
    assert abs(metered.mean_square / shifted.mean_square - 1) < 0.01


def _book(store: Store, record: levels.LevelRecord, sections: dict, names: list[str], profile):  # type: ignore[no-untyped-def]
    return levels.book_level(store, profile, [(n, sections[n]) for n in names], record, "en")


def _metered(store: Store) -> set[Path]:
    return set((store.root / "loudness").glob("*/*.json"))


@pytest.mark.parametrize("profile", [PODCAST, ACX], ids=["podcast", "acx"])
def test_an_edit_within_tolerance_keeps_the_books_level_and_meters_only_the_edited_section(
    sections, tmp_path, profile
):
    store, record = Store(tmp_path / "store"), levels.LevelRecord(tmp_path / "out")
    first = _book(store, record, sections, ["a", "b", "c"], profile)
    assert "alimiter" in first  # quiet speech with strong plosives: the limiter is needed
    assert levels.LevelRecord(tmp_path / "out").previous("en", profile) == first
    before = _metered(store)
    kept = _book(
        store, levels.LevelRecord(tmp_path / "out"), sections, ["a", "b-edited", "c"], profile
    )
    assert kept == first
    # Only the edited section was metered (through the kept filter, which is all it takes
    # to know the book still holds); no other section was decoded.
    edited = {
        store.path("loudness", levels._blocks_key("b-edited", f), ".json")
        for f in (None, through(profile, kept))
    }
    assert _metered(store) - before and _metered(store) - before <= edited
    # The kept filter really holds the edited book (metered whole, not from the blocks).
    files = [sections["a"], sections["b-edited"], sections["c"]]
    assert holds_level(profile, kept, loudness.measure(files, through(profile, kept)))


def test_an_edit_that_moves_the_book_beyond_tolerance_gets_a_fresh_level(sections, tmp_path):
    store, record = Store(tmp_path / "store"), levels.LevelRecord(tmp_path / "out")
    first = _book(store, record, sections, ["a", "b", "c"], PODCAST)
    moved = _book(store, record, sections, ["a", "b-loud", "c"], PODCAST)
    assert moved != first
    fresh = _book(
        store, levels.LevelRecord(tmp_path / "elsewhere"), sections, ["a", "b-loud", "c"], PODCAST
    )
    assert moved == fresh  # the same filter a first build of the edited book makes
    files = [sections["a"], sections["b-loud"], sections["c"]]
    assert abs(loudness.measure(files, through(PODCAST, moved)).integrated - -19.0) < 0.5


def test_without_the_record_a_rebuild_decides_the_same_level_from_the_store(sections, tmp_path):
    store = Store(tmp_path / "store")
    first = _book(store, levels.LevelRecord(tmp_path / "out"), sections, ["a", "b", "c"], PODCAST)
    before = _metered(store)
    again = _book(store, levels.LevelRecord(tmp_path / "other"), sections, ["a", "b", "c"], PODCAST)
    assert again == first and _metered(store) == before  # nothing metered twice


def _encoded_ahead(store: Store) -> set[Path]:
    return set((store.root / encodes.KIND).glob("*/*.mp3"))


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Sections whose level takes a limiter that costs the book under 0.2 dB (its first
    chain is the one published), and an edit of the second that keeps the level."""
    folder = tmp_path_factory.mktemp("limited")
    return {
        name: _wav(folder, name, narration(count, peak=0.3, plosives=3.0))
        for name, count in (("a", 3), ("b", 4), ("c", 2), ("b-edited", 5))
    }


@pytest.mark.parametrize("profile", [PODCAST, ACX], ids=["podcast", "acx"])
def test_metering_through_the_level_encodes_each_section_as_publishing_it_would(
    limited, tmp_path, profile
):
    store, record = Store(tmp_path / "store"), levels.LevelRecord(tmp_path / "out")
    chain = _book(store, record, limited, ["a", "b", "c"], profile)
    assert "alimiter" in chain and len(_encoded_ahead(store)) == 3
    for name in ("a", "b", "c"):
        # The blocks kept are the ones a meter of its own measures through the chain.
        kept = store.get_json("loudness", levels._blocks_key(name, through(profile, chain)))
        alone = loudness.measure_blocks(limited[name], through(profile, chain), true_peak=False)
        assert loudness.SectionBlocks.from_json(kept) == alone
        # Publishing takes the section's MP3 from the store: the bytes an encode of its own
        # makes (the profile's room tone too, for ACX).
        taken, encoded = tmp_path / f"{name}-taken.mp3", tmp_path / f"{name}-encoded.mp3"
        encodes.encode_section(store, name, limited[name], taken, chain, profile)
        encode_mp3(limited[name], encoded, chain, profile)
        assert taken.read_bytes() == encoded.read_bytes()
    assert not _encoded_ahead(store)  # each taken once, none left behind

    # An edit that keeps the level encodes only the edited section ahead.
    assert (
        _book(store, levels.LevelRecord(tmp_path / "out"), limited, ["a", "b-edited", "c"], profile)
        == chain
    )
    (ahead,) = _encoded_ahead(store)
    taken, encoded = tmp_path / "edited-taken.mp3", tmp_path / "edited-encoded.mp3"
    encodes.encode_section(store, "b-edited", limited["b-edited"], taken, chain, profile)
    encode_mp3(limited["b-edited"], encoded, chain, profile)
    assert not ahead.exists() and taken.read_bytes() == encoded.read_bytes()


def test_a_level_corrected_for_its_limiter_is_encoded_when_published(sections, tmp_path):
    # These sections' limiter takes more than 0.2 dB: the chain is measured again with the
    # gain corrected, and the first chain's encodes are not the ones published.
    store, record = Store(tmp_path / "store"), levels.LevelRecord(tmp_path / "out")
    chain = _book(store, record, sections, ["a", "b", "c"], PODCAST)
    left = _encoded_ahead(store)
    assert len(left) == 3
    published, encoded = tmp_path / "published.mp3", tmp_path / "encoded.mp3"
    encodes.encode_section(store, "a", sections["a"], published, chain, PODCAST)
    encode_mp3(sections["a"], encoded, chain, PODCAST)
    assert published.read_bytes() == encoded.read_bytes() and _encoded_ahead(store) == left
