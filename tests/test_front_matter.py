"""A report's own metadata from its YAML front matter: never read as text, its title heading
the report, its author, publisher and year in place of the project's."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import BuildOptions
from pipeline.errors import InputError
from pipeline.model import BlockKind, ReportMetadata
from pipeline.parsing import load_document, parse_markdown

# After a Congressional Research Service report (U.S. government work, public domain).
FRONT = """---
title: "Western Drought and Water Supply: *Options* for Congress"
author:
  - name: Charles V. Stern
    affiliation: Specialist in Natural Resources Policy
  - Pervaze A. Sheikh
publisher: Congressional Research Service
date: 2023-03-03
keywords: [drought, Colorado River]
---

## Summary

Since 2000, the Colorado River Basin has had its driest period in 1,200 years.

## Issues for Congress

Whether to extend the 2007 Interim Guidelines.
"""


def test_front_matter_is_the_reports_metadata_and_never_its_text() -> None:
    document = parse_markdown(FRONT, "drought")
    assert document.metadata == ReportMetadata(
        title="Western Drought and Water Supply: *Options* for Congress",
        author="Charles V. Stern & Pervaze A. Sheikh",
        publisher="Congressional Research Service",
        year="2023",
        title_line=2,
    )
    text = " ".join(block.text for block in document.blocks)
    assert "keywords" not in text and "Stern" not in text and "---" not in text
    # Its title heads the report, as a first-line "# Title" would (Markdown as Pandoc reads it).
    assert document.title == "Western Drought and Water Supply: Options for Congress"
    first = document.blocks[0]
    assert (first.kind, first.level, first.line) == (BlockKind.HEADING, 1, 2)
    assert [s.title for s in document.sections] == [
        document.title,
        "Summary",
        "Issues for Congress",
    ]
    # The body's lines keep their numbers (messages name them).
    assert document.sections[1].blocks[1].line == 14


def test_a_title_the_body_already_opens_with_is_not_said_twice() -> None:
    text = FRONT.replace("## Summary", "# Western Drought and Water Supply: Options for Congress")
    document = parse_markdown(text, "drought")
    headings = [b.text for b in document.blocks if b.kind is BlockKind.HEADING]
    assert headings == [
        "Western Drought and Water Supply: Options for Congress",
        "Issues for Congress",
    ]


def test_several_authors_are_named_in_a_sentence_and_a_year_is_found_in_any_date() -> None:
    text = '---\nauthors: [A. One, B. Two, C. Three]\ndate: "March 2021"\n---\n\nText.\n'
    metadata = parse_markdown(text, "x").metadata
    assert (metadata.author, metadata.year, metadata.title) == (
        "A. One, B. Two & C. Three",
        "2021",
        "",
    )
    assert parse_markdown("---\nyear: 2019\n---\n\nText.\n", "x").metadata.year == "2019"


def test_a_thematic_break_opening_a_report_is_still_one() -> None:
    # Lines that are not "key: value" between two "---" are text, read as they always were.
    document = parse_markdown("---\nSome text\n---\n\nBody.\n", "notes")
    assert [b.kind for b in document.blocks] == [
        BlockKind.BREAK,
        BlockKind.HEADING,
        BlockKind.PARAGRAPH,
    ]
    assert document.metadata == ReportMetadata()


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("title: Water: A Crisis", "drought.md: line 2: the front matter is not valid YAML"),
        (
            "author: Ann\ntitle: [a, b]",
            "drought.md: line 3: the front matter's title should be text",
        ),
        ("author: [1, 2]", "drought.md: line 2: the front matter's author should be names"),
        ("date: soon", "drought.md: line 2: no year in the front matter's date"),
    ],
)
def test_bad_front_matter_is_one_line_naming_where(
    tmp_path: Path, front: str, message: str
) -> None:
    source = tmp_path / "drought.md"
    source.write_text(f"---\n{front}\n---\n\n# Drought\n\nText.\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_document(source)
    assert str(raised.value).startswith(message.replace("drought.md", "drought"))
    assert "\n" not in str(raised.value)


def test_the_reports_own_metadata_wins_over_the_projects() -> None:
    project = BuildOptions(author="The Wilson Center", publisher="Wilson Center", year="2020")
    own = project.for_report(ReportMetadata(author="Jane Doe", year="2023"))
    assert (own.author, own.publisher, own.year) == ("Jane Doe", "Wilson Center", "2023")
    assert project.for_report(ReportMetadata()) == project
