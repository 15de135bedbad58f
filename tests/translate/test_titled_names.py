import pytest

from pipeline.translate import make_translator
from pipeline.translate.placeholders import Held, Span, hold, is_placeholder, release
from pipeline.translate.titled_names import find_titled_names


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


def test_held_spans_come_back_where_the_engine_put_their_placeholders() -> None:
    text = "Secretary Rice met Senator Young, and Secretary Rice left."
    spans = [Span(n.start, n.end, Held(n.text)) for n in find_titled_names(text)]
    held, items = hold(text, spans)
    assert list(items.values()) == [Held("Rice"), Held("Young")]  # one each, however often used
    assert "Rice" not in held and "Young" not in held
    placeholders = [w.strip(",.") for w in held.split() if is_placeholder(w.strip(",."))]
    assert len(placeholders) == 3 and len(set(placeholders)) == 2
    reordered = f"{placeholders[1]} y {placeholders[0]}"
    assert release(reordered, items) == "Young y Rice"
    assert release("Nada que devolver.", {}) == "Nada que devolver."


def test_a_released_term_makes_the_article_before_it_agree() -> None:
    held, items = hold(
        "The Forest Service and the CDC.",
        [Span(4, 18, Held("Servicio Forestal", "m")), Span(27, 30, Held("CDC"))],
    )
    first, second = (w.strip(".") for w in held.split() if is_placeholder(w.strip(".")))
    assert release(f"La {first} y el {second}.", items) == "El Servicio Forestal y el CDC."
    plural = {"Zzna": Held("Centros para el Control y la Prevención de Enfermedades", "mp")}
    assert release("El Zzna dijo.", plural).startswith("Los Centros para el Control")


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


def test_a_held_name_keeps_its_possessive() -> None:
    from pipeline.translate.glossary import built_in_glossary

    translator = make_translator("apertium", glossary=built_in_glossary())
    spanish = translator.translate_blocks(
        ["President Biden's plan passed.", "The Forest Service's budget grew."], "en", "es"
    )
    # An unknown placeholder lost the "'s": "El presidente Biden el plan pasó".
    assert spanish == [
        "El plan del presidente Biden pasó.",
        "El presupuesto del Servicio Forestal creció.",
    ]
    # A known name in the text itself is never used as a placeholder.
    held, words = hold("Zelda met Senator Young's aide.", [Span(18, 23, Held("Young"))])
    assert held.startswith("Zelda met Senator ") and "Young" not in held
    assert release(held, words) == "Zelda met Senator Young's aide."
