"""The memory is a PO file translators' tools take as is: a full header, msgfmt-clean."""

from __future__ import annotations

from pathlib import Path

import polib
from translate.test_splice import _msgfmt_check

from pipeline.translate.memory import TranslationMemory, updated_header

ROOT = Path(__file__).resolve().parents[2]


def test_the_report_memory_passes_msgfmt_check() -> None:
    po = ROOT / "source" / "convocation.es.po"
    _msgfmt_check(po)
    metadata = polib.pofile(str(po)).metadata
    assert metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert {"Language", "PO-Revision-Date", "Last-Translator", "Language-Team"} <= set(metadata)


def test_the_header_moves_its_date_and_fills_what_is_missing() -> None:
    header = (
        "# A translator's note.\n"
        'msgid ""\nmsgstr ""\n'
        '"Language: es\\n"\n'
        '"Last-Translator: Ana <ana@example.org>\\n"\n'
        '"PO-Revision-Date: 2020-01-01 00:00+0000\\n"'
    )
    text = updated_header(header, "es", "doc")
    metadata = polib.pofile(text + "\n").metadata
    assert text.startswith("# A translator's note.\n")
    assert metadata["Last-Translator"] == "Ana <ana@example.org>"
    assert metadata["PO-Revision-Date"] != "2020-01-01 00:00+0000"
    assert metadata["Project-Id-Version"] == "doc"
    assert metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert "POT-Creation-Date" not in metadata  # no template: its date is not ours to make up


def test_a_new_memory_is_msgfmt_clean(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    memory = TranslationMemory.load(po, "es", "doc")
    memory.add_machine("The dog.", "El perro.", "apertium", "Section: A\nBlock: paragraph", None)
    memory.save()
    _msgfmt_check(po)
    assert not po.read_text(encoding="utf-8").startswith("#\n")
