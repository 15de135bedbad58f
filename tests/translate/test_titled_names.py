import pytest

from pipeline.translate import make_translator
from pipeline.translate.titled_names import (
    find_titled_names,
    hold_names,
    is_held,
    release_names,
)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("President Bush and Secretary Rice met Senator Young.", ["Bush", "Rice", "Young"]),
        ("Dr. Smith, Ms. Baker and Mr. Cook testified.", ["Smith", "Baker", "Cook"]),
        ("Professor Rose King and Sen. John F. Kennedy agreed.", ["Rose King", "John F. Kennedy"]),
        ("Vice President Harris met Minority Leader McConnell.", ["Harris", "McConnell"]),
        ("President Andrés Manuel López Obrador spoke.", ["Andrés Manuel López Obrador"]),
        ("Commissioner Ursula von der Leyen spoke.", ["Ursula von der Leyen"]),
        # The name stops before a word that names an institution, a date or a role.
        ("the President Biden Administration", ["Biden"]),
        ("Judge Rotenberg Center staff", ["Rotenberg"]),
        ("Senator Young in March", ["Young"]),
        # No name at all.
        ("The Justice Department and the General Assembly.", []),
        ("The President said so; the Secretary of State agreed.", []),
        ("Chair of the board", []),
        ("Dr. J. was there", []),
    ],
)
def test_the_names_after_a_title_are_found_without_their_titles(text, names) -> None:  # type: ignore[no-untyped-def]
    spans = find_titled_names(text)
    assert [s.text for s in spans] == names
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_held_names_come_back_where_the_engine_put_their_placeholders() -> None:
    text = "Secretary Rice met Senator Young, and Secretary Rice left."
    held, names = hold_names(text, find_titled_names(text))
    assert names == ("Rice", "Young")  # one placeholder per name, however often it is used
    assert "Rice" not in held and "Young" not in held
    placeholders = [w.strip(",.") for w in held.split() if is_held(w.strip(",."))]
    assert len(placeholders) == 3 and len(set(placeholders)) == 2
    reordered = f"{placeholders[1]} y {placeholders[0]}"
    assert release_names(reordered, names) == "Young y Rice"
    assert release_names("Nada que devolver.", ()) == "Nada que devolver."


def test_apertium_keeps_surnames_that_are_english_words_after_a_title() -> None:
    translator = make_translator("apertium")
    out = translator.translate_detailed(
        [
            "President Bush and Secretary Rice met with Senator Young in March.",
            "Dr. Smith and Ms. Baker testified; Governor Brown did not.",
            "According to Chairman Price, Judge Wood agreed.",
        ],
        "en",
        "es",
    )
    spanish = [t.text for t in out]
    # Before: "Arbusto de presidente y Arroz del secretario", "Dr. Herrero", "Señora
    # Panadero", "Precio de Presidente", "Madera de Juez".
    assert spanish[0].startswith("El presidente Bush y el secretario Rice")
    assert "el senador Young" in spanish[0] and "marzo" in spanish[0]
    assert "Dr. Smith" in spanish[1] and "Baker" in spanish[1] and "Brown" in spanish[1]
    assert "Price" in spanish[2] and "Wood" in spanish[2]
    for word in ("Arbusto", "Arroz", "Herrero", "Panadero", "Precio", "Madera", "Zzn"):
        assert all(word not in s for s in spanish)
    # The names are names: none is listed as English left untranslated.
    assert all(t.unknown == () for t in out)


def test_titled_names_can_be_turned_off_and_change_the_engines_version() -> None:
    on = make_translator("apertium")
    off = make_translator("apertium", titled_names=False)
    assert on.version != off.version  # machine drafts made either way are told apart
    assert "Herrero" in off.translate_blocks(["Dr. Smith agreed."], "en", "es")[0]
