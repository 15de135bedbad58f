"""Cache care and publishing gates, through the real command line."""

from functools import partial
from pathlib import Path

import pytest
from command_line import pipeline

pytestmark = pytest.mark.slow  # builds


def test_gc_removes_only_what_no_source_uses_and_clean_removes_outputs(small_report, tmp_path):
    run = partial(pipeline, cwd=tmp_path)
    common = ["--tts", "espeak", "--lang", "en", "--cache-dir", str(tmp_path / "c")]
    out = ["--out", str(tmp_path / "out")]
    assert run("build", str(small_report), *common, *out).returncode == 0
    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("They discussed trade.", "They discussed travel."))
    assert run("build", str(small_report), *common, *out).returncode == 0

    dry = run("cache", "gc", str(small_report), *common, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    listed = [line for line in dry.stdout.splitlines() if line.startswith("would remove ")]
    # The old sentence's clip and the old section audio of that chapter.
    assert len(listed) == 2 and all(Path(line.split()[-1]).exists() for line in listed)

    assert run("cache", "gc", str(small_report), *common).returncode == 0
    assert not any(Path(line.split()[-1]).exists() for line in listed)
    again = run("build", str(small_report), *common, *out)
    assert again.returncode == 0 and "0 clips synthesized" in again.stdout

    stats = run("cache", "stats", "--cache-dir", str(tmp_path / "c"))
    assert "clips" in stats.stdout and "entries" in stats.stdout
    cleaned = run("clean", str(small_report), *out)
    assert cleaned.returncode == 0 and not (tmp_path / "out" / "short").exists()


def test_require_reviewed_refuses_to_narrate_machine_translations(small_report, tmp_path):
    run = partial(pipeline, cwd=tmp_path)
    done = run(
        "build",
        str(small_report),
        "--tts",
        "espeak",
        "--require-reviewed",
        "--out",
        str(tmp_path / "out"),
        "--cache-dir",
        str(tmp_path / "c"),
    )
    assert done.returncode == 3
    assert done.stderr.strip().startswith("error: 8 Spanish blocks are not reviewed")
    assert (tmp_path / "out" / "short" / "short.es.md").exists()
    assert not list((tmp_path / "out").rglob("*.mp3"))
