import pytest

from pipeline.segment import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In 2020, 6 former U.S. ambassadors met. The U.S.-Mexico Foundation hosted.",
            ["In 2020, 6 former U.S. ambassadors met.", "The U.S.-Mexico Foundation hosted."],
        ),
        ("Dr. Smith spoke, e.g. on trade. Then Mr. Jones.", None),
        ("It was fine. Was it? Yes!", ["It was fine.", "Was it?", "Yes!"]),
        ("Programs in the US; the Rio Bravo program. Next.", None),
    ],
)
def test_english_sentences(text: str, expected: list[str] | None) -> None:
    found = split_sentences(text, "en")
    if expected is None:
        assert len(found) == 2
    else:
        assert found == expected


def test_spanish_abbreviations_do_not_end_sentences() -> None:
    text = (
        "La Fundación México-EE. UU. reunió a 6 exembajadores de EE. UU. en México. "
        "El Dr. García habló. ¿Qué sigue? Nada."
    )
    assert split_sentences(text, "es") == [
        "La Fundación México-EE. UU. reunió a 6 exembajadores de EE. UU. en México.",
        "El Dr. García habló.",
        "¿Qué sigue?",
        "Nada.",
    ]


def test_an_abbreviation_at_the_very_end_stays_whole() -> None:
    assert split_sentences("They came to the U.S.", "en") == ["They came to the U.S."]


def test_whitespace_is_collapsed_and_empty_text_has_no_sentences() -> None:
    assert split_sentences("  One.\n  Two.  ", "en") == ["One.", "Two."]
    assert split_sentences("   ", "en") == []
