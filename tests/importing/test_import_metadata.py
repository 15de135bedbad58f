"""What a file's properties say of its author, publisher and date: only what names someone."""

from __future__ import annotations

import pytest

from pipeline.importing.metadata import credible_author, credible_publisher, file_date, metadata


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        ("Dana R. Whitfield", "Dana R. Whitfield"),
        ("  Congressional   Research Service ", "Congressional Research Service"),
        ("Reuters", "Reuters"),
        # What the software puts there on its own, and login names.
        ("Microsoft Office User", ""),
        ("Administrator", ""),
        ("anonymous", ""),
        ("python-docx", ""),
        ("jsmith", ""),
        ("user01", ""),
        ("jane.doe@agency.gov", ""),
        (None, ""),
    ],
)
def test_an_author_is_kept_only_where_it_names_someone(written, kept) -> None:  # type: ignore[no-untyped-def]
    assert credible_author(written) == kept


def test_a_company_is_a_publisher_unless_it_names_a_vendor() -> None:
    assert (
        credible_publisher("Government Accountability Office") == "Government Accountability Office"
    )
    assert credible_publisher("Microsoft Corporation") == credible_publisher("HP") == ""


@pytest.mark.parametrize(
    ("written", "date"),
    [
        ("2024-05-14T09:30:00Z", "2024-05-14"),
        ("D:20240514093000-05'00'", "2024-05-14"),
        ("D:2024", "2024"),
        ("20240514", "2024-05-14"),
        ("yesterday", ""),
        ("D:00010101", ""),
        (None, ""),
    ],
)
def test_a_files_date_is_read_from_either_form(written, date) -> None:  # type: ignore[no-untyped-def]
    assert file_date(written) == date


def test_only_what_names_someone_becomes_front_matter() -> None:
    assert metadata("Windows User", "Dell Inc.", "D:20231102") == {"date": "2023-11-02"}
    assert metadata("Lena M. Ortiz", "Wilson Center", None) == {
        "author": "Lena M. Ortiz",
        "publisher": "Wilson Center",
    }
