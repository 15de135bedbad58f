"""Line-end hyphens: the typesetter's go, the word's own stay."""

from __future__ import annotations

import pytest

from pipeline.importing.dehyphenate import join_lines, keeps_hyphen, vocabulary


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        (
            "rests mainly with the inspec-",
            "tion of cargo",
            "rests mainly with the inspection of cargo",
        ),
        ("the U.S.-", "Mexico border", "the U.S.-Mexico border"),
        ("across the cross-", "border region", "across the cross-border region"),
        ("in the wildland-", "urban interface", "in the wildland-urban interface"),
        ("a state-of-the-", "art facility", "a state-of-the-art facility"),
        ("from 2019-", "2020 onward", "from 2019-2020 onward"),
        ("the COVID-", "19 pandemic", "the COVID-19 pandemic"),
        ("the intelligence-", "sharing relationship", "the intelligence-sharing relationship"),
        ("the moderniz-", "ing of ports,", "the modernizing of ports,"),
        ("ends here", "and goes on", "ends here and goes on"),
        ("a dash -", "then more", "a dash - then more"),
    ],
)
def test_joining_wrapped_lines(first, second, joined):
    assert join_lines(first, second) == joined


def test_the_document_decides_first_how_it_writes_a_word():
    # "subnational" is in no word list; the document writes it whole elsewhere
    words = vocabulary(["federal and subnational levels\nsub-\nnational"])
    assert "subnational" in words
    assert not keeps_hyphen("sub", "national", words)
    written_hyphenated = vocabulary(["co-operation is key"])
    assert keeps_hyphen("co", "operation", written_hyphenated)
