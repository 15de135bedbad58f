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
from pathlib import Path
from typing import IO

from pipeline.errors import EngineUnavailable

SOURCE = Path(__file__).with_name("_java") / "EpubCheckServer.java"
START_TIMEOUT_S = 120  # compiling the source and loading EPUBCheck, on a busy machine
CLOSE_TIMEOUT_S = 5


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
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        try:
            # A worker process forked since it started holds its input open: no end of
            # input reaches it then, so it is stopped.
            self._process.wait(CLOSE_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()

    @property
    def alive(self) -> bool:
        return self._process.poll() is None


class SharedServer:
    """The build's one process, started with the first book, one book at a time (a book
    waits while another is checked: a warm check takes a tenth of a second)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server: EpubCheckServer | None = None
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

    def close(self) -> None:
        with self._lock:
            if self._server is not None:
                self._server.close()
                self._server = None
