"""A joined MP3's figures composed from its parts' measurements, against measuring it whole:
real section files encoded by ffmpeg at unlike levels, joined frame for frame."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from audio.speechlike import narration, silence

from pipeline.audio import compliance, composition
from pipeline.audio.compliance import measure, measure_joinable
from pipeline.audio.profiles import ACX, PODCAST, Range, level_filter_for
from pipeline.audio.stitch import encode_mp3, join_mp3s
from pipeline.store import Store
from pipeline.wav import write_clip


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """Three sections unlike each other (a short quiet one, a long loud one, one that starts
    and ends in long pauses), at the book's shared level, and the book joined from them."""
    folder = tmp_path_factory.mktemp("composed")
    waves = [
        narration(sentences=1, peak=0.2),
        np.concatenate([narration(sentences=6, peak=0.8, plosives=4.0), silence(0.3)]),
        np.concatenate([silence(2.5), narration(sentences=3, peak=0.5), silence(3.0)]),
    ]
    wavs = []
    for i, wave in enumerate(waves):
        wavs.append(folder / f"{i}.wav")
        write_clip(wavs[-1], wave)
    level = level_filter_for(PODCAST, wavs)
    sections = []
    for wav in wavs:
        sections.append(wav.with_suffix(".mp3"))
        encode_mp3(wav, sections[-1], level, PODCAST)
    whole = folder / "book.mp3"
    join_mp3s(sections, whole)
    return sections, whole


def test_composed_figures_are_the_whole_files_within_the_margins(book) -> None:
    sections, whole = book
    measured = measure(whole)
    composed = composition.compose([measure_joinable(s) for s in sections], whole)
    assert composed is not None
    for name, margin in composition.MARGINS.items():
        assert abs(getattr(composed, name) - getattr(measured, name)) <= margin / 2, name
    for name in ("codec", "sample_rate", "channels", "bitrate_kbps", "bitrate_mode", "mp3_tag"):
        assert getattr(composed, name) == getattr(measured, name), name
    assert abs(composed.loudness_range - measured.loudness_range) <= 0.5  # reported only
    # The sections' own figures differ from the book's: composing is not reading one of them.
    assert len({round(measure(s).integrated) for s in sections}) > 1


def test_a_passing_book_far_from_every_limit_is_composed(book) -> None:
    sections, whole = book
    report = composition.check_joined([measure_joinable(s) for s in sections], whole, PODCAST)
    assert report.passed
    assert report.basis == "composed from 3 parts"
    assert report.to_dict()["basis"] == report.basis


def test_near_a_limit_or_failing_the_whole_file_is_measured(book) -> None:
    sections, whole = book
    parts = [measure_joinable(s) for s in sections]
    composed = composition.compose(parts, whole)
    assert composed is not None
    # A window whose edge lies within the composition's margin of the composed loudness.
    edge = composed.integrated + 0.05
    tight = replace(PODCAST, limits=replace(PODCAST.limits, integrated=Range(edge - 2, edge)))
    near = composition.check_joined(parts, whole, tight)
    assert near.basis == "measured"
    assert near.to_dict()["figures"] == compliance.check(whole, tight).to_dict()["figures"]
    # ACX judges room tone and level this podcast book does not hold: a miss is measured.
    missed = composition.check_joined(parts, whole, ACX)
    assert not missed.passed and missed.basis == "measured"


def test_parts_unlike_each_other_are_not_composed(book, tmp_path: Path) -> None:
    sections, _ = book
    stereo = tmp_path / "stereo.mp3"
    wav = tmp_path / "stereo.wav"
    write_clip(wav, narration(sentences=1))
    encode_mp3(wav, stereo, None, replace(PODCAST, channels=2))
    joined = tmp_path / "mixed.mp3"
    join_mp3s([sections[0], stereo], joined)
    assert (
        composition.compose([measure_joinable(sections[0]), measure_joinable(stereo)], joined)
        is None
    )


def test_a_part_is_measured_once_however_many_ask(book, tmp_path: Path, monkeypatch) -> None:
    sections, _ = book
    store = Store(tmp_path / "store")
    measured: list[Path] = []
    real = composition.measure_joinable

    def counted(path: Path) -> compliance.Joinable:
        measured.append(path)
        return real(path)

    monkeypatch.setattr(composition, "measure_joinable", counted)
    found: list[compliance.Joinable] = []
    threads = [
        threading.Thread(target=lambda: found.append(composition.part(sections[1], "s1", store)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert measured == [sections[1]]
    assert len({part.to_dict().__repr__() for part in found}) == 1 and len(found) == 3
    assert composition.part(sections[1], "s1", store) == found[0]  # from the store
    assert measured == [sections[1]]
    # An entry kept in another shape is measured again, not trusted or fatal.
    [kept] = (store.root / "audio-parts").rglob("*.json")
    kept.write_text('{"figures": {}}', encoding="utf-8")
    assert composition.part(sections[1], "s1", store) == found[0]
    assert measured == [sections[1], sections[1]]
