"""The memory is a PO file translators' tools take as is: a full header, msgfmt-clean."""

from __future__ import annotations

from pathlib import Path

import polib
from translate.test_splice import _msgfmt_check

from pipeline.translate.memory import TranslationMemory, updated_header


def test_a_memory_through_a_review_and_an_edit_passes_msgfmt_check(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    memory = TranslationMemory.load(po, "es", "doc")
    memory.add_machine("The dog is big.", "El perro es grande.", "apertium", "Section: A", None)
    memory.add_machine(
        "The cat is small.", "El gato es pequeño.", "apertium", "Section: A", "The dog is big."
    )
    memory.save()
    reviewed = polib.pofile(str(po))
    for entry in reviewed:
        entry.flags.remove("fuzzy")
    reviewed.save()
    # The English changes: the old entry is retired and offered as the new one's previous.
    memory = TranslationMemory.load(po, "es", "doc")
    memory.retire_unused({"The cat is small."})
    memory.add_machine(
        "The dog is very big.", "El perro es muy grande.", "apertium", "Section: A", None
    )
    memory.save()
    _msgfmt_check(po)
    text = po.read_text(encoding="utf-8")
    assert '#| msgid "The dog is big."' in text and '#~ msgid "The dog is big."' in text
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
