"""``pipeline import`` as a user meets it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from importing.data_files import DATA, SEED


def _pipeline(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=cwd,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_import_writes_the_source_and_prints_what_was_kept_and_dropped(tmp_path):
    run = _pipeline("import", str(SEED), "--name", "seedcheck", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "source" / "seedcheck.md").is_file()
    out = run.stdout
    assert "→ source/seedcheck.md" in out
    assert "kept: 2 sections, 13 blocks (2 headings, 5 paragraphs, 6 list items)" in out
    assert "1. Convocation: A Vision for a Stronger U.S.-Mexico Partnership" in out
    assert "lines of page chrome" in out and "lines after the text" in out
    assert out.rstrip().endswith("check source/seedcheck.md before building.")


def test_the_report_as_json(tmp_path):
    run = _pipeline(
        "import", str(DATA / "ports-of-entry.html"), "--source-dir", "in", "--json", cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["target"] == "in/ports-of-entry.md"
    assert report["blocks"]["tables"] == 1
    assert report["dropped"]["embedded posts"] == 1


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [
        ("encrypted_pdf", "the PDF is encrypted"),
        ("image_pdf", "this PDF has no text layer"),
        ("corrupt_docx", "damaged Word file"),
        ("no_article", "no article text found in this web page"),
        ("png", "a PNG image, not a format this imports"),
        ("junk", "binary data of an unknown type"),
        ("empty", "the file is empty"),
        ("absent", "no such file"),
    ],
)
def test_bad_input_is_one_line_naming_file_and_reason_exit_1_and_nothing_written(
    request, tmp_path, fixture, reason
):
    paths = {
        "no_article": DATA / "no-article.html",
        "png": tmp_path / "chart.png",
        "junk": tmp_path / "junk.bin",
        "empty": tmp_path / "empty.txt",
        "absent": tmp_path / "absent.docx",
    }
    (tmp_path / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "empty.txt").touch()
    path = paths.get(fixture) or request.getfixturevalue(fixture)
    run = _pipeline("import", str(path), cwd=tmp_path)
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert run.stderr.startswith(f"error: {path}: ")
    assert reason in run.stderr
    assert not (tmp_path / "source").exists()


def test_an_existing_source_is_replaced_only_with_force_and_its_memory_never(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "water.md").write_text("# Edited by hand\n\nKeep me.\n", encoding="utf-8")
    memory = (
        b'msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "Keep me."\nmsgstr "Gu\xc3\xa1rdame."\n'
    )
    (source / "water.es.po").write_bytes(memory)
    page = str(DATA / "saved-page-water.txt")

    refused = _pipeline("import", page, "--name", "water", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr == "error: source/water.md exists already: use --force to replace it\n"
    assert (source / "water.md").read_text(encoding="utf-8") == "# Edited by hand\n\nKeep me.\n"

    forced = _pipeline("import", page, "--name", "water", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert (source / "water.md").read_text(encoding="utf-8").startswith("# Drinking Water")
    assert (source / "water.es.po").read_bytes() == memory
    assert sorted(p.name for p in source.iterdir()) == ["water.es.po", "water.md"]


def test_a_name_that_is_not_a_file_name_is_a_usage_error(tmp_path):
    run = _pipeline("import", str(SEED), "--name", "../escape", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.startswith("error: --name '../escape': use letters, digits")
    assert not (tmp_path / "source").exists()
