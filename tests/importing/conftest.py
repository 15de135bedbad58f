"""Input files for the importer: made once per test session (docx_fixture, pdf_fixture), or
kept in tests/data/importing/."""

from __future__ import annotations

from pathlib import Path

import pytest
from importing import docx_fixture, pdf_fixture


@pytest.fixture(scope="session")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("made")


@pytest.fixture(scope="session")
def docx_file(made: Path) -> Path:
    return docx_fixture.make_docx(made / "broadband.docx")


@pytest.fixture(scope="session")
def corrupt_docx(made: Path) -> Path:
    return docx_fixture.make_corrupt_docx(made / "cut-off.docx", made)


@pytest.fixture(scope="session")
def two_column_pdf(made: Path) -> tuple[Path, pdf_fixture.PdfLayout]:
    path = made / "wildfire.pdf"
    return path, pdf_fixture.make_two_column_pdf(path)


@pytest.fixture(scope="session")
def image_pdf(made: Path) -> Path:
    return pdf_fixture.make_image_pdf(made / "scanned.pdf")


@pytest.fixture(scope="session")
def encrypted_pdf(made: Path) -> Path:
    return pdf_fixture.make_encrypted_pdf(made / "protected.pdf")
