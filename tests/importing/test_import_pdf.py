"""A two-column PDF (running header, footer with page numbers, hyphenated line ends,
footnotes on two pages) and the PDFs that cannot be imported."""

from __future__ import annotations

import re

import pytest
from importing import pdf_fixture
from importing.pdf_fixture import (
    PDF_AUTHOR,
    PDF_FOOTER,
    PDF_HEADER,
    PDF_NOTES,
    PDF_SECTIONS,
    PDF_TITLE,
)

from pipeline.importing import blocks as why
from pipeline.importing import import_file
from pipeline.importing.errors import EncryptedFile, NoText
from pipeline.model import BlockKind
from pipeline.parsing import load_document


@pytest.fixture(scope="module")
def imported(two_column_pdf, tmp_path_factory):
    path, layout = two_column_pdf
    report = import_file(path, name="wildfire", source_dir=tmp_path_factory.mktemp("source"))
    return report, report.target.read_text(encoding="utf-8"), layout


def _body(markdown: str) -> str:
    """The text after the front matter, up to the notes."""
    return markdown.split("\n---\n\n", 1)[-1].split("\n## Notes\n")[0].strip()


def test_the_layout_really_has_what_the_importer_must_undo(imported):
    _, _, layout = imported
    assert layout.pages == 2
    assert len(layout.hyphenated) >= 5 and layout.hyphen_kept
    assert layout.column_breaks_inside_paragraphs >= 1
    assert layout.page_breaks_inside_paragraphs >= 1


def test_title_and_sections_come_from_font_size_and_weight(imported):
    report, markdown, _ = imported
    document = load_document(report.target)
    assert document.title == PDF_TITLE
    front_matter, body = markdown.split("\n---\n\n", 1)
    assert body.startswith(f"# {PDF_TITLE}\n")
    # The file's information dictionary: its author, and the day it was made (today, here).
    assert f'author: "{PDF_AUTHOR}"' in front_matter
    assert re.search(r'^date: "20\d\d-\d\d-\d\d"$', front_matter, re.M)
    assert document.metadata.author == PDF_AUTHOR
    headings = re.findall(r"^## (.+)$", markdown, re.M)
    assert headings == [title for title, _ in PDF_SECTIONS] + ["Notes"]
    assert [s.title for s in report.sections] == [PDF_TITLE, *headings]


def test_paragraphs_are_rejoined_across_lines_columns_and_pages_in_reading_order(imported):
    _, markdown, _ = imported
    expected = [re.sub(r"\{(\d+)\}", r"[^\1]", p) for _, ps in PDF_SECTIONS for p in ps]
    paragraphs = [
        block
        for block in _body(markdown).split("\n\n")
        if not block.startswith("#") and block != "Updated March 4, 2021"
    ]
    assert paragraphs == expected


def test_no_word_stays_split_at_a_line_end_and_real_hyphens_stay(imported):
    _, whole, layout = imported
    markdown = whole.split("\n---\n\n", 1)[-1]  # the text, after its front matter's date
    words = set(re.findall(r"[\w.'-]+", markdown))
    for word in layout.hyphenated:
        assert word in markdown
    for word in layout.hyphen_kept:
        assert word in words, word
    assert not re.search(r"[a-z]- [a-z]", markdown)  # a hyphen left where a line was joined
    source = " ".join(p for _, ps in PDF_SECTIONS for p in ps)
    hyphenated = set(re.findall(r"\w+(?:-\w+)+", markdown))
    assert hyphenated <= set(re.findall(r"\w+(?:-\w+)+", source))  # no hyphen added or kept


def test_running_header_footer_and_page_numbers_never_appear(imported):
    report, markdown, layout = imported
    assert PDF_HEADER not in markdown
    assert PDF_FOOTER not in markdown
    assert not re.search(r"^\d+$", markdown, re.M)
    assert report.dropped[why.RUNNING_FOOTER] == layout.pages
    assert report.dropped[why.PAGE_NUMBER] == layout.pages
    assert report.dropped[why.RUNNING_HEADER] == layout.pages - 1  # page 1 has none


def test_footnotes_are_moved_to_notes_and_their_markers_become_references(imported):
    report, markdown, _ = imported
    body, notes = markdown.split("\n## Notes\n")
    assert [f"[^{label}]: {text}" for label, text in PDF_NOTES.items()] == [
        n for n in notes.strip().split("\n\n")
    ]
    for text in PDF_NOTES.values():
        assert markdown.count(text) == 1 and text not in body
    for label in PDF_NOTES:
        assert body.count(f"[^{label}]") == 1
    assert report.dropped[why.NOTES_MOVED] == len(PDF_NOTES)
    # The Notes section holds nothing but the definitions.
    document = load_document(report.target)
    notes_section = document.sections[-1]
    assert notes_section.title == "Notes"
    kinds = {b.kind for b in notes_section.blocks}
    assert kinds == {BlockKind.HEADING, BlockKind.FOOTNOTE}


def test_a_pdf_without_a_text_layer_is_refused_in_one_line(image_pdf, tmp_path):
    with pytest.raises(NoText) as refused:
        import_file(image_pdf, source_dir=tmp_path)
    message = str(refused.value)
    assert message.startswith(f"{image_pdf}: ") and "no text layer" in message
    assert "\n" not in message
    assert not list(tmp_path.iterdir())


def test_an_encrypted_pdf_is_refused_in_one_line(encrypted_pdf, tmp_path):
    with pytest.raises(EncryptedFile) as refused:
        import_file(encrypted_pdf, source_dir=tmp_path)
    assert str(refused.value).startswith(f"{encrypted_pdf}: the PDF is encrypted")
    assert not list(tmp_path.iterdir())


def test_a_one_column_report_from_another_layout_engine(tmp_path):
    """platypus: justified text with real spaces, list bullets from a symbol font (no text),
    "- 2 -" page numbers, a header on every page, a superscript whose note is not there."""
    path = pdf_fixture.make_single_column_pdf(tmp_path / "legacy.pdf")
    report = import_file(path, source_dir=tmp_path / "source")
    front_matter, markdown = report.target.read_text(encoding="utf-8").split("\n---\n\n", 1)
    # platypus names no author ("anonymous"): only the day the file was made is kept.
    assert re.fullmatch(r'---\ndate: "20\d\d-\d\d-\d\d"', front_matter)
    expected = [f"# {pdf_fixture.GAO_TITLE}"]
    for heading, paragraphs in pdf_fixture.GAO_SECTIONS:
        expected += [f"## {heading}", *(re.sub(r"\{(\d+)\}", "¹", p) for p in paragraphs)]
        if heading == "Why GAO Did This Study":
            expected.append("\n".join(f"- {item}" for item in pdf_fixture.GAO_ITEMS))
    assert markdown == "\n\n".join(expected) + "\n"
    assert report.dropped[why.PAGE_NUMBER] == report.dropped[why.RUNNING_HEADER] >= 2
    assert report.dropped[why.MARKERS] == 1


def test_with_narrow_margins_text_and_notes_near_the_page_edges_are_kept(tmp_path):
    """The body, the notes and the running header all reach into the page's top and
    bottom tenth, where running headers and footers are looked for."""
    path = tmp_path / "narrow.pdf"
    layout = pdf_fixture.make_two_column_pdf(path, margin=40.0)
    report = import_file(path, source_dir=tmp_path / "source")
    markdown = report.target.read_text(encoding="utf-8")
    expected = [re.sub(r"\{(\d+)\}", r"[^\1]", p) for _, ps in PDF_SECTIONS for p in ps]
    body, notes = markdown.split("\n## Notes\n")
    assert [b for b in body.strip().split("\n\n") if b in expected] == expected
    assert notes.strip().split("\n\n") == [f"[^{k}]: {v}" for k, v in PDF_NOTES.items()]
    assert PDF_HEADER not in markdown and PDF_FOOTER not in markdown
    assert report.dropped[why.RUNNING_HEADER] == layout.pages - 1
