"""Realistic input files for the importer, made in the tests: a Word report written with
python-docx, a two-column PDF laid out with reportlab (running header, footer with page
numbers, hyphenated line ends, footnotes), an image-only PDF, an encrypted PDF, a broken
Word file. The prose is in the style of U.S. government reports (CRS, GAO), written for these
tests. Each maker returns what the importer should find.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

# -- the Word report -------------------------------------------------------------------------

DOCX_TITLE = "Rural Broadband Deployment: Federal Programs and Issues for Congress"
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
    from docx.enum.text import WD_BREAK  # noqa: F401  (imported for its side effect of loading)

    document = docx.Document()
    document.add_paragraph(DOCX_TITLE, style="Title")
    document.add_paragraph(DOCX_SUMMARY)
    document.add_heading("Introduction", level=1)
    first = document.add_paragraph(DOCX_INTRO[0])
    second = document.add_paragraph()
    second.add_run(DOCX_INTRO[1])
    _add_footnote(document, second, 1, DOCX_NOTE)
    first.runs[0].italic = False
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


# -- the two-column PDF ----------------------------------------------------------------------

PDF_TITLE = "Wildland Fire Management: Federal Funding and Issues for Congress"
PDF_HEADER = "Wildland Fire Management Funding"
PDF_FOOTER = "Congressional Research Service"

# Section title, then paragraphs; {n} marks where footnote n is referenced.
PDF_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Introduction",
        [
            "Wildfires burn millions of acres of federal, state, tribal and private land each "
            "year. Federal responsibility for wildland fire management rests mainly with the "
            "Forest Service and four agencies within the Department of the Interior, which "
            "together protect more than 675 million acres.{1} Their spending on wildfire has "
            "grown substantially over the past three decades, as fire seasons have lengthened "
            "and as more homes have been built near forests and rangelands.",
            "Appropriations for wildland fire management fund two broad kinds of activity: "
            "suppression, which covers the immediate response to fires that are burning, and "
            "a set of other activities that include preparedness, hazardous fuels reduction, "
            "and the rehabilitation of burned areas. Because suppression costs are difficult "
            "to predict, the agencies have often transferred funds from other accounts in "
            "years when fires were severe.",
        ],
    ),
    (
        "Suppression Funding",
        [
            "For many years the agencies requested suppression funds equal to the ten-year "
            "average of their suppression spending. When a season cost more than that average, "
            "they borrowed from nonfire programs, a practice that disrupted planned work such "
            "as timber sales, recreation projects and cross-boundary restoration.{2}",
            "Congress responded by creating a separate budget authority for suppression that "
            "can be used only after the regular appropriation has been exhausted. Under this "
            "arrangement, the additional amounts are designated as disaster funding and do "
            "not count against the discretionary spending limits that would otherwise apply. "
            "Supporters argued that the change would stabilize agency budgets and end the "
            "disruptive transfers that had become routine in the previous decade.",
        ],
    ),
    (
        "Issues for Congress",
        [
            "Several questions remain for oversight. One is whether the agencies can measure "
            "the effect of hazardous fuels treatments on the size and severity of later fires, "
            "which would help Congress weigh prevention against response. Another concerns "
            "the workforce: the agencies rely on seasonal firefighters, and officials have "
            "reported difficulty recruiting and retaining them.{3}",
            "A third question involves cooperation across jurisdictions. Fires do not respect "
            "administrative boundaries, and agreements among federal, state, local and tribal "
            "governments, including U.S.-Canada arrangements for sharing crews and aircraft, "
            "determine who pays for a response that crosses them. Congress may consider "
            "whether these agreements allocate costs in a way that encourages effective "
            "coordination and timely initial attack.",
        ],
    ),
    (
        "Options for Congress",
        [
            "Congress could direct the agencies to report each year on the outcomes of their "
            "fuels treatments, using common measures that allow comparison across regions. It "
            "could also require a workforce plan that sets out how the agencies intend to "
            "convert seasonal positions into permanent ones, and at what cost.",
            "Alternatively, Congress could leave the current arrangements in place and rely on "
            "existing oversight tools, such as hearings and reports from the Government "
            "Accountability Office, to identify problems as they arise. Each approach involves "
            "tradeoffs between flexibility for the agencies and predictability for the "
            "communities and cooperators that depend on them.",
            "Whatever approach Congress takes, the underlying pressures are likely to "
            "persist. Longer fire seasons, drought, insect damage and continued development "
            "in the wildland-urban interface all increase the number of fires that threaten "
            "communities, and with them the cost of protecting those communities.{4} The "
            "agencies have estimated that tens of millions of acres of federal land are at "
            "elevated risk, far more than current treatment programs can address in a decade.",
            "Decisions about funding will therefore shape not only the agencies' budgets but "
            "also the condition of the lands they manage and the safety of the people who live "
            "nearby. Careful measurement of results, stable appropriations and coordination "
            "among governments are the recurring themes of the oversight record to date.",
        ],
    ),
]
PDF_NOTES = {
    "1": "The four Interior agencies are the Bureau of Land Management, the National Park "
    "Service, the Fish and Wildlife Service and the Bureau of Indian Affairs.",
    "2": "Transfers were usually repaid in later appropriations, but not always in full.",
    "3": "Seasonal employees made up a large share of the firefighting workforce in recent years.",
    "4": "The wildland-urban interface is the zone where structures and other human "
    "development meet or intermingle with undeveloped wildland vegetation.",
}

_PAGE_W, _PAGE_H = 612.0, 792.0
_MARGIN, _GUTTER = 72.0, 24.0
_BODY_FONT, _BODY_SIZE, _LEADING = "Times-Roman", 12.0, 15.0
_HEAD_FONT, _HEAD_SIZE = "Helvetica-Bold", 13.0
_NOTE_FONT, _NOTE_SIZE, _NOTE_LEADING = "Times-Roman", 8.0, 9.5
_NOTE_AREA = 70.0  # kept free at the bottom of each page for its footnotes
_MARKER = re.compile(r"\{(\d+)\}")
# Compounds broken after their own hyphen wherever they fall, so that every layout has some.
_BREAK_AFTER_HYPHEN = ("cross-boundary", "U.S.-Canada", "wildland-urban")


@dataclass
class PdfLayout:
    """What the generator did, for the tests to check against."""

    pages: int = 0
    hyphenated: list[str] = field(default_factory=list)  # words split with a typesetter's hyphen
    hyphen_kept: list[str] = field(default_factory=list)  # words broken after their own hyphen
    column_breaks_inside_paragraphs: int = 0
    page_breaks_inside_paragraphs: int = 0


def _width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def _words_with_markers(paragraph: str) -> list[tuple[str, str | None]]:
    """Return (word, note label or None) pairs: "acres.{1}" → ("acres.", "1")."""
    out: list[tuple[str, str | None]] = []
    for token in paragraph.split():
        match = _MARKER.search(token)
        out.append((_MARKER.sub("", token), match.group(1) if match else None))
    return out


def _wrap(paragraph: str, width: float, layout: PdfLayout) -> list[list[tuple[str, str | None]]]:
    """Greedy line breaking with hyphenation, as a typesetter would do it."""
    marker_w = _width("0", _BODY_FONT, _BODY_SIZE * 0.6)
    space = _width(" ", _BODY_FONT, _BODY_SIZE)

    def w(word: tuple[str, str | None]) -> float:
        return _width(word[0], _BODY_FONT, _BODY_SIZE) + (marker_w if word[1] else 0)

    lines: list[list[tuple[str, str | None]]] = [[]]
    used = 0.0
    words = _words_with_markers(paragraph)
    while words:
        word = words.pop(0)
        need = w(word) + (space if lines[-1] else 0)
        forced = word[0].startswith(_BREAK_AFTER_HYPHEN)
        if used + need <= width and not forced:
            lines[-1].append(word)
            used += need
            continue
        room = width - used - (space if lines[-1] else 0)
        text = word[0]
        split = None
        if forced or (room > 0 and "-" in text[:-1]):
            head = text[: text.index("-") + 1]
            if _width(head, _BODY_FONT, _BODY_SIZE) <= room:
                split = (head, text[len(head) :], False)
        if split is None and room > width * 0.1 and len(text) >= 7 and text.isalpha():
            for cut in range(len(text) - 3, 2, -1):
                if _width(text[:cut] + "-", _BODY_FONT, _BODY_SIZE) <= room:
                    split = (text[:cut] + "-", text[cut:], True)
                    break
        if split:
            head, tail, typeset = split
            lines[-1].append((head, None))
            (layout.hyphenated if typeset else layout.hyphen_kept).append(text)
            words.insert(0, (tail, word[1]))
        else:
            words.insert(0, word)
        lines.append([])
        used = 0.0
    return [line for line in lines if line]


def make_two_column_pdf(path: Path) -> PdfLayout:
    """Write the two-column report; return how it was laid out."""
    from reportlab.pdfgen.canvas import Canvas

    layout = PdfLayout()
    canvas = Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H))
    canvas.setTitle(PDF_TITLE)
    col_w = (_PAGE_W - 2 * _MARGIN - _GUTTER) / 2
    lefts = (_MARGIN, _MARGIN + col_w + _GUTTER)
    body_top = _PAGE_H - _MARGIN - 10
    body_bottom = _MARGIN + _NOTE_AREA
    state = {"page": 1, "col": 0, "y": 0.0, "notes": []}

    def start_page(first: bool) -> None:
        state["notes"] = []
        if not first:
            canvas.setFont("Helvetica", 8)
            canvas.drawString(_MARGIN, _PAGE_H - 36, PDF_HEADER)
            canvas.line(_MARGIN, _PAGE_H - 40, _PAGE_W - _MARGIN, _PAGE_H - 40)
        canvas.setFont("Helvetica", 8)
        canvas.drawString(_MARGIN, 30, PDF_FOOTER)
        canvas.drawRightString(_PAGE_W - _MARGIN, 30, str(state["page"]))

    def finish_page() -> None:
        notes = state["notes"]
        if notes:
            y = _MARGIN + _NOTE_AREA - 14
            canvas.line(_MARGIN, y + 10, _MARGIN + 120, y + 10)
            for label in notes:
                canvas.setFont(_NOTE_FONT, _NOTE_SIZE * 0.7)
                canvas.drawString(_MARGIN, y + 3, label)
                words = PDF_NOTES[label].split()
                line: list[str] = []
                for word in words:
                    trial = " ".join([*line, word])
                    if _width(trial, _NOTE_FONT, _NOTE_SIZE) > _PAGE_W - 2 * _MARGIN - 8:
                        canvas.setFont(_NOTE_FONT, _NOTE_SIZE)
                        canvas.drawString(_MARGIN + 6, y, " ".join(line))
                        y -= _NOTE_LEADING
                        line = [word]
                    else:
                        line.append(word)
                canvas.setFont(_NOTE_FONT, _NOTE_SIZE)
                canvas.drawString(_MARGIN + 6, y, " ".join(line))
                y -= _NOTE_LEADING
        canvas.showPage()

    def next_column(in_paragraph: bool) -> None:
        if state["col"] == 0:
            state["col"] = 1
            if in_paragraph:
                layout.column_breaks_inside_paragraphs += 1
        else:
            finish_page()
            state["page"] += 1
            state["col"] = 0
            if in_paragraph:
                layout.page_breaks_inside_paragraphs += 1
            start_page(False)
        state["y"] = body_top

    start_page(True)
    canvas.setFont("Helvetica-Bold", 20)
    title_lines = ["Wildland Fire Management: Federal", "Funding and Issues for Congress"]
    y = _PAGE_H - _MARGIN - 14
    for text in title_lines:
        canvas.drawString(_MARGIN, y, text)
        y -= 24
    canvas.setFont("Helvetica", 10)
    canvas.drawString(_MARGIN, y - 4, "Updated March 4, 2021")
    body_top_first = y - 30
    state["y"] = body_top_first
    first_page_top = body_top_first

    for heading, paragraphs in PDF_SECTIONS:
        if state["y"] - 3 * _LEADING < body_bottom:
            next_column(False)
            if state["page"] == 1:
                state["y"] = first_page_top
        if state["y"] < (first_page_top if state["page"] == 1 else body_top):
            state["y"] -= 8
        canvas.setFont(_HEAD_FONT, _HEAD_SIZE)
        canvas.drawString(lefts[state["col"]], state["y"], heading)
        state["y"] -= _LEADING + 6
        for paragraph in paragraphs:
            lines = _wrap(paragraph, col_w, layout)
            for index, line in enumerate(lines):
                if state["y"] < body_bottom:
                    next_column(True)
                    if state["page"] == 1:
                        state["y"] = first_page_top
                x = lefts[state["col"]]
                for n, (word, label) in enumerate(line):
                    text = word if n == len(line) - 1 else word + " "
                    if label:
                        text = word
                    canvas.setFont(_BODY_FONT, _BODY_SIZE)
                    canvas.drawString(x, state["y"], text)
                    x += _width(text, _BODY_FONT, _BODY_SIZE)
                    if label:
                        canvas.setFont(_BODY_FONT, _BODY_SIZE * 0.6)
                        canvas.drawString(x, state["y"] + 4, label)
                        x += _width(label, _BODY_FONT, _BODY_SIZE * 0.6)
                        state["notes"].append(label)
                        if n != len(line) - 1:
                            x += _width(" ", _BODY_FONT, _BODY_SIZE)
                state["y"] -= _LEADING
                del index
            state["y"] -= 6
    finish_page()
    canvas.save()
    layout.pages = state["page"]
    return layout


def pdf_paragraphs() -> list[str]:
    """The body paragraphs of the two-column PDF as the importer should give them."""
    return [_MARKER.sub("", p) for _, ps in PDF_SECTIONS for p in ps]


def make_image_pdf(path: Path) -> Path:
    """Write a 'scanned' PDF: each page one picture of text, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    picture = Image.new("L", (850, 1100), 255)
    draw = ImageDraw.Draw(picture)
    for row in range(30):
        draw.text((60, 60 + row * 30), f"Scanned page of a policy report, line {row}", fill=0)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    canvas = Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H))
    for _ in range(2):
        buffer.seek(0)
        canvas.drawImage(ImageReader(buffer), 0, 0, _PAGE_W, _PAGE_H)
        canvas.showPage()
    canvas.save()
    return path


def make_encrypted_pdf(path: Path) -> Path:
    """Write a PDF that needs a password to open."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    protection = StandardEncryption("open-sesame", ownerPassword="owner", strength=128)
    canvas = Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H), encrypt=protection)
    canvas.setFont(_BODY_FONT, _BODY_SIZE)
    canvas.drawString(_MARGIN, 700, "This report is only for those who know the password.")
    canvas.showPage()
    canvas.save()
    return path
