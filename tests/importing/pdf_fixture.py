"""PDFs made with reportlab for the importer's tests: a two-column report with a title across
the page, a running header (from page 2), a footer with page numbers, words hyphenated at line
ends, compounds broken after their own hyphen, and footnotes on two pages; an image-only
('scanned') PDF; a PDF that needs a password. The prose is in the style of a CRS report,
written for these tests.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

PDF_TITLE = "Wildland Fire Management: Federal Funding and Issues for Congress"
PDF_HEADER = "Wildland Fire Management Funding"
PDF_FOOTER = "Congressional Research Service"
PDF_AUTHOR = "Dana R. Whitfield"

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
_MARGIN, _GUTTER = 72.0, 24.0  # the one-column report's margin; the gap between columns
_BODY_FONT, _BODY_SIZE, _LEADING = "Times-Roman", 12.0, 15.0
_MARK_SIZE, _MARK_RISE = 7.2, 4.0  # note markers: small and raised
_HEAD_FONT, _HEAD_SIZE = "Helvetica-Bold", 13.0
_NOTE_FONT, _NOTE_SIZE, _NOTE_LEADING = "Times-Roman", 8.0, 9.5
_NOTE_AREA = 70.0  # kept free at the foot of each page for its notes
_MARKER = re.compile(r"\{(\d+)\}")
# Compounds broken after their own hyphen wherever they fall, so that every layout has some.
_BREAK_AFTER_HYPHEN = ("cross-boundary", "U.S.-Canada", "wildland-urban")
_VOWELS = set("aeiouy")

Word = tuple[str, str | None]  # the word, and the label of the note it refers to


@dataclass
class PdfLayout:
    """What the generator did, for the tests to check against."""

    pages: int = 0
    hyphenated: list[str] = field(default_factory=list)  # words split with a typesetter's hyphen
    hyphen_kept: list[str] = field(default_factory=list)  # words broken after their own hyphen
    column_breaks_inside_paragraphs: int = 0
    page_breaks_inside_paragraphs: int = 0


def _width(text: str, font: str = _BODY_FONT, size: float = _BODY_SIZE) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font, size)


def _words(paragraph: str) -> list[Word]:
    """Return (word, note label or None) pairs: "acres.{1}" → ("acres.", "1")."""
    out: list[Word] = []
    for token in paragraph.split():
        match = _MARKER.search(token)
        out.append((_MARKER.sub("", token), match.group(1) if match else None))
    return out


def _word_width(word: Word) -> float:
    return _width(word[0]) + (_width(word[1], size=_MARK_SIZE) if word[1] else 0.0)


def _split(text: str, room: float, forced: bool) -> tuple[str, str, bool] | None:
    """Return (head, tail, typeset) to break ``text`` at a line end within ``room``, or None.

    A compound breaks after its own hyphen; a long word after a vowel before a consonant,
    with a typesetter's hyphen added, as hyphenation dictionaries mostly do.
    """
    if "-" in text[:-1]:
        head = text[: text.index("-") + 1]
        return (head, text[len(head) :], False) if _width(head) <= room else None
    if forced or len(text) < 7 or not text.isalpha():
        return None
    for cut in range(len(text) - 3, 2, -1):
        syllable = text[cut - 1].lower() in _VOWELS and text[cut].lower() not in _VOWELS
        if syllable and _width(text[:cut] + "-") <= room:
            return text[:cut] + "-", text[cut:], True
    return None


def _wrap(paragraph: str, width: float, layout: PdfLayout) -> list[list[Word]]:
    """Greedy line breaking with hyphenation, as a word processor does it."""
    space = _width(" ")
    lines: list[list[Word]] = [[]]
    used = 0.0
    words = _words(paragraph)
    while words:
        word = words.pop(0)
        need = _word_width(word) + (space if lines[-1] else 0)
        forced = word[0].startswith(_BREAK_AFTER_HYPHEN)
        if used + need <= width and not forced:
            lines[-1].append(word)
            used += need
            continue
        room = width - used - (space if lines[-1] else 0)
        split = _split(word[0], room, forced) if room > width * 0.1 or forced else None
        if split:
            head, tail, typeset = split
            lines[-1].append((head, None))
            (layout.hyphenated if typeset else layout.hyphen_kept).append(word[0])
            word = (tail, word[1])
        words.insert(0, word)
        lines.append([])
        used = 0.0
    return [line for line in lines if line]


class _TwoColumnWriter:
    """Lays the report out: title across the page, then two columns, notes at each foot."""

    def __init__(self, path: Path, margin: float) -> None:
        from reportlab.pdfgen.canvas import Canvas

        self.margin = margin
        self.canvas = Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H))
        self.canvas.setTitle(PDF_TITLE)
        self.canvas.setAuthor(PDF_AUTHOR)
        self.layout = PdfLayout(pages=1)
        self.column_width = (_PAGE_W - 2 * margin - _GUTTER) / 2
        self.lefts = (self.margin, self.margin + self.column_width + _GUTTER)
        self.top = _PAGE_H - self.margin - 10  # where columns start, below the title on page 1
        self.bottom = self.margin + _NOTE_AREA
        self.column = 0
        self.y = self.top
        self.notes: list[str] = []

    def page_furniture(self) -> None:
        canvas, page = self.canvas, self.layout.pages
        canvas.setFont("Helvetica", 8)
        if page > 1:
            canvas.drawString(self.margin, _PAGE_H - 36, PDF_HEADER)
            canvas.line(self.margin, _PAGE_H - 40, _PAGE_W - self.margin, _PAGE_H - 40)
        canvas.drawString(self.margin, 30, PDF_FOOTER)
        canvas.drawRightString(_PAGE_W - self.margin, 30, str(page))

    def title(self) -> None:
        self.canvas.setFont("Helvetica-Bold", 20)
        y = _PAGE_H - self.margin - 14
        for text in ("Wildland Fire Management: Federal", "Funding and Issues for Congress"):
            self.canvas.drawString(self.margin, y, text)
            y -= 24
        self.canvas.setFont("Helvetica", 10)
        self.canvas.drawString(self.margin, y - 4, "Updated March 4, 2021")
        self.top = self.y = y - 30

    def foot_notes(self) -> None:
        y = self.margin + _NOTE_AREA - 14
        if self.notes:
            self.canvas.line(self.margin, y + 10, self.margin + 120, y + 10)
        for label in self.notes:
            self.canvas.setFont(_NOTE_FONT, _NOTE_SIZE * 0.7)
            self.canvas.drawString(self.margin, y + 3, label)
            self.canvas.setFont(_NOTE_FONT, _NOTE_SIZE)
            line: list[str] = []
            for word in [*PDF_NOTES[label].split(), None]:
                trial = " ".join([*line, word or ""])
                if (
                    word is None
                    or _width(trial, _NOTE_FONT, _NOTE_SIZE) > _PAGE_W - 2 * self.margin - 8
                ):
                    self.canvas.drawString(self.margin + 6, y, " ".join(line))
                    y -= _NOTE_LEADING
                    line = []
                if word:
                    line.append(word)
        self.notes = []

    def next_column(self, inside_paragraph: bool) -> None:
        if self.column == 0:
            self.column = 1
            self.layout.column_breaks_inside_paragraphs += inside_paragraph
        else:
            self.foot_notes()
            self.canvas.showPage()
            self.layout.pages += 1
            self.layout.page_breaks_inside_paragraphs += inside_paragraph
            self.column = 0
            self.top = _PAGE_H - self.margin - 10
            self.page_furniture()
        self.y = self.top

    def heading(self, text: str) -> None:
        if self.y - 3 * _LEADING < self.bottom:
            self.next_column(False)
        if self.y < self.top:
            self.y -= 8
        self.canvas.setFont(_HEAD_FONT, _HEAD_SIZE)
        self.canvas.drawString(self.lefts[self.column], self.y, text)
        self.y -= _LEADING + 6

    def paragraph(self, text: str) -> None:
        for line in _wrap(text, self.column_width, self.layout):
            if self.y < self.bottom:
                self.next_column(True)
            x = self.lefts[self.column]
            for word, label in line:
                self.canvas.setFont(_BODY_FONT, _BODY_SIZE)
                self.canvas.drawString(x, self.y, word)
                x += _width(word)
                if label:
                    self.canvas.setFont(_BODY_FONT, _MARK_SIZE)
                    self.canvas.drawString(x, self.y + _MARK_RISE, label)
                    x += _width(label, size=_MARK_SIZE)
                    self.notes.append(label)
                x += _width(" ")
            self.y -= _LEADING
        self.y -= 6

    def finish(self) -> PdfLayout:
        self.foot_notes()
        self.canvas.showPage()
        self.canvas.save()
        return self.layout


def make_two_column_pdf(path: Path, margin: float = 72.0) -> PdfLayout:
    """Write the two-column report with ``margin`` points around the text; return its layout.

    With narrow margins the text, the notes and the running header reach into the top and
    bottom tenth of the page, where the importer looks for running headers and footers.
    """
    writer = _TwoColumnWriter(path, margin)
    writer.page_furniture()
    writer.title()
    for heading, paragraphs in PDF_SECTIONS:
        writer.heading(heading)
        for paragraph in paragraphs:
            writer.paragraph(paragraph)
    return writer.finish()


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


# -- a one-column report set by reportlab's own page layout (platypus) -----------------------

GAO_TITLE = "Information Technology: Agencies Need to Plan for Modernizing Legacy Systems"
GAO_HEADER = "GAO-21-524T Legacy Systems"
GAO_SECTIONS: list[tuple[str, list[str]]] = [
    (
        "What GAO Found",
        [
            "Federal agencies spend much of their information technology budgets on operating "
            "and maintaining existing systems, some of which are decades old and written in "
            "languages that few programmers still know. Such legacy systems can be costly to "
            "run and can pose security risks when their vendors no longer support them.",
            "Of the ten systems GAO identified as most in need of modernization, several "
            "support functions that are essential to the public, such as processing benefits "
            "and collecting revenue.{1} Agencies had documented plans for some of these "
            "systems, but most plans lacked milestones, descriptions of the work needed, or "
            "details on disposing of the old systems.",
        ],
    ),
    (
        "Why GAO Did This Study",
        [
            "The federal government plans to spend more than $100 billion on information "
            "technology in the current fiscal year. GAO was asked to review the efforts of "
            "agencies to modernize their most critical legacy systems.",
            "This statement summarizes the agencies' progress and describes the elements that "
            "GAO has found to be important for successful modernization:",
        ],
    ),
    (
        "Elements of a Modernization Plan",
        [
            "GAO and others have reported that a plan should include milestones for completing "
            "the modernization, a description of the work necessary, and details regarding the "
            "disposition of the legacy system. Without such plans, agencies increase the risk "
            "that cost overruns, schedule delays and project failures will occur.",
            "Agency officials said that they face challenges in hiring staff with the skills "
            "needed for modernization projects, and that funding for these projects must "
            "compete with the cost of keeping the existing systems running in the meantime.",
        ],
    ),
]
GAO_ITEMS = [
    "milestones for completing the modernization;",
    "a description of the work necessary to modernize the legacy system; and",
    "details on the disposition of the legacy system.",
]


def make_single_column_pdf(path: Path) -> Path:
    """Write a one-column report with platypus: justified text with real spaces, headings
    from paragraph styles, a bulleted list, a superscript with no note text on its page,
    a header on every page and page numbers in the form "- 2 -"."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    body.alignment, body.fontSize, body.leading = TA_JUSTIFY, 11, 14
    story = [Paragraph(GAO_TITLE, styles["Title"])]
    for heading, paragraphs in GAO_SECTIONS:
        story.append(Paragraph(heading, styles["Heading2"]))
        story += [Paragraph(_MARKER.sub(r"<super>\1</super>", p), body) for p in paragraphs]
        if heading == "Why GAO Did This Study":
            items = [ListItem(Paragraph(item, body)) for item in GAO_ITEMS]
            story.append(ListFlowable(items, bulletType="bullet"))

    def furniture(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 9)
        canvas.drawString(72, 760, GAO_HEADER)
        canvas.drawCentredString(306, 30, f"- {document.page} -")
        canvas.restoreState()

    # A short text frame, so that the report runs over three pages.
    size = (_PAGE_W, _PAGE_H)
    template = SimpleDocTemplate(str(path), pagesize=size, topMargin=90, bottomMargin=330)
    template.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return path
