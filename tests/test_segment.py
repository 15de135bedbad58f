import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.segment import chunk_text, split_sentences
from pipeline.speech.script import _check_nothing_dropped


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


# -- chunk_text: long sentences cut for an engine's limit --------------------------------------

# Words and marks that trouble a sentence splitter: abbreviations, numbered points, ellipses,
# dashes, brackets, and words longer than some limits.
_TOKENS = st.one_of(
    st.sampled_from(
        [
            "the", "committee", "reviewed", "budget", "requests,", "and", "found;", "that",
            "section", "1..", "1.", "2...", "U.S.", "EE.", "UU.", "e.g.", "p.", "ej.", "(a)",
            "—", "–", "etc.", "No.", "Sr.", "said:", "it?", "yes!", "“quoted.”", "a.m.",
            "https://www.gao.gov/products/gao-21-105014", "..", ".", ",", ";",
        ]
    ),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzáéñ.,;:?!()-", min_size=1, max_size=30),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(_TOKENS, min_size=1, max_size=90),
    spaces=st.lists(st.sampled_from([" ", "  ", "\n", " \t"]), min_size=1, max_size=4),
    limit=st.integers(min_value=1, max_value=420),
    language=st.sampled_from(["en", "es"]),
)
def test_chunk_text_loses_nothing_and_keeps_every_piece_under_the_limit(
    words: list[str], spaces: list[str], limit: int, language: str
) -> None:
    text = "".join(word + spaces[i % len(spaces)] for i, word in enumerate(words))
    pieces = chunk_text(text, limit, language)
    assert all(0 < len(piece) <= limit for piece in pieces)
    assert all(piece == piece.strip() for piece in pieces)
    # Not a letter lost, added or moved...
    assert "".join("".join(pieces).split()) == "".join(text.split())
    # ...and cut only between words, unless a word alone is longer than the limit.
    if max(len(word) for word in text.split()) <= limit:
        assert " ".join(pieces) == " ".join(text.split())
    _check_nothing_dropped(" ".join(text.split()), pieces)  # the narration's own check


def test_a_sentence_ending_in_1_dot_dot_is_cut_between_words() -> None:
    # The case: pysbd ends a sentence between the two dots of "1..".
    sentence = " ".join(["every agency reviewed its border programs,"] * 8) + " see section 1.."
    pieces = chunk_text(sentence, 100, "en")
    assert " ".join(pieces) == sentence
    assert pieces[-1].endswith("section 1..")
