"""The build's audio gate: published audio measured against the profile after encoding,
written to audio-report.json; a miss fails the build unless --audio-check warn.

What is measured: under the podcast profile, the books (what a podcast app is given: the
section files are cut from the book at the book's level, so a quiet chapter is quiet in its
own file too, and judging it alone against -19 LUFS would fail a book that is right); under
ACX, every file, because ACX judges each chapter file it is sent. A book's figures are
composed from its sections' (the book is their frames joined), each section measured once
as it is written.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from command_line import decodes, espeak_build, pipeline

from pipeline.audio import compliance

pytestmark = pytest.mark.slow


def _audio_report(out: Path) -> dict:
    return json.loads((out / "short" / "audio-report.json").read_text(encoding="utf-8"))


def _measured(report: dict) -> list[str]:
    return sorted(Path(f["file"]).name for f in report["files"])


def _stream(path: Path) -> dict:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_streams", "-of", "json", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)["streams"][0]


def test_a_podcast_build_measures_its_books(tmp_path, small_report):
    out = tmp_path / "out"
    done = pipeline(*espeak_build(small_report, out, tmp_path / "c", "--lang", "en"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = _audio_report(out)
    assert report["passed"] is True
    assert _measured(report) == ["short.en.mp3"]
    [book] = report["files"]
    assert book["profile"] == "podcast"
    figures = {f["name"]: f for f in book["figures"]}
    assert -20 <= figures["integrated"]["value"] <= -18 and figures["integrated"]["passed"]
    assert figures["true_peak"]["value"] <= -1
    sections = sorted((out / "short" / "sections" / "en").glob("*.mp3"))
    assert book["basis"] == f"composed from {len(sections)} parts"


def test_an_edit_measures_only_the_sections_it_changed(tmp_path, small_report):
    out, cache = tmp_path / "out", tmp_path / "c"
    arguments = espeak_build(small_report, out, cache, "--lang", "en")
    assert pipeline(*arguments, cwd=tmp_path).returncode == 0
    parts = cache / "store" / "audio-parts"
    before = set(parts.rglob("*.json"))
    assert len(before) == len(list((out / "short" / "sections" / "en").glob("*.mp3")))

    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("non-profit", "nonpartisan"), encoding="utf-8")
    done = pipeline(*arguments, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(set(parts.rglob("*.json")) - before) == 1  # the "About Us" section's file
    [book] = _audio_report(out)["files"]
    assert book["passed"] and book["basis"].startswith("composed from ")
    whole = subprocess.run(  # the composed loudness is the whole book's, as ffmpeg meters it
        ["ffmpeg", "-nostats", "-i", book["file"], "-af", "ebur128", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    integrated = float(re.findall(r"I:\s+(-?[\d.]+) LUFS", whole)[-1])
    figures = {f["name"]: f["value"] for f in book["figures"]}
    assert abs(figures["integrated"] - integrated) <= 0.1


def test_sections_measured_before_they_are_published_have_the_published_files_figures(
    tmp_path, small_report
):
    # Each section is measured as soon as its level is decided, from the MP3 waiting in the
    # store (published with tags added, frames untouched): its figures are the published
    # file's own.
    out, cache = tmp_path / "out", tmp_path / "c"
    done = pipeline(*espeak_build(small_report, out, cache), cwd=tmp_path)
    assert done.returncode == 3, done.stderr  # built; the Spanish awaits review
    stored = [
        json.loads(path.read_text(encoding="utf-8"))["figures"]
        for path in (cache / "store" / "audio-parts").rglob("*.json")
    ]
    published = [
        compliance.measure_joinable(path).figures.__dict__
        for path in sorted((out / "short" / "sections").rglob("*.mp3"))
    ]
    assert len(published) == len(stored) > 2
    key = json.dumps
    assert sorted(map(key, stored)) == sorted(key(f, default=str) for f in published)


def test_an_acx_build_measures_every_file_and_a_miss_fails_or_warns(tmp_path, small_report):
    out, cache = tmp_path / "out", tmp_path / "c"
    english = ("--lang", "en", "--profile", "acx")
    done = pipeline(*espeak_build(small_report, out, cache, *english), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = _audio_report(out)
    assert report["passed"] is True
    sections = sorted(p.name for p in (out / "short" / "sections" / "en").glob("*.mp3"))
    assert _measured(report) == sorted([*sections, "short.en.mp3"])
    book = out / "short" / "short.en.mp3"
    stream = _stream(book)
    assert (stream["sample_rate"], stream["bit_rate"]) == ("44100", "192000")
    checked = pipeline("check-audio", book, "--profile", "acx", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout

    # A 4.8 s pause at the end of the last chapter, plus 1 s of room tone: ACX allows 5 s.
    long_tail = ("--pause", "paragraph=4800")
    failed = pipeline(*espeak_build(small_report, out, cache, *english, *long_tail), cwd=tmp_path)
    assert failed.returncode == 1
    [line] = failed.stderr.splitlines()
    assert re.fullmatch(
        # (the short last chapter's RMS falls too: its own silence is counted in it)
        r"error: output misses the acx profile \(03-about-us\.mp3: (rms, )?tail_silence; "
        r"short\.en\.mp3: tail_silence\); see audio-report\.json",
        line,
    ), line
    report = _audio_report(out)
    assert report["passed"] is False
    missed = {Path(f["file"]).name for f in report["files"] if not f["passed"]}
    assert missed == {"03-about-us.mp3", "short.en.mp3"}
    assert decodes(book)  # the files are there to listen to; the build says they miss

    warned = pipeline(
        *espeak_build(small_report, out, cache, *english, *long_tail, "--audio-check", "warn"),
        cwd=tmp_path,
    )
    assert warned.returncode == 0, warned.stderr
    assert warned.stderr == ""  # quiet: the warning is not an error
    loud = pipeline(
        *espeak_build(
            small_report, out, cache, *english, *long_tail, "--audio-check", "warn", quiet=False
        ),
        cwd=tmp_path,
    )
    assert loud.returncode == 0
    assert "WARNING: output misses the acx profile (03-about-us.mp3: " in loud.stderr
    assert _audio_report(out)["passed"] is False
