from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.model import BlockKind
from pipeline.parsing import inline_plain_text, load_document, parse_markdown

# After GAO-21-105014 (public domain): a title, sections, a numbered list of findings.
REPORT = """\
# Land Ports of Entry: Infrastructure Needs

CBP operates 167 land ports of entry.

## Key Findings and Recommendations

### What GAO Found

1. Most ports were built before 1980.
2. Wait times rose at 12 ports.
3. CBP has not ranked its projects.

## About This Report

GAO is an independent agency.
"""


def test_a_report_splits_into_chapters_with_its_findings_as_a_list(tmp_path: Path) -> None:
    source = tmp_path / "ports.md"
    source.write_text(REPORT, encoding="utf-8")
    document = load_document(source)
    assert document.name == "ports"
    assert document.title == "Land Ports of Entry: Infrastructure Needs"
    assert [s.title for s in document.sections] == [
        "Land Ports of Entry: Infrastructure Needs",
        "Key Findings and Recommendations",
        "About This Report",
    ]
    findings = document.sections[1].blocks
    items = [b for b in findings if b.kind is BlockKind.LIST_ITEM]
    assert [(b.ordinal, b.text) for b in items] == [
        (1, "Most ports were built before 1980."),
        (2, "Wait times rose at 12 ports."),
        (3, "CBP has not ranked its projects."),
    ]
    assert findings[0].kind is BlockKind.HEADING and findings[0].level == 2
    assert findings[1].kind is BlockKind.HEADING and findings[1].level == 3


def test_a_lone_h1_is_the_title_and_h2s_make_the_sections() -> None:
    document = parse_markdown("# Title\n\nIntro.\n\n## One\n\nText.\n\n### Sub\n\nMore.\n", "d")
    assert [s.title for s in document.sections] == ["Title", "One"]
    assert [b.kind for b in document.sections[1].blocks] == [
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
    ]


def test_several_h1s_each_open_a_section() -> None:
    document = parse_markdown("# A\n\nx.\n\n# B\n\ny.\n", "d")
    assert [s.title for s in document.sections] == ["A", "B"]


def test_a_file_without_headings_is_one_section_named_after_the_file() -> None:
    document = parse_markdown("Just a paragraph.\n\nAnd another.\n", "annual-letter")
    assert [s.title for s in document.sections] == ["Annual letter"]
    assert len(document.sections[0].blocks) == 2


def test_text_before_the_first_heading_gets_the_document_title() -> None:
    document = parse_markdown("Preface.\n\n# Main\n\nBody.\n", "doc")
    assert [s.title for s in document.sections] == ["Main", "Main"]
    assert [s.slug for s in document.sections] == ["main", "main-2"]


def test_lists_keep_numbers_and_bullets_and_nesting() -> None:
    document = parse_markdown("# T\n\n3. three\n4. four\n\n- a\n  - b\n", "d")
    items = [b for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [(b.ordinal, b.list_depth, b.text) for b in items] == [
        (3, 1, "three"),
        (4, 1, "four"),
        (None, 1, "a"),
        (None, 2, "b"),
    ]


def test_inline_markup_is_kept_for_editions_and_dropped_for_speech() -> None:
    document = parse_markdown("# The *Big* [Report](http://x.org)\n\nSee **this**.\n", "d")
    heading = document.sections[0].blocks[0]
    assert heading.text == "The *Big* [Report](http://x.org)"
    assert inline_plain_text(heading.text) == "The Big Report"
    assert document.title == "The Big Report"


def test_headings_with_path_characters_give_safe_slugs() -> None:
    document = parse_markdown("# ../../etc/passwd\n\nx.\n\n## a/b\\c\n\ny.\n", "d")
    for section in document.sections:
        assert "/" not in section.slug and ".." not in section.slug and "\\" not in section.slug


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        (b"# T\n\nCaf\xe9 au lait.\n", "byte 0xe9 at line 3"),
        (b"\n\n   \n<!-- only a comment -->\n", "no text"),
    ],
)
def test_bad_input_is_a_clear_input_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_document(path)


def test_another_encoding_can_be_named(tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes(b"# T\n\nCaf\xe9 au lait.\n")
    assert load_document(path, encoding="latin-1").blocks[1].text == "Café au lait."


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_document(tmp_path / "nope.md")
