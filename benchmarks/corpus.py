"""A catalogue of generated reports in the manner of GAO reports (U.S. government work, in
the public domain): each report's findings are its own sentences, made from templates and
the report's subject; its methodology and contact paragraphs are the boilerplate every report
of a catalogue repeats word for word, as real catalogues do."""

from __future__ import annotations

import random
from pathlib import Path

SUBJECTS = [
    ("Disaster Assistance", "the Federal Emergency Management Agency", "disaster relief"),
    ("Rural Broadband", "the Department of Agriculture", "broadband grants"),
    ("Ports of Entry", "Customs and Border Protection", "port modernization"),
    ("Veterans Health Care", "the Department of Veterans Affairs", "community care"),
    ("Highway Safety", "the Federal Highway Administration", "safety grants"),
    ("Drinking Water", "the Environmental Protection Agency", "water infrastructure loans"),
    ("Student Loans", "the Department of Education", "loan forgiveness"),
    ("Wildland Fire", "the Forest Service", "fuel reduction"),
    ("Medicaid Managed Care", "the Centers for Medicare and Medicaid Services", "payments"),
    ("Airport Security", "the Transportation Security Administration", "screening equipment"),
    ("Federal Real Property", "the General Services Administration", "office space"),
    ("Nuclear Waste Cleanup", "the Department of Energy", "site cleanup"),
    ("Small Business Lending", "the Small Business Administration", "disaster loans"),
    ("Public Housing", "the Department of Housing and Urban Development", "capital repairs"),
    ("Food Safety", "the Food and Drug Administration", "import inspections"),
    ("Coast Guard Readiness", "the Coast Guard", "cutter maintenance"),
    ("Census Operations", "the Census Bureau", "field data collection"),
    ("Cybersecurity", "the Department of Homeland Security", "network monitoring"),
    ("Trade Enforcement", "the Office of the United States Trade Representative", "trade cases"),
    ("Water Resources", "the Army Corps of Engineers", "levee repairs"),
]

WHY = [
    "In fiscal year {year}, {agency} obligated about {amount} billion dollars for {program}.",
    "Congress asked us to review how {agency} manages {program}.",
    "This report examines the extent to which {agency} has met its goals for {program}.",
]
FOUND = [
    "{Agency} does not collect complete data on the results of {program}.",
    "Officials told us that staffing shortages delayed {program} in {count} regions.",
    "We found that {count} of the projects we reviewed were behind schedule.",
    "The agency has not updated its guidance on {program} since {old_year}.",
    "Costs for {program} grew by about {percent} percent over five years.",
]
RECOMMEND = [
    "{Agency} should develop performance measures for {program}.",
    "We are making {count} recommendations to improve oversight of {program}.",
    "The agency agreed with our recommendations and described steps to address them.",
]
METHODOLOGY = (
    "We conducted this performance audit in accordance with generally accepted government "
    "auditing standards. Those standards require that we plan and perform the audit to "
    "obtain sufficient, appropriate evidence to provide a reasonable basis for our findings "
    "and conclusions based on our audit objectives."
)
CONTACT = (
    "If you or your staff have any questions about this report, please contact us. Contact "
    "points for our Offices of Congressional Relations and Public Affairs may be found on "
    "the last page of this report."
)


def report(index: int) -> tuple[str, str]:
    """The ``index``-th report: its file name and its Markdown."""
    title, agency, program = SUBJECTS[index % len(SUBJECTS)]
    rng = random.Random(index)
    slots = {
        "agency": agency,
        "Agency": agency[0].upper() + agency[1:],
        "program": program,
        "year": 2015 + index % 8,
        "old_year": 2005 + index % 9,
        "amount": rng.randint(2, 90),
        "count": rng.randint(3, 12),
        "percent": rng.randint(10, 60),
    }

    def paragraph(templates: list[str], sentences: int) -> str:
        return " ".join(t.format(**slots) for t in rng.sample(templates, sentences))

    sections = [
        f"# {title}: Actions Needed to Improve Oversight",
        paragraph(WHY, 2),
        "## What We Found",
        paragraph(FOUND, 3),
        paragraph(FOUND, 2),
        "## Recommendations",
        paragraph(RECOMMEND, 2),
        "## Methodology",
        METHODOLOGY,
        CONTACT,
    ]
    return f"report-{index + 1:02d}", "\n\n".join(sections) + "\n"


def write_catalogue(folder: Path, count: int) -> list[Path]:
    """``count`` reports as Markdown files in ``folder``; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = report(index)
        path = folder / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
