"""Proper names found in English text, for `pipeline terms` and the names experiment."""

from __future__ import annotations

import pytest

from pipeline.translate.names import find_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # After DOT OIG AV2020037 (public domain).
        (
            "Following the Lion Air Flight 610 accident, the Federal Aviation Administration "
            "(FAA) acted.",
            [("Lion Air", ""), ("Federal Aviation Administration", "FAA")],
        ),
        (
            "Implementation of the North American Free Trade Agreement (NAFTA) began.",
            [("North American Free Trade Agreement", "NAFTA")],
        ),
        (
            "The Wilson Center and the U.S.-Mexico Foundation met in Mexico City.",
            [("Wilson Center", ""), ("U.S.-Mexico Foundation", ""), ("Mexico City", "")],
        ),
        ("Department of Homeland Security’s plan", [("Department of Homeland Security", "")]),
        ("The dog is big. Trade grew.", []),
    ],
)
def test_find_names(text: str, names: list[tuple[str, str]]) -> None:
    found = find_names(text)
    assert [(n.text, n.acronym) for n in found] == names
    assert all(text[n.start : n.end] == n.text for n in found)
