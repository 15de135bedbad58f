from pathlib import Path

import pytest

from pipeline.config import BuildOptions
from pipeline.credits import names_in
from pipeline.errors import ConfigError
from pipeline.parsing import load_document
from pipeline.prepare import translate_for_build
from pipeline.store import Store
from pipeline.translate import make_translator
from pipeline.translate.glossary import Glossary, GlossaryEntry, agree_article, load_glossary

# A report's glossary and text of our own (after GAO-21-105014, public domain).
GLOSSARY = """term,translation,note,do_not_translate,gender
Government Accountability Office,Oficina de Rendición de Cuentas del Gobierno,,,f
Customs and Border Protection,Oficina de Aduanas y Protección Fronteriza,,,f
United States,Estados Unidos,,,none
North American Development Bank,Banco de Desarrollo de América del Norte,,,m
cabinet,gabinete,not armario (a false friend),,m
Rio Grande,río Bravo,,,m
"""
REPORT = """# Land Ports of Entry

The Government Accountability Office reviewed how Customs and Border Protection plans its \
projects.

## Findings

The United States and Mexico share the Rio Grande. The North American Development Bank lent \
money to the United States.

The cabinet met with Customs and Border Protection officials in the United States.
"""


def _translated(folder: Path, glossary: str) -> tuple[list[str], list[str], object]:
    (folder / "glossary.es.csv").write_text(glossary, encoding="utf-8")
    source = folder / "ports.md"
    source.write_text(REPORT, encoding="utf-8")
    english = load_document(source)
    options = BuildOptions(use_memory=False, cache_dir=folder / "c")
    result, memory = translate_for_build(english, source, options, Store(folder / "store"))
    assert memory is None
    return [b.text for b in english.blocks], [b.text for b in result.document.blocks], result


def test_without_the_memory_apertium_renders_every_glossary_term(tmp_path):
    english, spanish, result = _translated(tmp_path, GLOSSARY)
    glossary = load_glossary(tmp_path / "glossary.es.csv")
    assert result.glossary_misses == []
    found = 0
    for source, translated in zip(english, spanish, strict=True):
        for _, _, entry in glossary.find(source):
            assert entry.target in translated, (entry.term, translated)
            found += 1
    assert found == 9
    text = " ".join(spanish)
    assert "La Oficina de Rendición de Cuentas del Gobierno" in text  # the article agrees
    assert "el Estados Unidos" not in text and "a Estados Unidos" in text
    # What the glossary saves the report from: Apertium's own renderings.
    (plain_folder := tmp_path / "plain").mkdir()
    _, plain, _ = _translated(plain_folder, "term,translation\n")
    assert "armario" in " ".join(plain) and "armario" not in text


def test_the_glossary_file_is_checked(tmp_path):
    path = tmp_path / "glossary.es.csv"
    path.write_text("term,note\nx,y\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="needs the columns translation"):
        load_glossary(path)
    path.write_text("term,translation\ncabinet,\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"glossary.es.csv:2: 'cabinet' has no translation"):
        load_glossary(path)


def test_no_glossary_file_means_no_terms(tmp_path):
    assert load_glossary(tmp_path / "missing.csv").entries == ()


@pytest.mark.parametrize(
    ("before", "gender", "after"),
    [
        ("con el ", "f", "con la "),
        ("fondos del ", "f", "fondos de la "),
        ("El ", "f", "La "),
        ("entre el ", "none", "entre "),
        ("retransmitido del ", "none", "retransmitido de "),
        ("El ", "none", ""),
        ("de la ", "m", "del "),
        ("una ", "m", "un "),
        ("con la ", "f", "con la "),
        ("muy ", "f", "muy "),
    ],
)
def test_the_article_before_a_protected_term_agrees_with_it(before, gender, after):
    assert agree_article(before, len(before), gender) == (after, len(after))


def test_apertium_output_agrees_with_protected_terms():
    glossary = Glossary(
        (
            GlossaryEntry("U.S.-Mexico Foundation", "Fundación México–Estados Unidos", gender="f"),
            GlossaryEntry("United States", "Estados Unidos", gender="none"),
        )
    )
    [out] = make_translator("apertium", glossary=glossary).translate_blocks(
        ["The U.S.-Mexico Foundation works with the United States."], "en", "es"
    )
    assert out.startswith("La Fundación México–Estados Unidos")
    assert "el Estados Unidos" not in out and "con Estados Unidos" in out


def test_a_bad_gender_is_refused(tmp_path):
    path = tmp_path / "glossary.es.csv"
    path.write_text("term,translation,gender\nx,y,q\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="gender must be f, m, fp, mp or none"):
        load_glossary(path)


def test_the_names_the_credits_say_are_kept_as_they_are():
    names = names_in("Pervaze A. Sheikh, Jane Roe & the Mexico Institute", "the GAO")
    assert names == ("Pervaze A. Sheikh", "Jane Roe", "Mexico Institute", "GAO")
    # "and" is inside many a name; a list of authors is "A, B & C".
    assert names_in("Customs and Border Protection", "") == ("Customs and Border Protection",)
    own = Glossary((GlossaryEntry("GAO", "la GAO"),))
    kept = own.keeping(names)
    assert [e.term for e in kept.entries] == [
        "GAO",
        "Pervaze A. Sheikh",
        "Jane Roe",
        "Mexico Institute",
    ]
    assert kept.entries[0].target == "la GAO"  # the glossary's own word stands
    assert own.keeping(["GAO"]) is own and kept.version != own.version
    spanish = make_translator("apertium", glossary=kept).translate_blocks(
        ["Written by Pervaze A. Sheikh & Jane Roe."], "en", "es"
    )
    assert spanish == ["Escrito por Pervaze A. Sheikh & Jane Roe."]


def test_federal_bodies_come_out_under_the_spanish_names_they_give_themselves(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline.translate import make_translator
    from pipeline.translate.glossary import built_in_glossary, report_glossary

    own = tmp_path / "glossary.es.csv"
    own.write_text("term,translation,gender\nForest Service,Servicio de Bosques,m\n", "utf-8")
    glossary = report_glossary(own)
    assert glossary.find("the Forest Service")[0][2].translation == "Servicio de Bosques"
    assert len(glossary.entries) == len(built_in_glossary().entries)  # the report's own won
    assert report_glossary(tmp_path / "none.csv") == built_in_glossary()

    translator = make_translator("apertium", glossary=built_in_glossary())
    spanish = translator.translate_blocks(
        [
            "The Government Accountability Office said so.",
            "Data from the Census Bureau and the Department of Homeland Security agree.",
            "The Centers for Disease Control and Prevention said so.",
        ],
        "en",
        "es",
    )
    # Before: "La Oficina de Imputabilidad del Gobierno dijo", "la Agencia de Censo", "el
    # Departamento de Seguridad de Patria"; as superblanks, "… dicho" (no subject left).
    assert spanish[0] == "La Oficina de Rendición de Cuentas del Gobierno dijo tan."
    assert "la Oficina del Censo" in spanish[1]
    assert "el Departamento de Seguridad Nacional" in spanish[1]
    assert spanish[2].startswith("Los Centros para el Control y la Prevención de Enfermedades")
