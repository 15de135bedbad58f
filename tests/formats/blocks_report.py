"""A report with every block kind, for the rendering tests (imported by name).

Public-domain policy writing, after the Government Accountability Office's reports on
disaster assistance oversight: a table, figures (one local image, and paths that must never
be read: outside the report's folder, percent-encoded out of it, remote, missing), nested
lists, nested block quotes with a list inside, code, a thematic break and footnotes
defined in a "Notes" section that is not narrated.
"""

from dataclasses import dataclass
from pathlib import Path

OVERSIGHT = """\
# Disaster Assistance: Oversight of Federal Grants

This report draws on public work of the Government Accountability Office.[^1] It describes \
how agencies oversee [disaster grants](https://www.gao.gov/disaster-assistance) and where \
*gaps* remain.

## Findings

Agencies awarded more funds after recent storms.[^2] Oversight did not keep pace. Several \
programs lacked **current** guidance.

| Program | Agency | Awards ($m) |
| :--- | :---: | ---: |
| Public Assistance | FEMA | 1,240 |
| Community Development | HUD | 860 |
| Emergency Watershed | USDA | 75 |

![Map of counties that received assistance](figures/map.png \
"Counties that received assistance, 2017 to 2022")

![Outside the report's folder](../../etc/passwd "Outside path")

![Encoded path out of the folder](%2e%2e/secret.png "Encoded path")

![A chart on another site](https://example.com/chart.png "Remote chart")

![A chart that was never added](figures/missing.png "Missing chart")

## Recommendations

3. FEMA should update its guidance for grant monitoring.
4. HUD should track how grantees spend funds.
   - Quarterly reports should list each project.
   - Reports should be public.
5. USDA should assess staffing needs.

> Effective oversight depends on timely and reliable data.[^2]
>
> > Agencies should share data across programs.
>
> - Agencies agreed with two recommendations.

```text
awarded = sum(grants) < obligated & reported
```

---

Congress may wish to require annual reporting on these programs.

## Notes

[^1]: GAO, Disaster Assistance: Additional Actions Needed to Strengthen Oversight, GAO-21-226.
[^2]: GAO analysis of agency data for fiscal years 2017 to 2022.
"""

ROWS = 3  # the table's data rows
COLUMNS = 3


@dataclass(frozen=True)
class BlocksBuild:
    """The every-block-kind report built with the web edition and the EPUB."""

    source: Path  # source/oversight.md
    out: Path  # output/oversight
    image: Path  # the local figure's PNG, beside the report
    decoy: Path  # a PNG outside the report's folder, which a figure points at
    warnings: list[str]  # what the build logged as warnings
    options: object  # the BuildOptions it was built with
