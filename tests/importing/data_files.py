"""Where the importer's kept input files are (imported by name, never through ``conftest``:
which conftest that name finds depends on the order pytest collected the folders in)."""

from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "importing"
# A copy of ../shared/seed/000_d484e9ff913831e3.txt, the report's web page as it arrived.
SEED = DATA / "seed-convocation-page.txt"
