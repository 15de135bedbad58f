"""Incremental stitching through the whole build: an edit re-encodes the sections it changed
and nothing else, meters nothing it metered before, and the books still meet their profile."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.build import build

# Every test here builds a report (espeak, every format): slow.
pytestmark = pytest.mark.slow


def _stamps(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def _store_entries(cache: Path, kind: str) -> set[Path]:
    return set((cache / "store" / kind).glob("*/*"))


@pytest.mark.parametrize("profile", ["podcast", "acx"])
def test_an_edit_re_encodes_only_the_section_it_changed(small_report, espeak_options, profile):
    options = replace(espeak_options, audio_profile=profile)
    build(small_report, options)
    out = options.out_dir / "short"
    sections = _stamps(out / "sections")
    levels = (out / ".levels.json").read_text()
    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("They discussed trade.", "They discussed travel."))

    result = build(small_report, options)

    rewritten = {
        p.relative_to(out) for p, stamp in sections.items() if p.stat().st_mtime_ns != stamp
    }
    # The first section, in English and in its new Spanish translation; no other.
    assert sorted((p.parts[1], p.name[:3]) for p in rewritten) == [("en", "01-"), ("es", "01-")]
    assert (out / ".levels.json").read_text() == levels  # the books kept their level
    report = json.loads((out / "audio-report.json").read_text(encoding="utf-8"))
    assert report["passed"], report
    checked = {Path(f["file"]).name for f in report["files"]}
    assert {"short.en.mp3", "short.es.mp3"} <= checked
    if profile == "acx":  # ACX judges every file it is sent
        assert len(checked) == 8
    assert result.report.languages["en"].narration.clips_synthesized == 1


def test_a_rebuild_without_edits_writes_and_meters_nothing(small_report, espeak_options):
    build(small_report, espeak_options)
    out, cache = espeak_options.out_dir / "short", espeak_options.cache_dir
    outputs = _stamps(out)
    metered = _store_entries(cache, "loudness") | _store_entries(cache, "audio-checks")
    build(small_report, espeak_options)
    # Only the run's own records are written again.
    changed = {p.name for p, stamp in outputs.items() if p.stat().st_mtime_ns != stamp}
    assert changed <= {"build-report.json", "audio-report.json", ".lock"}, changed
    assert _store_entries(cache, "loudness") | _store_entries(cache, "audio-checks") == metered
