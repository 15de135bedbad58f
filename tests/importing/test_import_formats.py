"""Which reader takes a file: decided from its content; what cannot be imported, and why."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from importing.data_files import DATA

from pipeline.errors import InputError
from pipeline.importing import detect, import_file, reader_for
from pipeline.importing.errors import NoText, UnknownFormat
from pipeline.importing.markdown import normalise

MARKDOWN = "# Title\r\n\r\n\r\n\r\nSome *text*   \r\n\r\n- a\r\n- b\r\n"


def _probe_kind(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return reader_for(detect.probe(path)).NAME


def test_readers_are_chosen_by_content_not_by_name(tmp_path, docx_file, two_column_pdf):
    assert _probe_kind(tmp_path, "a.txt", two_column_pdf[0].read_bytes()) == "PDF"
    assert _probe_kind(tmp_path, "b.pdf", docx_file.read_bytes()) == "Word document (DOCX)"
    page = (DATA / "ports-of-entry.html").read_bytes()
    assert _probe_kind(tmp_path, "c.docx", page) == "web page (HTML)"
    assert _probe_kind(tmp_path, "d.txt", MARKDOWN.encode()) == "Markdown"
    seed = (DATA / "seed-convocation-page.txt").read_bytes()
    assert _probe_kind(tmp_path, "e.md", seed) == "plain text"


def test_markdown_passes_through_with_its_layout_normalised(tmp_path):
    source = tmp_path / "note.md"
    source.write_bytes(("\ufeff" + MARKDOWN).encode())
    report = import_file(source, source_dir=tmp_path / "source")
    assert report.target.read_text(encoding="utf-8") == "# Title\n\nSome *text*\n\n- a\n- b\n"
    assert report.format == "Markdown" and not report.dropped
    assert normalise("```\ncode\n\n\n\nmore\n```\n") == "```\ncode\n\n\n\nmore\n```\n"


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a PNG image, not a format this imports"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "an old Word/Office 97-2003 file"),
        (b"{\\rtf1\\ansi report}", "an RTF document"),
        (_zip(["xl/workbook.xml"]), "an Excel workbook, not a document"),
        (_zip(["notes.txt"]), "a ZIP archive, not a document"),
        (os.urandom(4096), "binary data of an unknown type"),
        (b"\x01\x02\x03\x04" * 300, "binary data of an unknown type"),
        (b"   \n\n\t\n", "no text (only white space)"),
    ],
)
def test_files_of_an_unknown_type_are_refused_naming_the_file_and_the_reason(
    tmp_path, data, reason
):
    path = tmp_path / "arrived.doc"
    path.write_bytes(data)
    with pytest.raises(UnknownFormat) as refused:
        import_file(path, source_dir=tmp_path / "source")
    assert str(refused.value).startswith(f"{path}: {reason}")
    assert not (tmp_path / "source").exists()


def test_missing_empty_and_huge_files_are_refused(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        import_file(tmp_path / "absent.pdf", source_dir=tmp_path)
    empty = tmp_path / "empty.txt"
    empty.touch()
    with pytest.raises(InputError, match="the file is empty"):
        import_file(empty, source_dir=tmp_path)
    huge = tmp_path / "huge.pdf"
    with open(huge, "wb") as sparse:
        sparse.truncate(detect.MAX_DOCUMENT_BYTES + 1)
    with pytest.raises(InputError, match=r"MB is larger than the \d+ MB limit"):
        import_file(huge, source_dir=tmp_path)
    text = tmp_path / "huge.txt"
    text.write_bytes(b"The agencies agreed. " * (detect.MAX_SOURCE_BYTES // 21 + 1))
    with pytest.raises(InputError, match=r"huge.txt: \d+ MB is larger than the \d+ MB limit"):
        import_file(text, source_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt", "huge.pdf", "huge.txt"]


def test_a_document_of_headings_alone_is_refused(tmp_path):
    page = tmp_path / "title.html"
    page.write_text("<html><body><h1>Only a Title</h1></body></html>", encoding="utf-8")
    with pytest.raises(NoText, match="no article text found in this web page"):
        import_file(page, source_dir=tmp_path / "source")
    line = tmp_path / "line.txt"
    line.write_text("Just One Line of Text\n", encoding="utf-8")
    with pytest.raises(NoText, match="nothing to import: only headings found in it"):
        import_file(line, source_dir=tmp_path / "source")
    assert not (tmp_path / "source").exists()
