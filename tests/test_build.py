"""The whole build, end to end, with espeak-ng and Apertium (real engines, small report)."""

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from mutagen.id3 import ID3

from pipeline.audio.ffmpeg import probe_duration
from pipeline.build import build

pytestmark = pytest.mark.slow  # every test here builds a report


def _chapters_by_ffprobe(path: Path) -> list[dict]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)["chapters"]


def test_a_build_makes_editions_sections_and_chaptered_books(small_report, espeak_options):
    espeak_options = replace(espeak_options, author="Test Institute", year="2020")
    result = build(small_report, espeak_options)
    out = espeak_options.out_dir / "short"
    assert result.out_dir == out
    for language in ("en", "es"):
        book = out / f"short.{language}.mp3"
        sections = sorted((out / "sections" / language).glob("*.mp3"))
        assert len(sections) == 3
        chapters = _chapters_by_ffprobe(book)
        assert len(chapters) == 3
        for chapter, section in zip(chapters, sections, strict=True):
            length = float(chapter["end_time"]) - float(chapter["start_time"])
            assert abs(length - probe_duration(section)) < 0.05
        starts = [float(c["start_time"]) for c in chapters]
        assert starts == sorted(starts)
        assert abs(float(chapters[-1]["end_time"]) - probe_duration(book)) < 0.05
        tags = ID3(book)
        assert str(tags["TLAN"]) == {"en": "eng", "es": "spa"}[language]
        assert str(tags["TDRC"]) == "2020"
    titles_es = [c["tags"]["title"] for c in _chapters_by_ffprobe(out / "short.es.mp3")]
    titles_en = [c["tags"]["title"] for c in _chapters_by_ffprobe(out / "short.en.mp3")]
    assert titles_en == ["A Short Report on the U.S.-Mexico Border", "Findings", "About Us"]
    assert titles_es[1] == "Hallazgos"
    spanish = (out / "short.es.md").read_text(encoding="utf-8")
    assert (
        spanish.startswith("# ")
        and "\n## " in spanish
        and "\n1. " in spanish
        and "\n2. " in spanish
    )
    assert "embajadores" in spanish and "ambassadors" not in spanish
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    en, es = report["languages"]["en"], report["languages"]["es"]
    assert en["sections"] == 3 and en["clips_synthesized"] == en["clips"] > 0
    assert es["translation"]["blocks_machine_translated"] == es["translation"]["blocks"] == 8
    assert en["duration_seconds"] > 10 and set(report["stage_seconds"]) >= {
        "parse",
        "translate",
        "narrate",
        "stitch",
    }


def test_a_rerun_without_edits_does_no_work(small_report, espeak_options):
    build(small_report, espeak_options)
    out = espeak_options.out_dir / "short"
    book = out / "short.en.mp3"
    stamp = book.stat().st_mtime_ns
    report = build(small_report, espeak_options).report.to_dict()
    for language in ("en", "es"):
        assert report["languages"][language]["clips_synthesized"] == 0
    assert report["languages"]["es"]["translation"]["blocks_machine_translated"] == 0
    assert book.stat().st_mtime_ns == stamp


def test_an_edit_resynthesizes_only_the_changed_sentences(small_report, espeak_options):
    build(small_report, espeak_options)
    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("They discussed trade.", "They discussed travel."))
    report = build(small_report, espeak_options).report.to_dict()
    en, es = report["languages"]["en"], report["languages"]["es"]
    assert en["clips_synthesized"] == 1
    assert es["translation"]["blocks_machine_translated"] == 1
    # The re-translated block has two sentences; only those can change.
    assert 1 <= es["clips_synthesized"] <= 2


def test_a_new_paragraph_at_the_top_costs_only_its_own_sentences(small_report, espeak_options):
    build(small_report, espeak_options)
    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("\nIn January", "\nA new opening line.\n\nIn January"))
    report = build(small_report, espeak_options).report.to_dict()
    assert report["languages"]["en"]["clips_synthesized"] == 1
    assert report["languages"]["es"]["clips_synthesized"] == 1
    assert report["languages"]["es"]["translation"]["blocks_machine_translated"] == 1


def test_the_memory_answers_first_and_machine_blocks_are_flagged(small_report, espeak_options):
    build(small_report, espeak_options)
    po = small_report.with_name("short.es.po")
    entries = polib.pofile(str(po))
    assert len(entries) == 8 and all("fuzzy" in e.flags for e in entries)
    edition = (espeak_options.out_dir / "short" / "short.es.md").read_text(encoding="utf-8")
    assert edition.count("traducción automática, pendiente de revisión") == 8
    for entry in entries:
        entry.flags.remove("fuzzy")
    entries.find(
        "We are a non-profit organization."
    ).msgstr = "Somos una organización sin fines de lucro."
    entries.save(str(po))
    report = build(small_report, espeak_options).report.to_dict()
    es = report["languages"]["es"]
    assert es["translation"]["blocks_from_reviewed_memory"] == 8
    assert es["translation"]["blocks_unreviewed"] == 0
    assert es["clips_synthesized"] == 1
    edition = (espeak_options.out_dir / "short" / "short.es.md").read_text(encoding="utf-8")
    assert "pendiente de revisión" not in edition
    assert "Somos una organización sin fines de lucro." in edition


def test_english_only_builds_no_spanish(small_report, espeak_options):
    report = build(small_report, replace(espeak_options, languages=("en",))).report.to_dict()
    assert set(report["languages"]) == {"en"}
    assert not (espeak_options.out_dir / "short" / "short.es.mp3").exists()


def test_an_m4b_beside_each_book_has_the_same_chapters(small_report, espeak_options):
    options = replace(espeak_options, formats=frozenset({"mp3", "m4b"}), languages=("es",))
    build(small_report, options)
    out = espeak_options.out_dir / "short"
    m4b, mp3 = out / "short.es.m4b", out / "short.es.mp3"
    chapters = _chapters_by_ffprobe(m4b)
    expected = _chapters_by_ffprobe(mp3)
    assert [c["tags"]["title"] for c in chapters] == [c["tags"]["title"] for c in expected]
    for got, want in zip(chapters, expected, strict=True):
        assert abs(float(got["start_time"]) - float(want["start_time"])) < 0.05
    assert abs(probe_duration(m4b) - probe_duration(mp3)) < 0.1
    streams = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-show_entries",
            "stream=codec_name",
            "-of",
            "csv=p=0",
            str(m4b),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert streams[0] == "aac" and "mjpeg" in streams
