"""An edit in a reviewed block costs one sentence: the rest of the reviewed Spanish stays."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.parsing import parse_markdown
from pipeline.store import Store
from pipeline.translate import make_translator
from pipeline.translate.memory import TranslationMemory
from pipeline.translate.splice import plan_splice, splice
from pipeline.translate.stage import Origin, translate_document

# After GAO/NSIAD-00-25 (public domain); the Spanish is ours.
OLD_EN = (
    "Increased commercial truck traffic has taxed border community infrastructure. "
    "Older crossings were built in downtown areas such as Laredo and El Paso, Texas. "
    "The idling trucks contribute to air pollution and safety concerns in some major "
    "border cities."
)
OLD_ES = (
    "El aumento del tráfico de camiones comerciales ha sobrecargado la infraestructura de "
    "las comunidades fronterizas. Los cruces más antiguos se construyeron en zonas "
    "céntricas, como Laredo y El Paso (Texas). Los camiones con el motor encendido "
    "contribuyen a la contaminación del aire y a los problemas de seguridad en algunas de "
    "las principales ciudades fronterizas."
)
NEW_EN = OLD_EN.replace("downtown areas", "city centers")


def test_one_changed_sentence_is_the_only_one_to_translate() -> None:
    plan = plan_splice(OLD_EN, OLD_ES, NEW_EN)
    assert plan is not None
    assert plan.to_translate == (
        "Older crossings were built in city centers such as Laredo and El Paso, Texas.",
    )
    spliced = splice(plan, ["Los cruces antiguos se construyeron en los centros."])
    old = OLD_ES.split(". ")
    assert spliced == f"{old[0]}. Los cruces antiguos se construyeron en los centros. {old[2]}"


def test_added_and_removed_sentences() -> None:
    added = OLD_EN + " Lines can run for miles."
    plan = plan_splice(OLD_EN, OLD_ES, added)
    assert plan is not None and plan.to_translate == ("Lines can run for miles.",)
    assert splice(plan, ["Las filas llegan a medir millas."]).endswith(
        "ciudades fronterizas. Las filas llegan a medir millas."
    )
    shorter = OLD_EN.split(". ", 1)[1]
    plan = plan_splice(OLD_EN, OLD_ES, shorter)
    assert plan is not None and plan.to_translate == ()
    assert splice(plan, []) == OLD_ES.split(". ", 1)[1]


@pytest.mark.parametrize(
    ("old_es", "new_en"),
    [
        # The reviewed translation joined two sentences into one: they do not line up.
        (OLD_ES.replace("fronterizas. Los cruces", "fronterizas, y los cruces"), NEW_EN),
        # Nothing of the old block survives.
        (OLD_ES, "A different paragraph entirely. With two sentences."),
    ],
)
def test_no_splice_when_the_sentences_do_not_line_up(old_es: str, new_en: str) -> None:
    assert plan_splice(OLD_EN, old_es, new_en) is None


def test_no_splice_across_inline_markup() -> None:
    old_en = "**Trade grew. Jobs followed.** Prices fell."
    old_es = "**El comercio creció. Siguió el empleo.** Bajaron los precios."
    assert plan_splice(old_en, old_es, "**Trade grew. Jobs followed.** Prices rose.") is None


REPORT = f"# Commercial Traffic\n\n## Background\n\n{OLD_EN}\n\nTrade is growing.\n"
REVIEWED = {
    "Commercial Traffic": "Tráfico comercial",
    "Background": "Antecedentes",
    OLD_EN: OLD_ES,
    "Trade is growing.": "El comercio crece.",
}


def _reviewed_memory(path: Path) -> None:
    po = polib.POFile(wrapwidth=78)
    po.metadata = {"Language": "es", "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in REVIEWED.items():
        section = "Commercial Traffic" if msgid == "Commercial Traffic" else "Background"
        kind = "heading (level 2)" if msgid == "Background" else "paragraph"
        if msgid == "Commercial Traffic":
            kind = "heading (level 1)"
        po.append(
            polib.POEntry(msgid=msgid, msgstr=msgstr, comment=f"Section: {section}\nBlock: {kind}")
        )
    po.save(str(path))


def _translate(markdown: str, po: Path, store: Store):  # type: ignore[no-untyped-def]
    memory = TranslationMemory.load(po, "es", "traffic")
    result = translate_document(
        parse_markdown(markdown, "traffic"), make_translator("apertium"), store, memory=memory
    )
    memory.save()
    return result


def test_an_edited_reviewed_paragraph_keeps_its_other_sentences(tmp_path: Path) -> None:
    po = tmp_path / "traffic.es.po"
    _reviewed_memory(po)
    before = po.read_text(encoding="utf-8")
    result = _translate(REPORT.replace(OLD_EN, NEW_EN), po, Store(tmp_path / "store"))

    assert result.count(Origin.REVIEWED) == 3 and result.count(Origin.MACHINE) == 1
    [(_, edited)] = result.unreviewed()
    sentences = edited.block.text.split(". ")
    old = OLD_ES.split(". ")
    assert sentences[0] == old[0] and sentences[2] == old[2]
    assert sentences[1] != old[1] and "Laredo" in sentences[1]
    assert edited.method.startswith("spliced")

    entries = polib.pofile(str(po))
    new = entries.find(NEW_EN)
    assert "fuzzy" in new.flags and new.previous_msgid == OLD_EN
    assert "spliced: 1 edited sentence" in new.comment
    assert [e.msgid for e in entries.obsolete_entries()] == [OLD_EN]
    after = po.read_text(encoding="utf-8")
    for chunk in before.split("\n\n"):
        if OLD_EN.split()[0] not in chunk and 'msgid ""\nmsgstr ""' not in chunk:
            assert chunk.strip() in after  # untouched entries byte for byte
    _msgfmt_check(po)

    # Next run: the fuzzy entry is used as it is; nothing is translated again.
    again = _translate(REPORT.replace(OLD_EN, NEW_EN), po, Store(tmp_path / "store"))
    assert again.count(Origin.UNREVIEWED) == 1 and again.count(Origin.MACHINE) == 0


def test_a_second_edit_before_review_still_keeps_the_reviewed_sentences(tmp_path: Path) -> None:
    # Edited twice, reviewed never in between: the first edit's machine draft is retired
    # unreviewed, and the splice still starts from what the translator approved.
    po, store = tmp_path / "traffic.es.po", Store(tmp_path / "store")
    _reviewed_memory(po)
    first = _translate(REPORT.replace(OLD_EN, NEW_EN), po, store)
    newer = NEW_EN.replace("some major border cities", "several large border cities")
    second = _translate(REPORT.replace(OLD_EN, newer), po, store)

    [(_, drafted)] = first.unreviewed()
    [(_, edited)] = second.unreviewed()
    sentences, old = edited.block.text.split(". "), OLD_ES.split(". ")
    assert sentences[0] == old[0]  # untouched by either edit: the reviewed Spanish
    assert sentences[1] == drafted.block.text.split(". ")[1]  # the first edit's, as it was
    assert sentences[2] != old[2]
    assert edited.method.startswith("spliced: 2 edited sentences")

    entries = polib.pofile(str(po))
    assert [e.msgid for e in entries.fuzzy_entries() if not e.obsolete] == [newer]
    # The translator compares the new English with the version they approved.
    assert entries.find(newer).previous_msgid == OLD_EN
    assert " ".join(entries.find(newer).tcomment.split()) == "Previous translation: " + OLD_ES
    _msgfmt_check(po)


def test_a_block_whose_sentences_do_not_line_up_is_translated_whole(tmp_path: Path) -> None:
    po = tmp_path / "traffic.es.po"
    _reviewed_memory(po)
    merged = OLD_ES.replace("fronterizas. Los cruces", "fronterizas, y los cruces")
    entries = polib.pofile(str(po))
    entries.find(OLD_EN).msgstr = merged
    entries.save(str(po))
    result = _translate(REPORT.replace(OLD_EN, NEW_EN), po, Store(tmp_path / "store"))
    [(_, edited)] = result.unreviewed()
    assert edited.method == "" and edited.origin is Origin.MACHINE
    assert not edited.block.text.startswith("El aumento del tráfico")


def _msgfmt_check(po: Path) -> None:
    assert shutil.which("msgfmt"), "gettext is part of the setup (scripts/setup.sh)"
    done = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr, done.stderr
