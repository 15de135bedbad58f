import re
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reviewing import review_every_block

from pipeline.errors import TranslationMemoryError
from pipeline.parsing import parse_markdown
from pipeline.store import Store
from pipeline.translate import make_translator
from pipeline.translate.memory import TranslationMemory
from pipeline.translate.stage import Origin, translate_document

# The second paragraph is long: previous versions must be found in paragraph-long text too.
LONG = (
    "The dog is big, and it has been big for as long as anyone in the village can remember, "
    "which is a long time, because the village is old and its people are older still."
)
ENGLISH = f"# The house\n\nThe dog is big.\n\nThe cat is small.\n\n{LONG}\n"


def _translate(tmp_path: Path, markdown: str, po: Path):  # type: ignore[no-untyped-def]
    memory = TranslationMemory.load(po, "es", "doc")
    result = translate_document(
        parse_markdown(markdown, "doc"),
        make_translator("apertium"),
        Store(tmp_path / "store"),
        memory=memory,
    )
    memory.save()
    return result, memory


def test_misses_are_machine_translated_and_added_fuzzy(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    result, memory = _translate(tmp_path, ENGLISH, po)
    assert result.count(Origin.MACHINE) == 4
    entries = polib.pofile(str(po))
    assert len(entries) == 4 and all("fuzzy" in e.flags for e in entries)
    assert "Machine translation: apertium" in entries[1].comment
    assert "Section: The house" in entries[1].comment
    assert memory.stats()["fuzzy"] == 4


def test_reviewed_entries_are_used_as_they_are(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    _translate(tmp_path, ENGLISH, po)
    entries = polib.pofile(str(po))
    entries.find("The dog is big.").msgstr = "El perro es grande, de verdad."
    entries.save(str(po))
    review_every_block(po)
    result, _ = _translate(tmp_path, ENGLISH, po)
    assert result.count(Origin.REVIEWED) == 4
    assert result.document.blocks[1].text == "El perro es grande, de verdad."


def test_an_edited_block_obsoletes_its_entry_and_offers_the_old_translation(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    _translate(tmp_path, ENGLISH, po)
    review_every_block(po)
    before = po.read_text(encoding="utf-8")
    edited = ENGLISH.replace("The dog is big.", "The dog is very big.")
    result, memory = _translate(tmp_path, edited, po)
    assert result.count(Origin.MACHINE) == 1 and result.count(Origin.REVIEWED) == 3
    entries = polib.pofile(str(po))
    new = entries.find("The dog is very big.")
    assert "fuzzy" in new.flags
    assert new.previous_msgid == "The dog is big."
    assert "Previous translation: El perro es grande." in new.tcomment
    assert [e.msgid for e in entries.obsolete_entries()] == ["The dog is big."]
    # Every untouched entry is byte-identical (the header's revision date moves on).
    after = po.read_text(encoding="utf-8")
    for chunk in before.split("\n\n"):
        if "The dog is big." not in chunk and 'msgid ""\nmsgstr ""' not in chunk:
            assert chunk.strip() in after
    assert memory.changes.obsoleted == ["The dog is big."]


def test_a_long_edited_paragraph_offers_its_previous_version(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    _translate(tmp_path, ENGLISH, po)
    review_every_block(po)
    edited = ENGLISH.replace("which is a long time", "which is a very long time indeed")
    _translate(tmp_path, edited, po)
    new = polib.pofile(str(po)).find(
        LONG.replace("which is a long time", "which is a very long time indeed")
    )
    assert new.previous_msgid == LONG
    assert new.tcomment.startswith("Previous translation: ")


def _translate_through(po: Path, store: Store, english, translator, glossary=None):  # type: ignore[no-untyped-def]
    """Translate ``english`` with the memory at ``po``, as a build does, and save it."""
    memory = TranslationMemory.load(po, "es", "doc")
    result = translate_document(english, translator, store, memory=memory, glossary=glossary)
    memory.save()
    return result


def _as_written_before_marks(po: Path, msgid: str) -> None:
    """Take the draft mark out of an entry's comment, as builds before the marks wrote it."""
    entries = polib.pofile(str(po))
    draft = entries.find(msgid)
    draft.comment = re.sub(r",\s*draft \w+", "", draft.comment)
    entries.save(str(po))


def test_a_newer_engine_redoes_only_the_drafts_nobody_has_touched(tmp_path: Path) -> None:
    po, store = tmp_path / "doc.es.po", Store(tmp_path / "store")
    english = parse_markdown(
        "# The plan\n\nThe dog is big.\n\nThe cat is small.\n\nThe bird is red.\n", "doc"
    )

    older = make_translator("apertium", rewrites=False)  # another version of the engine
    _translate_through(po, store, english, older)
    entries = polib.pofile(str(po))
    entries.find("The cat is small.").msgstr = "El gato es pequeñito."  # edited, still a draft
    entries.find("The bird is red.").flags.remove("fuzzy")  # reviewed
    entries.save(str(po))

    newer = make_translator("apertium")
    assert newer.version != older.version
    result = _translate_through(po, store, english, newer)
    entries = polib.pofile(str(po))
    dog = entries.find("The dog is big.")
    assert dog.flags == ["fuzzy"] and f"({newer.version})" in " ".join(dog.comment.split())
    assert dog.msgstr == newer.translate_blocks(["The dog is big."], "en", "es")[0]
    assert entries.find("The cat is small.").msgstr == "El gato es pequeñito."
    assert f"({older.version})" in " ".join(entries.find("The cat is small.").comment.split())
    assert entries.find("The bird is red.").flags == []
    origins = {b.source.text: b.origin for section in result.sections for b in section}
    assert origins["The dog is big."] is Origin.MACHINE
    assert origins["The cat is small."] is Origin.UNREVIEWED
    assert origins["The bird is red."] is Origin.REVIEWED
    # The same engine again changes nothing.
    before = po.read_bytes()
    _translate_through(po, store, english, newer)
    assert po.read_bytes() == before


def test_a_newer_engine_redoes_an_untouched_draft_even_after_the_glossary_changed(
    tmp_path: Path,
) -> None:
    from pipeline.translate.glossary import Glossary, GlossaryEntry

    po, store = tmp_path / "doc.es.po", Store(tmp_path / "store")
    english = parse_markdown("# The plan\n\nThe Forest Service said so.\n", "doc")

    _translate_through(po, store, english, make_translator("apertium", rewrites=False), Glossary())
    draft = polib.pofile(str(po)).find("The Forest Service said so.")
    assert "draft " in draft.comment  # its mark: what the engine wrote, as a digest
    # A glossary entry added since: the old answer is no longer in the store under the new
    # glossary's key, but the draft's mark still shows nobody touched it.
    glossary = Glossary((GlossaryEntry("Forest Service", "Servicio Forestal", gender="m"),))
    newer = make_translator("apertium", glossary=glossary)
    _translate_through(po, store, english, newer, glossary)
    redone = polib.pofile(str(po)).find("The Forest Service said so.")
    assert redone.msgstr.startswith("El Servicio Forestal")
    assert f"({newer.version})" in " ".join(redone.comment.split())


def test_a_draft_written_before_marks_is_redone_from_the_stores_answer(tmp_path: Path) -> None:
    po, store = tmp_path / "doc.es.po", Store(tmp_path / "store")
    english = parse_markdown("# The plan\n\nThe dog is big.\n", "doc")

    _translate_through(po, store, english, make_translator("apertium", rewrites=False))
    _as_written_before_marks(po, "The dog is big.")
    newer = make_translator("apertium")
    _translate_through(po, store, english, newer)
    redone = polib.pofile(str(po)).find("The dog is big.")
    assert f"({newer.version})" in " ".join(redone.comment.split())


def test_a_draft_written_before_marks_is_redone_under_the_built_in_glossary(
    tmp_path: Path,
) -> None:
    from pipeline.translate.glossary import Glossary, built_in_glossary

    po, store = tmp_path / "doc.es.po", Store(tmp_path / "store")
    english = parse_markdown("# The plan\n\nThe Census Bureau counts.\n", "doc")

    _translate_through(
        po, store, english, make_translator("apertium", rewrites=False), Glossary()
    )  # before the built-in
    _as_written_before_marks(po, "The Census Bureau counts.")
    glossary = built_in_glossary()
    _translate_through(po, store, english, make_translator("apertium", glossary=glossary), glossary)
    redone = polib.pofile(str(po)).find("The Census Bureau counts.")
    assert "Oficina del Censo" in redone.msgstr


def test_a_rerun_with_no_edit_does_not_touch_the_file(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    _translate(tmp_path, ENGLISH, po)
    before = po.read_bytes()
    mtime = po.stat().st_mtime_ns
    _translate(tmp_path, ENGLISH, po)
    assert po.read_bytes() == before and po.stat().st_mtime_ns == mtime


def test_a_hand_formatted_entry_is_never_reformatted(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    header = 'msgid ""\nmsgstr ""\n"Language: es\\n"\n'
    entry = "\n".join(
        [
            "# translator: keep this wording",
            'msgid "The dog is big."',
            'msgstr ""',
            '"El perro "',
            '"es grande."',
        ]
    )
    po.write_text(f"{header}\n{entry}\n", encoding="utf-8")
    _translate(tmp_path, ENGLISH, po)
    text = po.read_text(encoding="utf-8")
    assert entry in text and "The cat is small." in text


def test_a_block_that_comes_back_revives_its_reviewed_entry(tmp_path: Path) -> None:
    po = tmp_path / "doc.es.po"
    _translate(tmp_path, ENGLISH, po)
    review_every_block(po)
    _translate(tmp_path, ENGLISH.replace("The cat is small.\n", ""), po)
    result, _ = _translate(tmp_path, ENGLISH, po)
    assert result.count(Origin.REVIEWED) == 4


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('msgid "a"\nmsgstr "b\nmsgid\n', r"doc\.es\.po:\d+: syntax error"),
        ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n', "Language: fr"),
        (
            'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
            r"doc\.es\.po:4: duplicate entry for 'a'",
        ),
    ],
)
def test_bad_po_files_are_refused_and_left_alone(tmp_path: Path, text: str, message: str) -> None:
    po = tmp_path / "doc.es.po"
    po.write_text(text, encoding="utf-8")
    with pytest.raises(TranslationMemoryError, match=message):
        TranslationMemory.load(po, "es")
    assert po.read_text(encoding="utf-8") == text


# -- round trip: what is read is written back byte for byte -----------------------------------

# Block text as reports and translators write it: quotes, backslashes, accents, long lines
# that PO tools wrap, and the odd tab or line break a hand edit leaves.
_BLOCK_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list('"\\\t\n #|~:,.()–—¿¡')),
        st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x24F),
    ),
    min_size=1,
    max_size=160,
).filter(lambda text: text.strip() == text and text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    blocks=st.lists(
        st.tuples(_BLOCK_TEXT, _BLOCK_TEXT), min_size=1, max_size=8, unique_by=lambda b: b[0]
    ),
    retired=st.integers(min_value=0, max_value=3),
    reviewed=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_a_memory_read_and_written_back_is_byte_identical(blocks, retired, reviewed) -> None:
    with tempfile.TemporaryDirectory() as folder:
        po = Path(folder) / "doc.es.po"
        memory = TranslationMemory.load(po, "es", "doc")
        after = None
        for msgid, msgstr in blocks:
            memory.add_machine(msgid, msgstr, "apertium", "Section: A\nBlock: paragraph", after)
            after = msgid
        memory.retire_unused({msgid for msgid, _ in blocks[retired:]})
        memory.save()
        # A translator reviews some entries in another PO tool, which rewrites the file.
        edited = polib.pofile(str(po), wrapwidth=78)
        for entry, done in zip(edited, reviewed, strict=False):
            if done and "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        edited.save(str(po))
        for _ in range(2):  # from the other tool's file, then from our own
            text = po.read_bytes()
            again = TranslationMemory.load(po, "es", "doc")
            assert again.render().encode("utf-8") == text
            again.save()  # nothing changed: the file is not even rewritten
            assert po.read_bytes() == text
            assert {e.msgid: e.msgstr for e in again.entries() if not e.obsolete} == {
                msgid: msgstr for msgid, msgstr in blocks[retired:]
            }
