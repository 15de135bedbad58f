"""A Word report written with python-docx (Title and Heading styles, bulleted and numbered
lists, a table and a real footnote), and the same file cut off halfway. The prose is in the
style of a CRS report, written for these tests.
"""

from __future__ import annotations

from pathlib import Path

DOCX_TITLE = "Rural Broadband Deployment: Federal Programs and Issues for Congress"
DOCX_AUTHOR = "Lena M. Ortiz"
DOCX_SUMMARY = (
    "Broadband access remains uneven across the United States. This report describes the "
    "main federal programs that fund broadband in rural areas and the issues Congress may "
    "consider as it oversees them."
)
DOCX_INTRO = [
    "Several federal agencies fund the deployment of broadband infrastructure, most of them "
    "through grants and loans to providers that serve areas where private investment alone "
    "has not been enough.",
    "Estimates of the number of Americans without access vary widely, largely because the "
    "maps that agencies use count a census block as served if a single location in it can "
    "be served.",
]
DOCX_NOTE = (
    "A census block is the smallest geographic unit used by the Census Bureau; in rural "
    "areas a single block can cover several square miles."
)
DOCX_PROGRAMS = (
    "The largest programs are administered by the Department of Agriculture and the Federal "
    "Communications Commission. They differ in who may apply and in the speeds they require:"
)
DOCX_BULLETS = [
    "the ReConnect Program, which offers loans and grants for facilities in rural areas;",
    "the Community Connect grants, which fund service in the least connected communities; and",
    "the high-cost programs of the Universal Service Fund, paid to carriers each year.",
]
DOCX_TABLE = [
    ("Program", "Agency", "Form of aid"),
    ("ReConnect", "USDA", "Loans and grants"),
    ("Community Connect", "USDA", "Grants"),
    ("High-cost support", "FCC", "Annual payments"),
]
DOCX_AFTER_TABLE = "Some providers receive support from more than one of these programs."
DOCX_ISSUES = "Congress may wish to consider three questions when it reviews these programs:"
DOCX_NUMBERED = [
    "How accurately do the maps show which locations lack service?",
    "Should the programs share one definition of an unserved area?",
    "How should the agencies coordinate their awards to avoid overbuilding?",
]


def make_docx(path: Path) -> Path:
    """Write the Word report: Title style, Heading 1 and 2, lists, a table and a footnote."""
    import docx

    document = docx.Document()
    document.core_properties.author = DOCX_AUTHOR
    document.add_paragraph(DOCX_TITLE, style="Title")
    document.add_paragraph(DOCX_SUMMARY)
    document.add_heading("Introduction", level=1)
    document.add_paragraph(DOCX_INTRO[0])
    noted = document.add_paragraph(DOCX_INTRO[1])
    _add_footnote(document, noted, 1, DOCX_NOTE)
    document.add_heading("Federal Programs", level=1)
    lead = document.add_paragraph()
    lead.add_run("The largest programs").bold = True
    lead.add_run(DOCX_PROGRAMS.removeprefix("The largest programs"))
    for item in DOCX_BULLETS:
        document.add_paragraph(item, style="List Bullet")
    document.add_heading("Funding by Program", level=2)
    table = document.add_table(rows=len(DOCX_TABLE), cols=3)
    for r, row in enumerate(DOCX_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(DOCX_AFTER_TABLE)
    document.add_heading("Issues for Congress", level=1)
    document.add_paragraph(DOCX_ISSUES)
    for item in DOCX_NUMBERED:
        document.add_paragraph(item, style="List Number")
    document.save(path)
    return path


def _add_footnote(document, paragraph, number: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Add a real Word footnote (python-docx has no API for them: the XML is written here)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (
        f"<w:footnotes {w}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote>"
        f'<w:footnote w:id="{number}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/>'
        f'</w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        notes.encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    reference = parse_xml(
        f'<w:r {w}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{number}"/></w:r>'
    )
    paragraph._p.append(reference)


def make_corrupt_docx(path: Path, tmp: Path) -> Path:
    """Write a Word file cut off halfway, as an interrupted download leaves it."""
    whole = make_docx(tmp / "whole.docx").read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path
