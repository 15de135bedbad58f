"""Stitching and tagging with real ffmpeg and mutagen."""

import wave
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3

from pipeline.audio.compliance import measure
from pipeline.audio.ffmpeg import probe_duration
from pipeline.audio.mp3frames import survey
from pipeline.audio.profiles import ACX
from pipeline.audio.stitch import encode_mp3, join_mp3s, write_section_wav
from pipeline.audio.tags import (
    BookTags,
    Chapter,
    ffprobe_chapters,
    read_chapters,
    verify_tags,
    write_tags,
)
from pipeline.errors import AudioError
from pipeline.speech.script import Pause, Utterance
from pipeline.store import Store
from pipeline.wav import CLIP_SAMPLE_RATE, write_clip


def _tone(seconds: float, frequency: float = 220.0) -> np.ndarray:
    t = np.arange(int(seconds * CLIP_SAMPLE_RATE)) / CLIP_SAMPLE_RATE
    return (0.3 * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def test_a_section_is_its_clips_and_pauses_sample_for_sample(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write_clip(store.path("clips", "a", ".wav"), _tone(1.0))
    write_clip(store.path("clips", "b", ".wav"), _tone(0.5))
    steps = [Utterance("One.", "one", "a"), Pause(250), Utterance("Two.", "two", "b"), Pause(1000)]
    audio = write_section_wav(steps, store, tmp_path / "s.wav")
    assert audio.frames == CLIP_SAMPLE_RATE * 2.75
    assert [(c.start, c.end, c.text) for c in audio.cues] == [
        (0, 24000, "One."),
        (30000, 42000, "Two."),
    ]
    with wave.open(str(tmp_path / "s.wav")) as w:
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    assert np.all(samples[24000:30000] == 0) and np.abs(samples[30000:42000]).max() > 5000


def test_book_chapters_are_written_in_order_and_read_back(tmp_path: Path) -> None:
    store = Store(tmp_path)
    parts = []
    for i, seconds in enumerate((1.2, 0.7, 2.1)):
        write_clip(store.path("clips", str(i), ".wav"), _tone(seconds, 200 + 100 * i))
        wav = write_section_wav([Utterance("x", "x", str(i))], store, tmp_path / f"{i}.wav").wav
        encode_mp3(wav, tmp_path / f"{i}.mp3")
        parts.append(tmp_path / f"{i}.mp3")
    book = tmp_path / "book.mp3"
    join_mp3s(parts, book)
    chapters, start = [], 0.0
    for i, part in enumerate(parts):
        end = start + probe_duration(part)
        # Titles of different lengths: mutagen would sort their frames by size.
        chapters.append(
            Chapter("Capítulo " + "uno" * (3 - i), round(start * 1000), round(end * 1000))
        )
        start = end
    tags = BookTags("Título", "Álbum", "Autor", "es", "2020", comment="rev 1")
    write_tags(str(book), tags, chapters)
    verify_tags(str(book), tags, chapters)
    assert read_chapters(str(book)) == chapters
    id3 = ID3(str(book))
    assert id3.version[:2] == (2, 3)
    assert [f.element_id for f in id3.getall("CHAP")] == ["chp000", "chp001", "chp002"]
    toc = id3.getall("CTOC")[0]
    assert toc.child_element_ids == ["chp000", "chp001", "chp002"]
    assert abs(probe_duration(book) - start) < 0.03


def _three_part_book(tmp_path: Path, titles: list[str]) -> tuple[Path, list[Chapter]]:
    store = Store(tmp_path)
    parts = []
    for i, seconds in enumerate((0.6, 0.9, 0.4)):
        write_clip(store.path("clips", f"c{i}", ".wav"), _tone(seconds, 250 + 50 * i))
        wav = write_section_wav([Utterance("x", "x", f"c{i}")], store, tmp_path / f"c{i}.wav").wav
        encode_mp3(wav, tmp_path / f"c{i}.mp3")
        parts.append(tmp_path / f"c{i}.mp3")
    book = tmp_path / "book3.mp3"
    join_mp3s(parts, book)
    chapters, start = [], 0.0
    for title, part in zip(titles, parts, strict=True):
        end = start + probe_duration(part)
        chapters.append(Chapter(title, round(start * 1000), round(end * 1000)))
        start = end
    return book, chapters


def test_ffprobe_reads_the_chapters_back_in_either_id3_version(tmp_path: Path) -> None:
    titles = ["Uno", "Dos & <tres>", "Capítulo final"]
    book, chapters = _three_part_book(tmp_path, titles)
    for version in (3, 4):
        tags = BookTags("Libro", "Libro", "Autor", "es", "2020", publisher="Fundación")
        write_tags(str(book), tags, chapters, v2_version=version)
        verify_tags(str(book), tags, chapters)
        assert ID3(str(book)).version[:2] == (2, version)
        assert ffprobe_chapters(str(book)) == [
            {"title": c.title, "start_ms": c.start_ms, "end_ms": c.end_ms} for c in chapters
        ]


def test_verify_notices_chapters_that_ffprobe_lists_out_of_order(tmp_path: Path) -> None:
    # Plain mutagen sorts frames by size: players that ignore the CTOC then read the
    # chapters out of order, though mutagen (which follows the CTOC) reads them in order.
    titles = ["A much longer first chapter title", "Mid-sized title", "End"]
    book, chapters = _three_part_book(tmp_path, titles)
    tags = BookTags("Book", "Book", "Author", "en", "2020")
    write_tags(str(book), tags, chapters)
    ID3(str(book)).save(str(book), v2_version=3)
    assert read_chapters(str(book)) == chapters
    with pytest.raises(AudioError, match="ffprobe"):
        verify_tags(str(book), tags, chapters)


def test_an_id3_version_other_than_3_or_4_is_refused(tmp_path: Path) -> None:
    book, chapters = _three_part_book(tmp_path, ["a", "b", "c"])
    with pytest.raises(AudioError, match="3 or 4"):
        write_tags(str(book), BookTags("T", "A", "R", "en", "2020"), chapters, v2_version=2)


def test_the_acx_profile_encodes_192k_with_room_tone_around_the_section(tmp_path: Path) -> None:
    store = Store(tmp_path)
    write_clip(store.path("clips", "a", ".wav"), _tone(1.0))
    wav = write_section_wav([Utterance("x", "x", "a"), Pause(1800)], store, tmp_path / "s.wav")
    encode_mp3(wav.wav, tmp_path / "acx.mp3", None, ACX)
    encode_mp3(wav.wav, tmp_path / "podcast.mp3")
    acx, podcast = survey(tmp_path / "acx.mp3"), survey(tmp_path / "podcast.mp3")
    assert set(acx.bitrates) == {192} and acx.constant and acx.sample_rate == 44_100
    assert set(podcast.bitrates) == {128} and podcast.constant and podcast.mono
    figures = measure(tmp_path / "acx.mp3")
    assert abs(figures.duration - (wav.seconds + 1.6)) < 0.01
    assert abs(figures.head_silence - 0.6) < 0.02 and abs(figures.tail_silence - 2.8) < 0.03
