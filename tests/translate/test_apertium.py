from pipeline.model import BlockKind
from pipeline.parsing import parse_markdown
from pipeline.store import Store
from pipeline.translate import make_translator
from pipeline.translate.glossary import Glossary, GlossaryEntry
from pipeline.translate.stage import Origin, translate_document


def test_apertium_translates_a_section_of_blocks_in_order() -> None:
    translator = make_translator("apertium")
    out = translator.translate_blocks(
        ["The house is red.", "Where is the *library*?", "Price: $5 [approx]"], "en", "es"
    )
    assert out[0] == "La casa es roja."
    assert "biblioteca" in out[1] and "*" in out[1]
    assert "$5" in out[2] and "[" in out[2]
    assert translator.version.startswith("apertium-eng-spa ")


def test_no_mark_of_apertium_is_left_in_the_spanish() -> None:
    # The transfer marks what it cannot carry ("\\@1990s-era", escaped by the generator);
    # the source's own "@", "*" and "#" stay.
    out = make_translator("apertium").translate_blocks(
        [
            "Mail info@x.org about *this* #tag: a 1990s-era rule.",
            "Since 2000, use has grown; it was calm in the 1930s.",
        ],
        "en",
        "es",
    )
    assert out[0].startswith("Correo info@x.org sobre *esta* #etiqueta: ")
    assert out[0].count("@") == 1 and "1990s" in out[0]
    assert out[1] == "Desde 2000, el uso ha crecido; era tranquilo en la década de 1930."


def test_glossary_terms_pass_through_apertium_as_the_glossary_says() -> None:
    glossary = Glossary(
        (
            GlossaryEntry("cabinet meeting", "reunión de gabinete"),
            GlossaryEntry("Wilson Center", "", do_not_translate=True),
        )
    )
    plain = make_translator("apertium").translate_blocks(
        ["A cabinet meeting at the Wilson Center."], "en", "es"
    )
    assert "armario" in plain[0] and "Wilson Centro" in plain[0]
    protected = make_translator("apertium", glossary=glossary).translate_blocks(
        ["A cabinet meeting at the Wilson Center."], "en", "es"
    )
    assert "reunión de gabinete" in protected[0] and "Wilson Center" in protected[0]
    assert glossary.misses("A cabinet meeting at the Wilson Center.", protected[0]) == []
    assert [m.term for m in glossary.misses("A cabinet meeting.", plain[0])] == ["cabinet meeting"]


def test_structure_survives_translation(tmp_path) -> None:  # type: ignore[no-untyped-def]
    english = parse_markdown(
        "# The house\n\nThe dog is big.\n\n## Lists\n\n1. One cat.\n2. Two dogs.\n", "d"
    )
    result = translate_document(english, make_translator("apertium"), Store(tmp_path))
    kinds = [(b.kind, b.level, b.ordinal) for b in result.document.blocks]
    assert kinds == [(b.kind, b.level, b.ordinal) for b in english.blocks]
    assert result.document.blocks[0].kind is BlockKind.HEADING
    assert result.document.title == "La casa"
    assert result.count(Origin.MACHINE) == 5
    again = translate_document(english, make_translator("apertium"), Store(tmp_path))
    assert again.count(Origin.MACHINE) == 0 and again.count(Origin.MACHINE_CACHED) == 5
