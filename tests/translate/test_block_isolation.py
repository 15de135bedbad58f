"""Apertium takes a whole section in one process, yet each block comes out as it would alone.

A property test over generated documents: no word, capital or space crosses a block
boundary, and no block comes back empty. The English sentences are from U.S. government
publications (public domain): GAO/NSIAD-00-25 (GAO's product page), GAO-19-534 Highlights,
CRS RL32724 (2010) and R42917 (2016); the rest are made-up edge cases of inline Markdown,
Apertium's stream format and abbreviations at a block's end.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.parsing import parse_markdown
from pipeline.translate import make_translator
from pipeline.translate.glossary import Glossary, GlossaryEntry
from pipeline.translate.machine import MachineTranslation

GLOSSARY = Glossary(
    (
        GlossaryEntry("United States", "Estados Unidos", gender="none"),
        GlossaryEntry("Wilson Center", "", do_not_translate=True, gender="m"),
        GlossaryEntry("rule of law", "Estado de derecho", gender="m"),
    )
)

HEADINGS = [
    "Overview",
    "Next Steps",
    "Background",
    "Border Wait Times",
    "Trade and Security",
    "Lion Air Flight 610",
    "U.S.-Mexico Trade",
    "1. Introduction",
    "What did GAO find?",
]
PARAGRAPHS = [
    "Officials met in Washington to discuss trade.",
    "Leaders agreed to meet again in March.",
    "The two countries share a 3,000-mile border.",
    "Other ports have enacted special teams and operations composed of officers from the "
    "various federal agencies to coordinate the inspection process and avoid duplication of "
    "efforts.",
    "This effort should include establishing goals for both queue waiting times and "
    "commercial vehicle processing within ports of entry for the southwest border.",
    "The Department of Homeland Security’s (DHS) U.S. Customs and Border Protection (CBP) "
    "reported infrastructure constraints at land border crossings including limited "
    "inspection capacity, technology challenges, and security limitations.",
    "Peña Nieto enacted structural reforms during his first year in office but has struggled "
    "to address human rights abuses, corruption, and impunity.",
    "Those issues figured prominently during a January 2015 bilateral meeting between the "
    "presidents.",
    "The United States and Mexico have a close and complex bilateral relationship, with "
    "extensive economic linkages as neighbors and partners under the North American Free "
    "Trade Agreement (NAFTA).",
    "In recent years, security issues have dominated the bilateral agenda",
    "See the *[report](https://www.gao.gov/products/GAO-19-534)* for details",
    "Trade with the United States grew, e.g",
    "Chapter No",
    "Costs rose 5 * 3 times; see item #4 and ~10 others @ ports",
    "**Strong institutions matter.** The rule of law and the Wilson Center follow.",
    "Key facts:",
    "`CBP` data on the U.S",
    "trucks waiting at the border",
    "On March 19, 2019, the secretary asked for a timeline.",
    "Officials should restart the dialogue!",
]


def _markdown(draw_heading: str, body: list[tuple[str, str]]) -> str:
    lines = [f"## {draw_heading}"]
    for kind, text in body:
        prefix = {"paragraph": "", "item": "- ", "numbered": "1. ", "heading": "### "}[kind]
        lines.append(prefix + text)
    return "\n\n".join(lines) + "\n"


blocks = st.one_of(
    st.tuples(st.sampled_from(["paragraph", "item", "numbered"]), st.sampled_from(PARAGRAPHS)),
    st.tuples(st.just("heading"), st.sampled_from(HEADINGS)),
)
documents = st.builds(
    _markdown, st.sampled_from(HEADINGS), st.lists(blocks, min_size=1, max_size=7)
)


@cache
def _translator():  # type: ignore[no-untyped-def]
    return make_translator("apertium", glossary=GLOSSARY)


@cache
def _alone(text: str) -> MachineTranslation:
    return _translator().translate_detailed([text], "en", "es")[0]


@pytest.mark.slow
@pytest.mark.timeout(600)  # about a minute: 200 documents through Apertium twice
@settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(documents)
def test_a_section_in_one_batch_is_each_block_translated_alone(markdown: str) -> None:
    document = parse_markdown(markdown, "generated")
    assert len(document.sections) == 1
    texts = [block.text for block in document.sections[0].blocks]
    batch = _translator().translate_detailed(texts, "en", "es")
    assert batch == [_alone(text) for text in texts]
    for source, result in zip(texts, batch, strict=True):
        assert result.text.strip() and not result.failed, source


def test_the_issue_reproduction_keeps_each_block_to_itself() -> None:
    texts = [
        "Trade Notes",
        "Overview",
        "Officials met in Washington to discuss trade.",
        "Next Steps",
        "Leaders agreed to meet again in March.",
        "The two countries share a 3,000-mile border.",
    ]
    out = [t.text for t in make_translator("apertium").translate_detailed(texts, "en", "es")]
    assert out[1] == "Visión general" and out[3] == "Pasos próximos"
    assert out[2].startswith("Los funcionarios ") and out[4].startswith("Los dirigentes ")
    assert "3,000 millas" in out[5] and "bordede" not in out[5]


def test_a_block_ending_in_an_abbreviation_does_not_swallow_the_next_one() -> None:
    # "the U.S" plus a full stop would be "U.S.", an abbreviation, not a sentence end.
    texts = ["Trade with the U.S", "Smith went home."]
    out = make_translator("apertium").translate_blocks(texts, "en", "es")
    assert out == [_alone_plain(t) for t in texts]
    assert out[1].startswith("Smith ")


def _alone_plain(text: str) -> str:
    return make_translator("apertium").translate_blocks([text], "en", "es")[0]
