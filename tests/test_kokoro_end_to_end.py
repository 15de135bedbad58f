"""The path `make run` takes: a report built with the default engines (Kokoro and Apertium),
its books heard back by whisper. Every other build test uses espeak-ng for speed."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from command_line import decodes, pipeline

from pipeline.audio.ffmpeg import probe_duration

pytestmark = [pytest.mark.slow, pytest.mark.kokoro, pytest.mark.timeout(900)]

# Two sections of plain policy prose (after GAO-20-218, public domain).
REPORT = """\
# Water Along the Border

Mexico and the United States share two large rivers. Cities and farms on both sides \
depend on their water. Droughts have made the water scarce.

## Recommendations

The agencies should measure the water every month. They should publish the results on \
time. Both countries should plan together for the next drought.
"""


def _chapters(book: Path) -> list[dict]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-show_chapters", "-of", "json", str(book)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)["chapters"]


def _headings(edition: Path) -> list[str]:
    lines = edition.read_text(encoding="utf-8").splitlines()
    return [line.lstrip("# ").split(" *[")[0] for line in lines if line.startswith("#")]


def test_the_default_engines_make_books_whisper_understands(tmp_path: Path) -> None:
    source = tmp_path / "source" / "water.md"
    source.parent.mkdir()
    source.write_text(REPORT, encoding="utf-8")
    where = ["--out", tmp_path / "out", "--cache-dir", tmp_path / "cache"]

    built = pipeline("build", source, *where, cwd=tmp_path, timeout=800)  # no engine named
    assert built.returncode == 3, built.stderr  # built; the Spanish awaits review
    out = tmp_path / "out" / "water"
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    voices = {"en": "af_heart", "es": "em_alex"}
    for language, voice in voices.items():
        narration = report["languages"][language]
        assert (narration["speech_engine"], narration["voice"]) == ("kokoro", voice)
        assert narration["clips_synthesized"] == narration["clips"] == 8
        book = out / f"water.{language}.mp3"
        assert decodes(book)
        sections = [out / path for path in narration["section_files"]]
        chapters = _chapters(book)
        assert [c["tags"]["title"] for c in chapters] == _headings(out / f"water.{language}.md")
        assert len(chapters) == len(sections) == 2
        for chapter, section in zip(chapters, sections, strict=True):
            assert decodes(section)
            length = float(chapter["end_time"]) - float(chapter["start_time"])
            assert abs(length - probe_duration(section)) < 0.05, (chapter, section)
        assert float(chapters[1]["start_time"]) == float(chapters[0]["end_time"])
        assert abs(float(chapters[-1]["end_time"]) - probe_duration(book)) < 0.05
    assert report["languages"]["es"]["translation"]["engine"] == "apertium"

    heard = pipeline("verify", source, *where, "--max-wer", "0.10", "--json", cwd=tmp_path)
    assert heard.returncode == 0, heard.stderr
    [verified] = json.loads(heard.stdout)
    for language, voice in voices.items():
        listened = verified["languages"][language]
        assert listened["voice"] == voice and listened["engine"] == "kokoro"
        assert listened["words"] >= 30 and listened["not_narrated"] == 0
        assert listened["wer"] <= 0.10, listened["worst"]
