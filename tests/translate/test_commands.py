"""The translation commands as a user meets them: `translate`, `terms`, `status`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from pipeline.translate.headings import lexicon_heading

# Each runs the command line through Apertium: a second or more apiece.
slow = pytest.mark.slow

# The issue's reproduction: a new report, no translation memory.
TRADE_NOTES = (
    "# Trade Notes\n\n## Overview\n\nOfficials met in Washington to discuss trade.\n\n"
    "## Next Steps\n\nLeaders agreed to meet again in March.\n\n"
    "The two countries share a 3,000-mile border.\n"
)


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


@slow
def test_the_issue_reproduction_keeps_headings_and_paragraphs_apart(tmp_path: Path) -> None:
    (tmp_path / "t.md").write_text(TRADE_NOTES, encoding="utf-8")
    done = _pipeline("translate", "t.md", "--no-memory", "--cache-dir", "c", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    mark = " *[traducción automática, pendiente de revisión]*"
    blocks = [b.removesuffix(mark) for b in done.stdout.strip().split("\n\n")]
    assert blocks[1] in ("## Panorama general", "## Resumen", "## Visión general")
    assert blocks[3] == "## Próximos pasos"
    paragraphs = [blocks[2], blocks[4], blocks[5]]
    # Each paragraph opens with its own first word (the article of its own subject),
    # capitalised, and no word of a heading has crossed into it.
    assert [p.split()[0] for p in paragraphs] == ["Los", "Los", "Los"]
    assert paragraphs[0].startswith("Los funcionarios ") and "Washington" in paragraphs[0]
    assert "marzo" in paragraphs[1] and "March" not in paragraphs[1]
    assert "3,000 millas" in paragraphs[2] and "bordede" not in paragraphs[2]
    assert not any(word in " ".join(paragraphs) for word in ("visión", "Pasos", "próximos"))


@slow
def test_background_is_antecedentes_in_a_new_report(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text(
        "# A Report\n\n## Background\n\nThe border is long.\n\n## 2. Key Findings:\n\nIt is.\n",
        encoding="utf-8",
    )
    done = _pipeline("translate", "r.md", "--no-memory", "--cache-dir", "c", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "\n## Antecedentes *[" in done.stdout
    assert "\n## 2. Principales hallazgos *[" in done.stdout


def test_the_heading_lexicon_matches_whole_headings_only() -> None:
    assert lexicon_heading("Background", "en", "es") == "Antecedentes"
    assert lexicon_heading("**Executive Summary**", "en", "es") == "**Resumen ejecutivo**"
    assert lexicon_heading("IV. conclusion.", "en", "es") == "IV. Conclusión"
    assert lexicon_heading("Background on Trade", "en", "es") is None
    assert lexicon_heading("Background", "en", "fr") is None


# After DOT OIG AV2020037 and AV2021020 (public domain).
AVIATION = """\
# Aircraft Certification

## What We Looked At

Following the Lion Air Flight 610 accident, the Federal Aviation Administration (FAA) \
reviewed its certification of the Boeing 737 MAX 8. The FAA relies on the Organization \
Designation Authorization (ODA) program.

FAA's guidance for land border crossings, land border crossings and land border crossings \
is not a real finding; the Wilson Center is in the glossary.
"""


@slow
def test_terms_lists_names_acronyms_and_phrases_the_glossary_lacks(tmp_path: Path) -> None:
    (tmp_path / "aviation.md").write_text(AVIATION, encoding="utf-8")
    (tmp_path / "glossary.es.csv").write_text(
        "term,translation,note,do_not_translate,gender\nWilson Center,,,yes,m\n",
        encoding="utf-8",
    )
    done = _pipeline("terms", "aviation.md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    rows = {}
    for line in done.stdout.splitlines()[2:]:
        count, kind, rest = line.split(maxsplit=2)
        term, rendering = re.split(r"\s{2,}", rest)
        rows[term] = (int(count), kind, rendering)
    assert rows["Lion Air"][:2] == (1, "name")
    assert "Aire" in rows["Lion Air"][2]  # how Apertium renders it today
    assert rows["Organization Designation Authorization (ODA)"][1] == "acronym"
    # A federal body the built-in glossary names ("Administración Federal de Aviación").
    assert not any(term.startswith("Federal Aviation Administration") for term in rows)
    assert rows["land border crossings"][:2] == (3, "phrase")
    assert "Wilson Center" not in done.stdout
    as_csv = _pipeline("terms", "aviation.md", "--csv", cwd=tmp_path)
    assert as_csv.stdout.splitlines()[0] == "term,translation,note,do_not_translate,gender"
    assert any(line.startswith("Lion Air,") for line in as_csv.stdout.splitlines())


@slow
def test_status_names_the_words_left_in_english(tmp_path: Path) -> None:
    source = tmp_path / "gov.md"
    # After CRS R42917 (public domain).
    source.write_text(
        "# Governors\n\nNon-MORENA governors have also opposed some of his policies.\n",
        encoding="utf-8",
    )
    done = _pipeline("po", "update", "gov.md", "--cache-dir", "c", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    entry = polib.pofile(str(tmp_path / "gov.es.po")).find(
        "Non-MORENA governors have also opposed some of his policies."
    )
    assert "Unknown to the engine: opposed" in entry.comment
    status = _pipeline("status", "gov.md", cwd=tmp_path)
    assert status.returncode == 3
    assert "(left in English: opposed)" in status.stdout


@slow
def test_a_block_the_engine_cannot_translate_is_kept_and_named(tmp_path: Path) -> None:
    # U+FFFF stops Apertium's stream short: the block comes back cut, so it is kept in
    # English with the review mark, named on stderr, and the blocks after it are translated.
    (tmp_path / "odd.md").write_text(
        "# Odd\n\nThe dog is big.\n\nThe \uffff house is red.\n\nThe cat is small.\n",
        encoding="utf-8",
    )
    done = _pipeline("translate", "odd.md", "--no-memory", "--cache-dir", "c", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "The \uffff house is red. *[traducción automática" in done.stdout
    assert "El perro es grande." in done.stdout and "El gato es pequeño." in done.stdout
    [warning] = done.stderr.strip().splitlines()
    assert "kept in English" in warning and "house is red." in warning
    assert "section 'Odd'" in warning
