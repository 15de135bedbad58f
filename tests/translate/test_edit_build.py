"""Whole builds (espeak-ng, Apertium): a one-sentence edit of a reviewed paragraph costs one
English and one Spanish clip, and the memory stays a PO file msgfmt takes as it is."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest
from translate.test_splice import NEW_EN, OLD_EN, OLD_ES, _msgfmt_check

from pipeline.build import build
from pipeline.editions import UNREVIEWED_MARKERS
from pipeline.segment import split_sentences
from pipeline.translate.memory import NO_TRANSLATOR

# After GAO/NSIAD-00-25 (public domain); the Spanish in REVIEWED_PO is ours.
REPORT = f"""\
# Commercial Traffic at the Southwest Border

## Background

{OLD_EN}

## Findings

Congestion at the U.S.-Mexico border is primarily caused by the high volume of vehicles at \
ports of entry. Other ports have enacted special teams to coordinate the inspection process.
"""

REVIEWED_PO = f'''\
msgid ""
msgstr ""
"Project-Id-Version: traffic\\n"
"PO-Revision-Date: 2024-05-02 10:00+0000\\n"
"Last-Translator: A. Translator <translator@example.org>\\n"
"Language-Team: Spanish (Latin America)\\n"
"Language: es\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#. Section: Commercial Traffic at the Southwest Border
#. Block: heading (level 1)
msgid "Commercial Traffic at the Southwest Border"
msgstr "Tráfico comercial en la frontera suroeste"

#. Section: Background
#. Block: heading (level 2)
msgid "Background"
msgstr "Antecedentes"

#. Section: Background
#. Block: paragraph
msgid "{OLD_EN}"
msgstr "{OLD_ES}"

#. Section: Findings
#. Block: heading (level 2)
msgid "Findings"
msgstr "Hallazgos"

#. Section: Findings
#. Block: paragraph
msgid ""
"Congestion at the U.S.-Mexico border is primarily caused by the high volume "
"of vehicles at ports of entry. Other ports have enacted special teams to "
"coordinate the inspection process."
msgstr ""
"La congestión en la frontera entre Estados Unidos y México se debe "
"principalmente al gran volumen de vehículos en los puertos de entrada. Otros "
"puertos han creado equipos especiales para coordinar el proceso de inspección."
'''


def _clips(out: Path) -> dict[str, int]:
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    return {lang: v["clips_synthesized"] for lang, v in report["languages"].items()}


@pytest.mark.slow
def test_a_one_sentence_edit_costs_one_clip_per_language(tmp_path, espeak_options):  # type: ignore[no-untyped-def]
    source = tmp_path / "source" / "traffic.md"
    source.parent.mkdir()
    source.write_text(REPORT, encoding="utf-8")
    po = source.with_name("traffic.es.po")
    po.write_text(REVIEWED_PO, encoding="utf-8")
    _msgfmt_check(po)
    out = espeak_options.out_dir / "traffic"

    build(source, espeak_options)
    assert po.read_text(encoding="utf-8") == REVIEWED_PO  # all reviewed: untouched
    edition = (out / "traffic.es.md").read_text(encoding="utf-8")

    source.write_text(REPORT.replace(OLD_EN, NEW_EN), encoding="utf-8")
    result = build(source, espeak_options)
    assert _clips(out) == {"en": 1, "es": 1}

    # The edition differs in that sentence (and the block's review mark) only.
    changed = (out / "traffic.es.md").read_text(encoding="utf-8")
    lines = [
        (a, b) for a, b in zip(edition.splitlines(), changed.splitlines(), strict=True) if a != b
    ]
    [(old_line, new_line)] = lines
    assert new_line.endswith(UNREVIEWED_MARKERS["es"])
    old_sentences = split_sentences(old_line, "es")
    new_sentences = split_sentences(new_line.removesuffix(UNREVIEWED_MARKERS["es"]), "es")
    assert [a == b for a, b in zip(old_sentences, new_sentences, strict=True)] == [
        True,
        False,
        True,
    ]
    assert result.report.to_dict()["languages"]["es"]["translation"]["blocks_spliced"] == 1

    # The memory: one new fuzzy entry offering the old English, one obsolete entry.
    entries = polib.pofile(str(po))
    assert [e.msgid for e in entries.fuzzy_entries()] == [NEW_EN]
    assert entries.find(NEW_EN).previous_msgid == OLD_EN
    assert [e.msgid for e in entries.obsolete_entries()] == [OLD_EN]
    assert entries.metadata["Last-Translator"] == "A. Translator <translator@example.org>"
    assert entries.metadata["PO-Revision-Date"] != "2024-05-02 10:00+0000"
    _msgfmt_check(po)

    # Another sentence of it edited in a later build, still before any review: one clip a
    # language again, and the untouched sentences keep the translator's Spanish (the
    # reviewed entry, retired a build ago, is read back without its section note).
    newer = NEW_EN.replace("some major border cities", "several large border cities")
    source.write_text(REPORT.replace(OLD_EN, newer), encoding="utf-8")
    build(source, espeak_options)
    assert _clips(out) == {"en": 1, "es": 1}
    again = (out / "traffic.es.md").read_text(encoding="utf-8")
    [newer_line] = [
        b for a, b in zip(changed.splitlines(), again.splitlines(), strict=True) if a != b
    ]
    newer_sentences = split_sentences(newer_line.removesuffix(UNREVIEWED_MARKERS["es"]), "es")
    assert newer_sentences[:2] == new_sentences[:2] and newer_sentences[2] != new_sentences[2]
    assert newer_sentences[0] == old_sentences[0]
    assert polib.pofile(str(po)).find(newer).previous_msgid == OLD_EN


@pytest.mark.slow
def test_a_new_report_gets_a_full_po_header(small_report, espeak_options):  # type: ignore[no-untyped-def]
    result = build(small_report, espeak_options)
    po = small_report.with_name("short.es.po")
    entries = polib.pofile(str(po))
    for field in (
        "Project-Id-Version",
        "PO-Revision-Date",
        "Last-Translator",
        "Language-Team",
        "Language",
        "Content-Type",
        "Plural-Forms",
    ):
        assert entries.metadata.get(field), field
    assert entries.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert entries.metadata["Last-Translator"] == NO_TRANSLATOR
    _msgfmt_check(po)
    spanish = result.report.to_dict()["languages"]["es"]["translation"]
    assert spanish["blocks_from_heading_lexicon"] >= 1  # "Findings", "About Us"
    assert spanish["blocks_failed"] == []
