"""Stitching and tagging with real ffmpeg and mutagen."""

import wave
from pathlib import Path

import numpy as np
from mutagen.id3 import ID3

from pipeline.audio.clips import write_clip
from pipeline.audio.ffmpeg import probe_duration
from pipeline.audio.stitch import encode_mp3, join_mp3s, write_section_wav
from pipeline.audio.tags import BookTags, Chapter, read_chapters, verify_tags, write_tags
from pipeline.speech import CLIP_SAMPLE_RATE
from pipeline.speech.script import Pause, Utterance
from pipeline.store import Store


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
