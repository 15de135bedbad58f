"""One EPUBCheck process for a whole build, asked for one book at a time.

Java's start and EPUBCheck's schemas cost about five processor-seconds a process, and a book
checked in a process already warm a tenth of a second: a build's two languages (or a
catalogue's many books) share one process instead of starting one each. The process runs
``_java/EpubCheckServer.java`` in Java's source-file mode (compiled in memory, nothing to
build at setup) and ends when its input does. Where it cannot start (a Java without its
compiler module), ``available`` is False and the caller starts EPUBCheck a book at a time.
"""

from __future__ import annotations

import contextlib
import json
import select
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import IO

from pipeline.errors import EngineUnavailable

SOURCE = Path(__file__).with_name("_java") / "EpubCheckServer.java"
START_TIMEOUT_S = 120  # compiling the source and loading EPUBCheck, on a busy machine


class ServerGone(Exception):
    """The process died: the caller checks the book another way."""


class ServerWontStart(ServerGone):
    """The process could not start here: every book is checked another way."""


class EpubCheckServer:
    def __init__(self, command: list[str]) -> None:
        self._process = subprocess.Popen(
            [*command, str(SOURCE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # Its complaints would fill a pipe nobody reads; a book's findings come in JSON.
            stderr=subprocess.DEVNULL,
        )
        try:
            ready = self._answer(START_TIMEOUT_S)
        except (ServerGone, EngineUnavailable):
            ready = ""
        if ready != "ready":
            self.close()
            raise ServerWontStart("EPUBCheck's process did not start")

    def _answer(self, timeout: float) -> str:
        stdout = self._process.stdout
        assert stdout is not None
        ready, _, _ = select.select([stdout], [], [], timeout)
        if not ready:
            self.close()
            raise EngineUnavailable(f"EPUBCheck did not answer within {timeout:.0f} s")
        line = stdout.readline()
        if not line:  # the process died
            self.close()
            raise ServerGone("EPUBCheck's process ended")
        return line.decode("utf-8", "replace").strip()

    def check(self, epub: Path, timeout: float) -> dict:
        """EPUBCheck's JSON report on ``epub``; EngineUnavailable if EPUBCheck fails on it."""
        stdin: IO[bytes] | None = self._process.stdin
        assert stdin is not None
        with tempfile.TemporaryDirectory(prefix="epubcheck-report-") as folder:
            report = Path(folder) / "report.json"
            try:
                stdin.write(f"{epub}\t{report}\n".encode())
                stdin.flush()
            except OSError:
                self.close()
                raise ServerGone("EPUBCheck's process ended") from None
            answer = self._answer(timeout)
            if answer == "done":
                return json.loads(report.read_text(encoding="utf-8"))
        raise EngineUnavailable(f"EPUBCheck failed on {epub.name}: {answer.removeprefix('error ')}")

    def close(self) -> None:
        """Stop the process (it keeps nothing worth a clean end, and a worker process forked
        since it started would hold its input open: no end of input would reach it); a
        check in flight ends with ServerGone."""
        self._process.kill()
        self._process.wait()
        for pipe in (self._process.stdin, self._process.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    @property
    def alive(self) -> bool:
        return self._process.poll() is None


class SharedServer:
    """The build's one process, started with the first book, one book at a time (a book
    waits while another is checked: a warm check takes a tenth of a second)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server: EpubCheckServer | None = None
        self._warming: threading.Thread | None = None
        self.available = SOURCE.is_file()

    def check(self, command: list[str], epub: Path, timeout: float) -> dict | None:
        """EPUBCheck's report on ``epub``, or None where no process can check it (the
        caller then runs EPUBCheck's command line)."""
        if "\t" in str(epub) or "\n" in str(epub):
            return None  # the request line could not name it
        with self._lock:
            if not self.available:
                return None
            try:
                if self._server is None or not self._server.alive:
                    self._server = EpubCheckServer(command)
                return self._server.check(epub, timeout)
            except ServerWontStart:
                self._server = None
                self.available = False
                return None
            except ServerGone:
                self._server = None  # the next book starts another
                return None

    @property
    def started(self) -> bool:
        """Whether the process is up or loading: one more book costs it a tenth of a second
        once it is up."""
        warming, server = self._warming, self._server
        return (warming is not None and warming.is_alive()) or (server is not None and server.alive)

    def warm_up(self, command: list[str]) -> None:
        """Start the process now and check a small book with it, in the background: Java
        and EPUBCheck's schemas load while the build does other work."""
        if self._warming is not None and self._warming.is_alive():
            return
        if self._server is not None and self._server.alive:
            return

        def run() -> None:
            # A book that fails only wastes the warm-up; a real book asks again.
            with (
                tempfile.TemporaryDirectory(prefix="epubcheck-warm-") as folder,
                contextlib.suppress(EngineUnavailable),
            ):
                self.check(command, small_epub(Path(folder) / "warm-up.epub"), 600)

        self._warming = threading.Thread(target=run, name="epubcheck-warm-up", daemon=True)
        self._warming.start()

    def close(self) -> None:
        server = self._server
        if server is not None:
            server.close()  # a warm-up in flight ends now
        if self._warming is not None:
            self._warming.join()
            self._warming = None
        with self._lock:
            if self._server is not None:
                self._server.close()
                self._server = None


_CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" '
    'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
    '<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>'
    "</rootfiles></container>"
)
_PACKAGE = """<?xml version="1.0" encoding="utf-8"?>
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
_NAV = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>Contents</title></head>
<body><nav epub:type="toc"><ol><li><a href="chapter.xhtml">Levees</a></li></ol></nav></body>
</html>"""
# After a Congressional Research Service summary (U.S. government work, public domain).
_CHAPTER = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head><title>Levees</title></head>
<body{attribute}><p>Levees protect communities from floods. Many were built decades ago.</p>
</body>
</html>"""


def small_epub(path: Path, body_attribute: str = "") -> Path:
    """A one-chapter EPUB 3 that EPUBCheck passes (``body_attribute``, e.g. ' foo="1"',
    makes it fail)."""
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        book.writestr("META-INF/container.xml", _CONTAINER)
        book.writestr("EPUB/content.opf", _PACKAGE)
        book.writestr("EPUB/nav.xhtml", _NAV)
        book.writestr("EPUB/chapter.xhtml", _CHAPTER.format(attribute=body_attribute))
    return path
