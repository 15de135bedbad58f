"""The acceptance check on the one real input: the report's web page as saved text (the seed)
against the hand conversion in source/convocation.md.

How they are compared: both files are parsed by the core (pipeline.parsing.load_document);
the title must be equal; the prose blocks (paragraphs and list items, in order) must be equal
block by block in kind and in text after white space is made single, and so must the whole
prose as one string; the only edit allowed is the hand conversion's typo fix "20009" → "2009".
List numbers are not compared: the page's text has none (the hand conversion numbered the
list), so the import makes a bulleted list.

Sections: the seed holds the text of only two of the four section headings of the hand
conversion ("Key Findings and Recommendations" and "About the U.S.-Mexico Foundation" appear
nowhere in it, and the page says "Mexico Institute, Wilson Center" where the hand conversion
says "About the Mexico Institute, Wilson Center"). An importer cannot write headings the page
does not have, so the import has two sections where the hand conversion has four; the test
checks that each imported section is exactly a run of whole hand-converted sections.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from importing.data_files import SEED

from pipeline.importing import import_file
from pipeline.model import BlockKind, Document
from pipeline.parsing import inline_plain_text, load_document

CONVOCATION = Path(__file__).resolve().parents[2] / "source" / "convocation.md"
TYPO_FIX = ("20009", "2009")


def _normal(text: str) -> str:
    return " ".join(inline_plain_text(text).replace(*TYPO_FIX).split())


def _prose(document: Document) -> list[tuple[BlockKind, str]]:
    return [(b.kind, _normal(b.text)) for b in document.blocks if b.kind is not BlockKind.HEADING]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, str]:
    source_dir = tmp_path_factory.mktemp("source")
    report = import_file(SEED, name="seedcheck", source_dir=source_dir)
    markdown = report.target.read_text(encoding="utf-8")
    return load_document(report.target), markdown


def test_the_title_is_the_first_heading_and_equals_the_hand_conversion(imported):
    document, markdown = imported
    assert markdown.startswith("# Convocation: A Vision for a Stronger U.S.-Mexico Partnership\n")
    assert document.title == load_document(CONVOCATION).title


def test_the_prose_equals_the_hand_conversion_block_by_block(imported):
    document, _ = imported
    expected = _prose(load_document(CONVOCATION))
    assert _prose(document) == expected
    assert " ".join(t for _, t in _prose(document)) == " ".join(t for _, t in expected)
    assert sum(kind is BlockKind.LIST_ITEM for kind, _ in expected) == 6


def test_each_imported_section_is_a_run_of_whole_hand_converted_sections(imported):
    document, _ = imported
    hand = load_document(CONVOCATION)
    hand_sections = [
        [_normal(b.text) for b in s.blocks if b.kind is not BlockKind.HEADING]
        for s in hand.sections
    ]
    start = 0
    for section in document.sections:
        prose = [_normal(b.text) for b in section.blocks if b.kind is not BlockKind.HEADING]
        end = start
        while sum(len(p) for p in hand_sections[start:end]) < len(prose):
            end += 1
        assert [p for s in hand_sections[start:end] for p in s] == prose
        # a heading the page has is the end of the hand conversion's heading
        assert hand.sections[start].title.endswith(section.title)
        start = end
    assert start == len(hand.sections)
    assert [s.title for s in document.sections] == [
        "Convocation: A Vision for a Stronger U.S.-Mexico Partnership",
        "Mexico Institute, Wilson Center",
    ]


def test_none_of_the_page_chrome_is_kept(imported):
    _, markdown = imported
    kept_text = " ".join(markdown.split())
    hand_text = " ".join(CONVOCATION.read_text(encoding="utf-8").split())
    page_lines = [" ".join(line.split()) for line in SEED.read_text(encoding="utf-8").splitlines()]
    # Chrome: every line of the page that the hand conversion left out.
    chrome = [
        line
        for line in page_lines
        if line and line.replace(*TYPO_FIX) not in hand_text and line.strip("• ") not in hand_text
    ]
    assert len(chrome) >= 12  # breadcrumb, cover label, teasers, questions, tweets, comment form
    for line in chrome:
        assert line.strip("• ") not in kept_text, line
