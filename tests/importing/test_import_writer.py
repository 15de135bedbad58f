"""The Markdown writer: escaping that reads back as the same text, and block layout."""

from __future__ import annotations

import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.importing.blocks import Converted, Heading, ListItem, Paragraph, Table
from pipeline.importing.markdown_writer import escape, note_ref, render
from pipeline.parsing import inline_plain_text, parse_blocks

_TEXT = st.text(
    alphabet=string.ascii_letters + string.digits + string.punctuation + " ", max_size=80
)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
@example("<0@0>")  # an e-mail autolink may start with a digit
def test_escaped_text_reads_back_as_the_same_text(text):
    assert inline_plain_text(escape(text)) == " ".join(text.split())


@settings(max_examples=200, deadline=None)
@given(_TEXT.filter(str.strip))
@example("<0@0>")
def test_a_paragraph_never_turns_into_another_kind_of_block(text):
    markdown = render(Converted(blocks=[Paragraph(escape(text))], title="Title"))
    blocks = parse_blocks(markdown)
    assert [b.kind for b in blocks][1:] in ([], ["paragraph"])
    if len(blocks) == 2:
        assert inline_plain_text(blocks[1].text) == " ".join(text.split())


def test_everyday_report_text_is_left_alone():
    text = "U.S.-Mexico trade (about $614 billion) rose 5% in 2019 [12]; see note 3."
    assert escape(text) == text


def test_layout_of_headings_lists_tables_and_notes():
    converted = Converted(
        title="A Report",
        blocks=[
            Heading("Findings", 1),
            Paragraph(f"Trade grew.{note_ref('1')}"),
            ListItem("first", 1),
            ListItem("nested", None, 2),
            ListItem("second", 2),
            Heading("Detail", 2),
            Table(("Port", "Lanes"), (("Laredo", "12"), ("Nogales | AZ", "8"))),
            Paragraph("1. Not a list item"),
        ],
        notes={"1": "Source: agency data.", "7": "Never referenced."},
    )
    assert render(converted) == (
        "# A Report\n\n## Findings\n\nTrade grew.[^1]\n\n"
        "1. first\n   - nested\n2. second\n\n### Detail\n\n"
        "| Port | Lanes |\n| --- | --- |\n| Laredo | 12 |\n| Nogales \\| AZ | 8 |\n\n"
        "1\\. Not a list item\n\n## Notes\n\n[^1]: Source: agency data.\n\n"
        "[^7]: Never referenced.\n"
    )


def test_list_items_and_headings_that_look_like_markup_stay_text():
    converted = Converted(
        title="T", blocks=[ListItem("- not nested", None), Heading("Priority #", 1)]
    )
    markdown = render(converted)
    assert markdown == "# T\n\n- \\- not nested\n\n## Priority \\#\n"
    blocks = parse_blocks(markdown)
    assert [inline_plain_text(b.text) for b in blocks] == ["T", "- not nested", "Priority #"]


def test_a_reference_to_an_unknown_note_stays_a_visible_superscript():
    converted = Converted(blocks=[Paragraph(f"Trade grew.{note_ref('4')}")], title="T")
    assert "Trade grew.⁴" in render(converted)


def test_without_a_title_a_lone_top_heading_becomes_the_title():
    converted = Converted(blocks=[Heading("Report", 3), Heading("Part", 4), Paragraph("Text.")])
    assert render(converted) == "# Report\n\n## Part\n\nText.\n"
