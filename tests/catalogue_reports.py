"""Three short reports in the manner of GAO reports (U.S. government work, public domain),
sharing their methodology paragraph word for word, as a catalogue's reports do."""

from __future__ import annotations

from pathlib import Path

SHARED = (
    "This report was prepared in accordance with generally accepted government auditing "
    "standards. Those standards require that we plan and perform the audit to obtain "
    "sufficient, appropriate evidence."
)

REPORTS = {
    "disaster": f"""\
# Disaster Assistance: Improving Federal Coordination

Federal agencies spent more than 40 billion dollars on disaster assistance in fiscal year
2018. The Federal Emergency Management Agency coordinates the response of many agencies.

## What We Found

Agencies did not share information about applicants consistently. Survivors were asked for
the same documents several times.

## Methodology

{SHARED}
""",
    "ports": f"""\
# Ports of Entry: Infrastructure Needs at the Southwest Border

Land ports of entry process more than 200 million crossings each year. Many facilities were
built decades ago for far less traffic.

## Findings

Wait times at the busiest crossings often exceed two hours. Modernization projects have been
delayed by funding gaps.

## Methodology

{SHARED}
""",
    "broadband": f"""\
# Broadband Deployment in Rural Areas

About 14 million rural Americans lack access to fixed broadband service. Federal programs have
provided grants and loans to extend networks.

## Observations

Program data do not show which households gained service. Agencies should agree on a common
map of coverage.

## Methodology

{SHARED}
""",
}


def write_catalogue(folder: Path) -> list[Path]:
    """The three reports as Markdown files in ``folder`` (created); their paths, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in REPORTS.items():
        path = folder / f"{name}.md"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return sorted(paths)
