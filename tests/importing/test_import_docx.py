"""A Word report written with python-docx: title, heading styles, lists, a table, a footnote."""

from __future__ import annotations

import pytest
from importing import docx_fixture as f

from pipeline.importing import blocks as why
from pipeline.importing import import_file
from pipeline.importing.errors import DamagedFile
from pipeline.parsing import load_document


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(cells) + " |"


EXPECTED = (
    "\n\n".join(
        [
            # The file's author (its properties); python-docx's own defaults are left out.
            f'---\nauthor: "{f.DOCX_AUTHOR}"\n---',
            f"# {f.DOCX_TITLE}",
            f.DOCX_SUMMARY,
            "## Introduction",
            f.DOCX_INTRO[0],
            f.DOCX_INTRO[1] + "[^1]",
            "## Federal Programs",
            "**The largest programs**" + f.DOCX_PROGRAMS.removeprefix("The largest programs"),
            "\n".join(f"- {item}" for item in f.DOCX_BULLETS),
            "### Funding by Program",
            "\n".join(
                [_row(f.DOCX_TABLE[0]), "| --- | --- | --- |", *(_row(r) for r in f.DOCX_TABLE[1:])]
            ),
            f.DOCX_AFTER_TABLE,
            "## Issues for Congress",
            f.DOCX_ISSUES,
            "\n".join(f"{n}. {item}" for n, item in enumerate(f.DOCX_NUMBERED, start=1)),
            "## Notes",
            f"[^1]: {f.DOCX_NOTE}",
        ]
    )
    + "\n"
)


@pytest.fixture(scope="module")
def imported(docx_file, tmp_path_factory):
    report = import_file(docx_file, source_dir=tmp_path_factory.mktemp("source"))
    return report, report.target.read_text(encoding="utf-8")


def test_the_word_report_becomes_the_expected_markdown(imported):
    _, markdown = imported
    assert markdown == EXPECTED


def test_its_sections_are_the_heading_1_styles_and_the_title_is_the_title_style(imported):
    report, _ = imported
    document = load_document(report.target)
    assert document.title == f.DOCX_TITLE
    assert [s.title for s in document.sections] == [
        f.DOCX_TITLE,
        "Introduction",
        "Federal Programs",
        "Issues for Congress",
        "Notes",
    ]
    assert report.format == "Word document (DOCX)"
    assert report.dropped == {why.NOTES_MOVED: 1}
    assert report.target.name == "broadband.md"


def test_a_cut_off_word_file_is_refused_in_one_line(corrupt_docx, tmp_path):
    with pytest.raises(DamagedFile) as refused:
        import_file(corrupt_docx, source_dir=tmp_path)
    message = str(refused.value)
    assert message.startswith(f"{corrupt_docx}: damaged Word file")
    assert "\n" not in message
    assert not list(tmp_path.iterdir())
