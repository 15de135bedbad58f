from pathlib import Path

import pytest

from pipeline.config import BuildOptions
from pipeline.errors import ConfigError
from pipeline.parsing import load_document
from pipeline.prepare import translate_for_build
from pipeline.store import Store
from pipeline.translate import make_translator
from pipeline.translate.glossary import Glossary, GlossaryEntry, agree_article, load_glossary

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "source" / "convocation.md"


def test_without_the_memory_apertium_renders_every_glossary_term_of_the_report(tmp_path):
    glossary = load_glossary(ROOT / "source" / "glossary.es.csv")
    english = load_document(REPORT)
    options = BuildOptions(use_memory=False, cache_dir=tmp_path)
    result, memory = translate_for_build(english, REPORT, options, Store(tmp_path / "store"))
    assert memory is None
    assert result.glossary_misses == []
    found = 0
    for source, translated in zip(english.blocks, result.document.blocks, strict=True):
        for _, _, entry in glossary.find(source.text):
            assert entry.target in translated.text, (entry.term, translated.text)
            found += 1
    assert found >= 20
    spanish = " ".join(b.text for b in result.document.blocks)
    for mangled in ("Wilson Centro", "armario", "cruz-colaboración"):
        assert mangled not in spanish


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
    with pytest.raises(ConfigError, match="gender must be f, m or none"):
        load_glossary(path)
