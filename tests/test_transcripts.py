"""Transcripts: WebVTT and SRT that a strict reader accepts, and cues where the voice is."""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.audio.ffmpeg import probe_duration
from pipeline.audio.profiles import ACX, PODCAST, OutputProfile
from pipeline.audio.stitch import encode_mp3, join_mp3s, write_section_wav
from pipeline.audio.tags import Chapter
from pipeline.speech.script import Pause, Utterance
from pipeline.store import Store
from pipeline.transcripts import (
    TimedText,
    TranscriptSection,
    chapters_webvtt,
    to_srt,
    to_webvtt,
    transcript_sections,
    write_transcripts,
)
from pipeline.wav import CLIP_SAMPLE_RATE, write_clip

# -- a strict reader --------------------------------------------------------------------

_VTT_TIME = r"(\d{2,}):([0-5]\d):([0-5]\d)\.(\d{3})"
_SRT_TIME = r"(\d{2,}):([0-5]\d):([0-5]\d),(\d{3})"
_ENTITY = re.compile(r"&(amp|lt|gt|nbsp|lrm|rlm);")


def _seconds(groups: tuple[str, ...]) -> float:
    hours, minutes, seconds, millis = (int(g) for g in groups)
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _check_cues(cues: list[tuple[float, float, str]], duration: float | None) -> None:
    previous_end = 0.0
    for start, end, _ in cues:
        assert start < end, f"empty or reversed cue at {start}"
        assert start >= previous_end, f"cue at {start} overlaps the one before"
        if duration is not None:
            assert end <= duration + 0.0005, f"cue ends at {end}, after the book ({duration})"
        previous_end = end


def parse_vtt(text: str, duration: float | None = None) -> tuple[list, list[str]]:
    """Parse WebVTT strictly; return the cues (start, end, text) and the NOTE texts."""
    assert text.endswith("\n") and "\r" not in text
    blocks = text.rstrip("\n").split("\n\n")
    assert blocks[0] == "WEBVTT", "the file must open with a WEBVTT line of its own"
    cues, notes = [], []
    timing = re.compile(rf"^{_VTT_TIME} --> {_VTT_TIME}$")
    for block in blocks[1:]:
        lines = block.split("\n")
        assert all(line.strip() for line in lines), "a blank line inside a block"
        if lines[0].startswith("NOTE"):
            assert lines[0] == "NOTE" or lines[0][4] in " \t"
            assert "-->" not in block
            notes.append(block[5:])
            continue
        if "-->" not in lines[0]:
            lines = lines[1:]  # a cue identifier
        found = timing.match(lines[0])
        assert found, f"bad timing line {lines[0]!r}"
        payload = lines[1:]
        assert payload, "a cue without text"
        for line in payload:
            assert "-->" not in line and "<" not in line
            assert "&" not in _ENTITY.sub("", line), f"unescaped & in {line!r}"
        cues.append(
            (_seconds(found.groups()[:4]), _seconds(found.groups()[4:]), "\n".join(payload))
        )
    _check_cues(cues, duration)
    return cues, notes


def parse_srt(text: str, duration: float | None = None) -> list[tuple[float, float, str]]:
    """Parse SubRip strictly: numbered from 1, comma milliseconds, text on each cue."""
    cues = []
    timing = re.compile(rf"^{_SRT_TIME} --> {_SRT_TIME}$")
    for number, block in enumerate(text.rstrip("\n").split("\n\n"), start=1):
        lines = block.split("\n")
        assert lines[0] == str(number), f"cue {number} is numbered {lines[0]!r}"
        found = timing.match(lines[1])
        assert found, f"bad timing line {lines[1]!r}"
        assert len(lines) > 2 and all(line.strip() for line in lines[2:])
        cues.append((_seconds(found.groups()[:4]), _seconds(found.groups()[4:]), lines[2]))
    _check_cues(cues, duration)
    return cues


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


# -- rendering --------------------------------------------------------------------------

SECTIONS = [
    TranscriptSection(
        "Introduction",
        0.0,
        4.0,
        (TimedText(0.0, 1.5, "First sentence."), TimedText(1.8, 3.5, "Fish & chips <b>.")),
    ),
    TranscriptSection(
        "Findings --> next",
        4.0,
        9.0,
        (TimedText(0.1, 2.0, "One\nline,\n\n  really."), TimedText(2.0, 4.0, "   ")),
        lead_in=0.6,
    ),
]


def test_webvtt_has_one_cue_per_sentence_escaped_and_in_order() -> None:
    text = to_webvtt(SECTIONS, duration=9.0)
    cues, notes = parse_vtt(text, duration=9.0)
    assert [_unescape(c[2]) for c in cues] == [
        "First sentence.",
        "Fish & chips <b>.",
        "One line, really.",
    ]
    assert "Fish &amp; chips &lt;b&gt;." in text
    assert cues[2][:2] == (4.7, 6.6)  # chapter start + lead-in + cue time
    assert notes == ["Chapter 1: Introduction", "Chapter 2: Findings -> next"]
    assert text.startswith("WEBVTT\n\nNOTE Chapter 1: Introduction\n\n00:00:00.000 --> ")


def test_srt_numbers_its_cues_with_comma_milliseconds() -> None:
    text = to_srt(SECTIONS, duration=9.0)
    cues = parse_srt(text, duration=9.0)
    assert [c[2] for c in cues] == ["First sentence.", "Fish & chips <b>.", "One line, really."]
    assert "00:00:04,700 --> 00:00:06,600" in text


def test_the_chapters_track_has_one_cue_per_chapter() -> None:
    text = chapters_webvtt(SECTIONS, duration=8.5)
    cues, _ = parse_vtt(text, duration=8.5)
    assert [(c[0], c[1], _unescape(c[2])) for c in cues] == [
        (0.0, 4.0, "Introduction"),
        (4.0, 8.5, "Findings --> next"),
    ]
    assert "\nchapter-2\n00:00:04.000 --> 00:00:08.500\n" in text


def test_cues_that_would_overlap_or_pass_the_end_are_mended() -> None:
    crowded = [
        TranscriptSection(
            "A",
            3599.0,
            3604.0,
            (
                TimedText(0.0, 1.0004, "a"),
                TimedText(0.9996, 2.0, "b"),  # rounds to start before a's end
                TimedText(2.0, 2.0, "c"),  # empty
                TimedText(4.5, 9.0, "d"),  # runs past the book
                TimedText(6.0, 7.0, "e"),  # starts after it
            ),
        )
    ]
    cues, _ = parse_vtt(to_webvtt(crowded, duration=3604.0), duration=3604.0)
    assert [c[2] for c in cues] == ["a", "b", "c", "d"]
    assert cues[0][1] == cues[1][0] == 3600.0 and cues[2][1] - cues[2][0] == pytest.approx(0.001)
    assert cues[3][1] == 3604.0
    assert "01:00:00.000 --> 01:00:01.000" in to_webvtt(crowded, duration=3604.0)


def test_a_timeline_offset_moves_every_cue() -> None:
    cues, _ = parse_vtt(to_webvtt(SECTIONS, timeline_offset=0.025))
    assert cues[0][:2] == (0.025, 1.525)


# -- cues against real audio ------------------------------------------------------------


def _tone(seconds: float, frequency: float) -> np.ndarray:
    t = np.arange(round(seconds * CLIP_SAMPLE_RATE)) / CLIP_SAMPLE_RATE
    return (0.4 * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def _decode(path: Path) -> np.ndarray:
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(pcm, dtype="<f4")


@pytest.mark.parametrize("profile", [PODCAST, ACX], ids=lambda p: p.name)
def test_cues_fall_where_the_book_speaks(tmp_path: Path, profile: OutputProfile) -> None:
    store = Store(tmp_path / "store")
    titles = ["One", "Two & three", "Four"]
    layouts = [(0.9, 0.6), (1.3, 0.4, 0.7), (0.5,)]  # sentence lengths per section
    sections, files = [], []
    for s, lengths in enumerate(layouts):
        steps = []
        for n, seconds in enumerate(lengths):
            key = f"{s}-{n}"
            write_clip(store.path("clips", key, ".wav"), _tone(seconds, 300 + 90 * n))
            steps += [Utterance(f"Sentence {s}.{n} & more.", key, key), Pause(350)]
        steps[-1] = Pause(1800 if s < len(layouts) - 1 else 800)
        sections.append(write_section_wav(steps, store, tmp_path / f"{s}.wav"))
        files.append(tmp_path / f"{s}.mp3")
        encode_mp3(sections[-1].wav, files[-1], None, profile)
    book = tmp_path / "book.mp3"
    join_mp3s(files, book)
    chapters, start = [], 0.0
    for title, path in zip(titles, files, strict=True):
        end = start + probe_duration(path)
        chapters.append(Chapter(title, round(start * 1000), round(end * 1000)))
        start = end

    timed = transcript_sections(titles, chapters, sections, profile.head_silence_ms / 1000)
    duration = probe_duration(book)
    paths = write_transcripts(tmp_path / "out", "doc", "en", timed, duration)
    cues, notes = parse_vtt(paths["vtt"].read_text(encoding="utf-8"), duration)
    assert len(cues) == 6 and notes[1] == "Chapter 2: Two & three"
    assert parse_srt(paths["srt"].read_text(encoding="utf-8"), duration)[1][:2] == cues[1][:2]
    chapter_cues, _ = parse_vtt(paths["chapters"].read_text(encoding="utf-8"), duration)
    assert [c[0] for c in chapter_cues] == [c.start_ms / 1000 for c in chapters]

    # Each sentence's tone begins at its cue's start and ends at its end, to a few ms:
    # the encoder delay of each section file is not added (see pipeline.transcripts).
    audio = _decode(book)
    loud = np.abs(audio) > 0.05
    for cue_start, cue_end, _ in cues:
        first = max(0, int(cue_start * 44_100) - 441)
        onset = first + int(np.argmax(loud[first:]))
        assert abs(onset / 44_100 - cue_start) < 0.003, (cue_start, onset / 44_100)
        last = int(cue_end * 44_100) + 441
        offset = last - int(np.argmax(loud[last::-1]))
        assert abs(offset / 44_100 - cue_end) < 0.003, (cue_end, offset / 44_100)


# -- any document: cues in order, one per sentence, inside their chapter and the book ----------

_SENTENCE = st.text(
    alphabet=st.sampled_from(list("abcdefghij ABC.,&<>-\n")), min_size=1, max_size=40
).filter(lambda text: text.split())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    # sections of sentences; each sentence of one or more clauses (clips), each clip a length
    document=st.lists(
        st.lists(
            st.tuples(_SENTENCE, st.lists(st.floats(0.02, 0.8), min_size=1, max_size=3)),
            min_size=1,
            max_size=4,
        ),
        min_size=1,
        max_size=4,
    ),
    pause_ms=st.integers(0, 900),
    profile=st.sampled_from([PODCAST, ACX]),
)
def test_cues_of_any_document_are_in_order_and_inside_their_chapter(document, pause_ms, profile):
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store")
        sections, expected = [], []
        for s, sentences in enumerate(document):
            steps: list = []
            for n, (sentence, clauses) in enumerate(sentences):
                for c, seconds in enumerate(clauses):
                    key = f"{s}-{n}-{c}"
                    write_clip(store.path("clips", key, ".wav"), _tone(seconds, 300 + 50 * c))
                    steps += [Utterance(sentence, key, key, f"s{s}-n{n}"), Pause(pause_ms)]
                expected.append((s, " ".join(sentence.split())))
            sections.append(write_section_wav(steps, store, Path(folder) / f"{s}.wav"))
        # Each section file is its audio with the profile's room tone around it.
        room = (profile.head_silence_ms + profile.tail_silence_ms) / 1000
        chapters, start = [], 0
        for n, section in enumerate(sections):
            end = start + round((section.seconds + room) * 1000)
            chapters.append(Chapter(f"Chapter {n}", start, end))
            start = end
        duration = chapters[-1].end_ms / 1000
        titles = [c.title for c in chapters]
        timed = transcript_sections(titles, chapters, sections, profile.head_silence_ms / 1000)

        cues, notes = parse_vtt(to_webvtt(timed, duration), duration)  # in order, inside
        assert notes == [f"Chapter {n + 1}: Chapter {n}" for n in range(len(chapters))]
        # One cue per sentence however many clauses it took, in the order spoken...
        assert [_unescape(text) for _, _, text in cues] == [text for _, text in expected]
        for (cue_start, cue_end, _), (s, _) in zip(cues, expected, strict=True):
            # ...each inside its own chapter, after the room tone at its head.
            head = chapters[s].start_ms / 1000 + profile.head_silence_ms / 1000
            assert head - 0.0005 <= cue_start < cue_end <= chapters[s].end_ms / 1000 + 0.0005
        srt = parse_srt(to_srt(timed, duration), duration)
        assert [c[:2] for c in srt] == [c[:2] for c in cues]
