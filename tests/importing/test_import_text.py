"""Plain text: saved web pages (chrome dropped by general rules) and wrapped text reports."""

from __future__ import annotations

import pytest
from importing.data_files import DATA

from pipeline.importing import blocks as why
from pipeline.importing import import_file
from pipeline.importing.text import convert_text
from pipeline.importing.text_lines import (
    chrome_vocabulary,
    is_breadcrumb,
    is_chrome,
    is_prose,
    is_title_like,
    list_marker,
)
from pipeline.parsing import load_document


def _markdown(text: str) -> str:
    from pipeline.importing.markdown_writer import render

    return render(convert_text(text))


# -- the rules, one by one -----------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "Share this:",
        "Facebook Twitter LinkedIn Email",
        "Share | Tweet | Email",
        "Embedded Tweets",
        "Report Cover",
        "Download PDF",
        "© 2022 Policy Center. All rights reserved.",
        "Photo: A water main replacement project in Ohio.",
        "Your email address will not be published. Required fields are marked *",
        "3 Comments",
        "Posted on March 4, 2021",
        "Name *",
        "* * *",
    ],
)
def test_the_vocabulary_names_page_chrome(line):
    assert is_chrome(line, chrome_vocabulary())


@pytest.mark.parametrize(
    "line",
    [
        "Share of households without broadband",
        "Print media and public opinion",
        "Email surveys were sent to 2,000 utilities.",
        "Home ownership rates rose in 2020.",
        "Comments from the agencies",
    ],
)
def test_report_lines_that_merely_start_like_chrome_are_not_chrome(line):
    assert not is_chrome(line, chrome_vocabulary())


def test_breadcrumbs_start_at_a_root_or_end_with_the_title():
    vocabulary = chrome_vocabulary()
    assert is_breadcrumb("Home › Reports › Water", None, vocabulary)
    assert is_breadcrumb("home Topics Water Policy", None, vocabulary)
    assert is_breadcrumb("Reports / Water / Water Policy Today", "Water Policy Today", vocabulary)
    assert not is_breadcrumb("Water Policy Today", "Water Policy Today", vocabulary)


def test_line_shapes():
    assert is_title_like("Mexico Institute, Wilson Center")
    assert is_title_like("HOW FUNDS ARE DISTRIBUTED")
    assert not is_title_like("featuring former officials")  # not capitalised
    assert not is_title_like("The program ends in 2025.")  # a sentence
    assert not is_title_like("• Funding")  # a list item
    assert not is_title_like("www.example.org")
    assert is_prose("The agencies agreed with four of the five recommendations in the report.")
    assert not is_prose("Is there an audio version?")
    assert list_marker("• first").text == "first"  # type: ignore[union-attr]
    assert list_marker("2) second").number == 2  # type: ignore[union-attr]
    assert list_marker("2020 was a hard year") is None


def test_lines_a_browser_set_without_blank_lines_between_are_list_items():
    text = (
        "Water Policy Today\n\n"
        "The survey found several needs, which the report describes in turn below.\n\n"
        "Small systems struggle to pay for the upgrades that federal rules require.\n"
        "Large systems face aging pipes that were laid more than a century ago.\n"
    )
    assert _markdown(text).endswith(
        "\n\n- Small systems struggle to pay for the upgrades that federal rules require.\n"
        "- Large systems face aging pipes that were laid more than a century ago.\n"
    )


def test_a_line_that_runs_on_is_joined_to_the_next():
    text = (
        "Water Policy Today\n\n"
        "The Environmental Protection Agency surveys water systems every four years, and its\n"
        "most recent survey found large needs for transmission lines. epa.gov\n"
    )
    assert _markdown(text) == (
        "# Water Policy Today\n\n"
        "The Environmental Protection Agency surveys water systems every four years, and its "
        "most recent survey found large needs for transmission lines.\n\nepa.gov\n"
    )


# -- whole pages -----------------------------------------------------------------------------


def test_another_saved_page_keeps_its_article_and_drops_its_chrome(tmp_path):
    page = DATA / "saved-page-water.txt"
    report = import_file(page, source_dir=tmp_path)
    markdown = report.target.read_text(encoding="utf-8")
    assert markdown.startswith(
        "# Drinking Water Infrastructure: Funding Needs and Federal Support\n\n## Background\n\n"
        "Most Americans receive their drinking water"
    )
    assert [s.title for s in report.sections][1:] == [
        "Background",
        "Federal Programs",
        "Issues for Congress",
    ]
    assert (
        "infrastructure:\n\n- the Drinking Water State Revolving Fund, which capitalizes state "
        "loan programs;\n- the Water Infrastructure" in markdown
    )
    for chrome in (
        "Menu",
        "Experts",
        "Home /",
        "By Policy Staff",
        "Facebook",
        "Download PDF",
        "Photo:",
        "Related Publications",
        "Lead Service Lines",
        "©",
        "Terms of Use",
    ):
        assert chrome not in markdown, chrome
    assert markdown.rstrip().endswith("how states set priorities among eligible projects.")
    assert report.dropped[why.TRAILER] == 6 and report.dropped[why.BREADCRUMB] == 1


def test_a_text_report_wrapped_at_72_columns_is_unwrapped(tmp_path):
    report = import_file(DATA / "hard-wrapped-highways.txt", source_dir=tmp_path)
    markdown = report.target.read_text(encoding="utf-8")
    document = load_document(report.target)
    assert document.title == "FEDERAL-AID HIGHWAYS: AN OVERVIEW OF FUNDING AND ELIGIBILITY"
    assert [s.title for s in document.sections][1:] == [
        "SUMMARY",
        "HOW FUNDS ARE DISTRIBUTED",
        "ISSUES FOR CONGRESS",
    ]
    assert "which receives the proceeds of federal taxes" in markdown
    assert "or continuing the transfers from general revenues." in markdown
    assert "The federal-aid highway program provides" in markdown
    assert (
        "- the National Highway Performance Program, for roads on the National Highway System;\n"
        "- the Surface Transportation Block Grant Program" in markdown
    )
    assert report.dropped == {}


# -- encodings ---------------------------------------------------------------------------


def test_a_text_file_in_another_encoding_is_detected_and_said(tmp_path):
    text = (
        "Drinking Water Policy — Año 2022\n\n"
        "The agency’s survey found “significant” needs in small systems, which serve fewer "
        "than 3,300 people each and often lack the staff to apply for federal loans.\n"
    )
    page = tmp_path / "latin.txt"
    page.write_bytes(text.encode("cp1252"))
    report = import_file(page, source_dir=tmp_path / "source")
    markdown = report.target.read_text(encoding="utf-8")
    assert "The agency’s survey found “significant” needs" in markdown
    assert markdown.startswith("# Drinking Water Policy — Año 2022\n")
    assert report.detail == "not UTF-8: read as cp1252 (detected)"
    assert "(detected)" in report.render()


def test_utf8_text_says_so(tmp_path):
    page = tmp_path / "plain.txt"
    page.write_text(
        "A Short Note\n\nThe agencies agreed with all five of the report's "
        "recommendations and began work on them.\n",
        encoding="utf-8",
    )
    report = import_file(page, source_dir=tmp_path / "source")
    assert report.detail == "read as utf-8"


def test_key_points_in_a_list_before_the_first_paragraph_are_the_text_not_furniture():
    text = (
        "Broadband Maps: Key Points for Congress\n\n"
        "Summary\n"
        "• The maps that agencies use count a census block as served if one location in it is.\n"
        "• Several agencies collect their own data, which makes it hard to compare programs.\n\n"
        "The Federal Communications Commission has begun collecting data on each location.\n"
    )
    assert _markdown(text) == (
        "# Broadband Maps: Key Points for Congress\n\n## Summary\n\n"
        "- The maps that agencies use count a census block as served if one location in it is.\n"
        "- Several agencies collect their own data, which makes it hard to compare programs.\n\n"
        "The Federal Communications Commission has begun collecting data on each location.\n"
    )
