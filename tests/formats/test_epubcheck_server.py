"""One EPUBCheck process for a build: the command line's findings, book after book in one
Java process, a new process after one dies, and the command line where none can start."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.formats import epub_check
from pipeline.formats.epubcheck_server import SharedServer

# Each test starts Java and EPUBCheck (a few seconds each): slow.
pytestmark = pytest.mark.slow

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)
OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="id" version="3.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">urn:uuid:3f1b8c4e-7d2a-4b6e-9c1d-2a5e8f0b7c3d</dc:identifier>
    <dc:title>Levee Safety</dc:title>
    <dc:language>en</dc:language>
    <meta property="dcterms:modified">2024-01-01T00:00:00Z</meta>
  </metadata>
  <manifest>
    <item href="nav.xhtml" id="nav" media-type="application/xhtml+xml" properties="nav"/>
    <item href="chapter.xhtml" id="chapter" media-type="application/xhtml+xml"/>
  </manifest>
  <spine><itemref idref="chapter"/></spine>
</package>"""
NAV = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Contents</title></head>
<body><nav epub:type="toc"><ol><li><a href="chapter.xhtml">Levees</a></li></ol></nav></body>
</html>"""
# After a Congressional Research Service summary (U.S. government work, public domain).
CHAPTER = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Levees</title></head>
<body{attribute}><p>Levees protect communities from floods. Many were built decades ago.</p>
</body>
</html>"""


def _epub(path: Path, attribute: str = "") -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", CONTAINER)
        book.writestr("EPUB/content.opf", OPF)
        book.writestr("EPUB/nav.xhtml", NAV)
        book.writestr("EPUB/chapter.xhtml", CHAPTER.format(attribute=attribute))
    return path


@pytest.fixture
def books(tmp_path: Path) -> tuple[Path, Path]:
    return _epub(tmp_path / "clean.epub"), _epub(tmp_path / "faulty.epub", ' foo="1"')


def _command() -> list[str]:
    java = shutil.which("java")
    assert java, "EPUBCheck needs Java (make setup installs it)"
    return [java, *epub_check.JVM_FLAGS, "-cp", str(epub_check._jar()[0])]


def _command_line(path: Path) -> list[epub_check.Finding]:
    java, jar = shutil.which("java"), epub_check._jar()[0]
    assert java
    return epub_check._findings(epub_check._command_line(java, jar, path))


def test_books_in_one_process_get_the_command_lines_findings(books):
    clean, faulty = books
    server = SharedServer()
    try:
        faulty_report = server.check(_command(), faulty, 300)
        process = server._server
        clean_report = server.check(_command(), clean, 300)
        assert server._server is process and process is not None and process.alive
    finally:
        server.close()
    assert faulty_report is not None and clean_report is not None
    found = epub_check._findings(faulty_report)
    assert found == _command_line(faulty)
    assert any(f.severity == "ERROR" and "foo" in f.message for f in found)
    assert epub_check._findings(clean_report) == _command_line(clean) == []
    assert not process.alive  # closing ends it


def test_a_process_that_died_is_replaced_by_the_next_book(books):
    clean, faulty = books
    server = SharedServer()
    try:
        assert server.check(_command(), clean, 300) is not None
        first = server._server
        assert first is not None
        first._process.kill()
        first._process.wait()
        report = server.check(_command(), faulty, 300)
        assert report is not None and server._server is not first
        assert epub_check._findings(report) == _command_line(faulty)
    finally:
        server.close()


def test_where_no_process_starts_each_book_goes_to_the_command_line(books, monkeypatch):
    clean, faulty = books
    server = SharedServer()
    # A Java that refuses the options cannot run the server: the checker says so once.
    assert server.check([*_command(), "-XX:+NoSuchOption"], clean, 300) is None
    assert not server.available
    monkeypatch.setattr(epub_check, "_SERVER", server)
    found = epub_check.run_epubcheck(faulty)
    assert any(f.severity == "ERROR" for f in found)
