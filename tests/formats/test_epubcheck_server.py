"""One EPUBCheck process for a build: the command line's findings, book after book in one
Java process, a new process after one dies, and the command line where none can start."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.formats import epub_check
from pipeline.formats.epubcheck_server import SharedServer, small_epub

# Each test starts Java and EPUBCheck (a few seconds each): slow.
pytestmark = pytest.mark.slow


@pytest.fixture
def books(tmp_path: Path) -> tuple[Path, Path]:
    return small_epub(tmp_path / "clean.epub"), small_epub(tmp_path / "faulty.epub", ' foo="1"')


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


def test_a_warmed_up_process_checks_the_first_book_without_starting_again(books):
    _, faulty = books
    server = SharedServer()
    try:
        server.warm_up(_command())
        assert server._warming is not None
        server._warming.join(300)
        process = server._server
        assert process is not None and process.alive
        report = server.check(_command(), faulty, 300)
        assert server._server is process
        assert report is not None and epub_check._findings(report) == _command_line(faulty)
    finally:
        server.close()
    assert not process.alive
