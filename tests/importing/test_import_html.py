"""A saved web page: the article alone, with its headings, list, table and notes."""

from __future__ import annotations

import pytest
from importing.data_files import DATA

from pipeline.importing import blocks as why
from pipeline.importing import import_file
from pipeline.importing.errors import NoText
from pipeline.parsing import load_document

PAGE = DATA / "ports-of-entry.html"
TITLE = "Southwest Border: Actions Needed to Modernize Land Ports of Entry"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    report = import_file(PAGE, name="ports", source_dir=tmp_path_factory.mktemp("source"))
    return report, report.target.read_text(encoding="utf-8")


def test_the_article_keeps_its_headings_paragraphs_list_and_table(imported):
    report, markdown = imported
    # The page's date is the report's (its byline, "By Staff", names no one).
    assert markdown.startswith(
        f'---\ndate: "2021-03-04"\n---\n\n# {TITLE}\n\n## What We Found\n\nLand ports of entry'
    )
    assert [s.title for s in report.sections] == [
        TITLE,
        "What We Found",
        "Condition of Selected Ports",
        "What We Recommend",
        "Notes",
    ]
    assert (
        "- coordinating capital projects with the agencies that staff the ports, so that new "
        "facilities match staffing plans;\n- using consistent data" in markdown
    )
    assert (
        "| Port | Year opened | Condition rating |\n| --- | --- | --- |\n"
        "| San Ysidro, CA | 1974 | Fair |\n" in markdown
    )
    assert markdown.count("\n| ") == 7  # header, rule and five ports
    assert report.blocks["tables"] == 1 and report.blocks["list items"] == 3
    document = load_document(report.target)
    assert document.title == TITLE


def test_notes_become_markdown_footnotes_under_a_final_notes_heading(imported):
    report, markdown = imported
    body, notes = markdown.split("\n## Notes\n")
    assert "crossed through these ports.[^1] Many of the facilities" in body
    assert "people who are not admitted.[^2]" in body
    assert notes.strip().split("\n\n") == [
        "[^1]: Figures are for fiscal year 2019, the most recent full year before travel "
        "restrictions took effect.",
        "[^2]: People who are not admitted may be held in secure areas while officers complete "
        "their processing.",
    ]
    assert "↩" not in markdown
    assert report.dropped[why.NOTES_MOVED] == 2


@pytest.mark.parametrize(
    "chrome",
    [
        "Skip to content",
        "We use cookies",
        "Accept all cookies",
        "Independent analysis of public policy",
        "Topics",
        "Borders and Trade",  # breadcrumb, category
        "Share:",
        "LinkedIn",
        "New report out today",  # the embedded tweet
        "@PolicyReview",
        "Leave a Reply",
        "Your email address will not be published",
        "Post Comment",
        "Akismet",
        "Previous post",
        "Related Reports",
        "Sign up for our newsletter",
        "All rights reserved",
        "Privacy Policy",
        "Follow us",
    ],
)
def test_page_chrome_is_dropped(imported, chrome):
    _, markdown = imported
    assert chrome not in markdown


def test_the_report_counts_what_was_dropped(imported):
    report, _ = imported
    assert report.dropped[why.EMBEDDED] == 1
    assert report.dropped[why.CHROME] >= 20
    assert "dropped:" in report.render() and "embedded posts" in report.render()


def test_a_page_with_no_article_is_refused_in_one_line(tmp_path):
    page = DATA / "no-article.html"
    with pytest.raises(NoText) as refused:
        import_file(page, source_dir=tmp_path)
    assert str(refused.value) == f"{page}: no article text found in this web page"
    assert not list(tmp_path.iterdir())


def test_a_web_page_is_recognised_by_its_content_whatever_its_name(tmp_path):
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(PAGE.read_bytes())
    report = import_file(renamed, source_dir=tmp_path / "source")
    assert report.format == "web page (HTML)"
    assert report.target.name == "report.md"


def test_links_within_the_page_that_are_not_note_references_leave_the_text_alone():
    from pipeline.importing.html_blocks import html_blocks, parse, take_notes

    root = parse(
        "<html><body><p>Contents: <a href='#s1'>1</a> <a href='#s2'>2</a></p>"
        "<section id='s1'><h2>Trade</h2><p>Trade grew.<sup><a href='#n1'>1</a></sup></p></section>"
        "<section id='s2'><h2>Travel</h2><p>Travel fell.</p></section>"
        "<section class='footnotes'><h2>Notes</h2><hr><ol><li id='n1'>In 2019. "
        "<a href='#x'>↩</a></li></ol></section></body></html>"
    )
    assert take_notes(root) == {"1": "In 2019."}
    texts = [b.text for b in html_blocks(root)]
    assert texts == ["Contents: 1 2", "Trade", "Trade grew.\ue0001\ue001", "Travel", "Travel fell."]


def test_bracketed_reference_markers_become_footnote_references():
    from pipeline.importing.html_blocks import html_blocks, parse, take_notes

    root = parse(
        "<html><body><p>Remittances rose.<sup class='reference'><a href='#cite_note-12'>[12]"
        "</a></sup></p><ol class='references'><li id='cite_note-12'><a href='#cite_ref-12'>^"
        "</a> World Bank data, 2019.</li></ol></body></html>"
    )
    assert take_notes(root) == {"12": "World Bank data, 2019."}
    assert [b.text for b in html_blocks(root)] == ["Remittances rose.\ue00012\ue001"]


def test_a_pages_author_site_and_date_become_the_reports_front_matter(tmp_path):
    page = tmp_path / "broadband.html"
    page.write_text(
        '<html><head><title>Broadband | GAO</title><meta name="author" content="Andrew Von Ah">'
        '<meta property="og:site_name" content="U.S. GAO">'
        '<meta property="article:published_time" content="2024-05-14T10:00:00Z"></head>'
        "<body><nav>Home | Reports</nav><article><h1>Broadband Deployment</h1>"
        "<p>In fiscal year 2023, federal agencies spent about $1.2 billion on rural broadband "
        "through 12 programs, and about 24% of rural households lacked access to it.</p>"
        "<h2>What GAO Found</h2><p>The three largest programs overlapped in many counties "
        "across the country, and agencies did not share their data on where service is.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    report = import_file(page, source_dir=tmp_path / "source")
    markdown = report.target.read_text(encoding="utf-8")
    assert markdown.startswith(
        '---\nauthor: "Andrew Von Ah"\npublisher: "U.S. GAO"\ndate: "2024-05-14"\n---\n\n'
        "# Broadband Deployment\n"
    )
    assert "front matter: author Andrew Von Ah; publisher U.S. GAO" in report.render()
    assert [s.title for s in report.sections] == ["Broadband Deployment", "What GAO Found"]
    document = load_document(report.target)
    assert (document.metadata.author, document.metadata.publisher, document.metadata.year) == (
        "Andrew Von Ah",
        "U.S. GAO",
        "2024",
    )
    assert document.title == "Broadband Deployment"
