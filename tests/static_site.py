"""A static web host on 127.0.0.1 for browser tests: serves a folder and answers Range
requests (206 Partial Content), as real hosts do.

Python's ``http.server`` ignores Range; Chromium then cannot seek an MP3 (``currentTime``
falls back to 0), so a read-along page must be tested against a host like this one.
"""

from __future__ import annotations

import mimetypes
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mp3": "audio/mpeg",
    ".m4b": "audio/mp4",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
_RANGE = re.compile(r"bytes=(\d*)-(\d*)$")


def content_type(path: Path) -> str:
    return (
        _TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    )


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The inclusive (first, last) bytes a Range header asks for; None for the whole file.

    Raises ValueError when the range cannot be satisfied (the server answers 416)."""
    if not header:
        return None
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None  # a form we do not serve (several ranges): the whole file, as allowed
    first, last = match.groups()
    if first == "":  # the last N bytes
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(size - 1, int(last)) if last else size - 1
    if start >= size or start > end:
        raise ValueError(header)
    return start, end


class StaticSite:
    """Serves folders at URL prefixes (``{"/web/": folder}``) and ``extra`` pages by path,
    until closed; records each request."""

    def __init__(self, mounts: dict[str, Path], extra: dict[str, bytes] | None = None) -> None:
        self.mounts = {prefix: folder.resolve() for prefix, folder in mounts.items()}
        self.extra = dict(extra or {})
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        # A browser drops media connections it no longer needs: not an error.
        self._server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=2)

    def _file(self, path: str) -> Path | None:
        url_path = unquote(urlsplit(path).path)
        for prefix, folder in self.mounts.items():
            if not url_path.startswith(prefix):
                continue
            target = (folder / url_path.removeprefix(prefix)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if folder in target.parents and target.is_file():
                return target
        return None

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                self._serve(body=True)

            def do_HEAD(self) -> None:
                self._serve(body=False)

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _send(self, status: int, headers: dict[str, str], payload: bytes, body: bool):
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    if body:
                        self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def _serve(self, body: bool) -> None:
                site.requests.append((self.command, self.path, self.headers.get("Range")))
                path = urlsplit(self.path).path
                if path in site.extra:
                    headers = {"Content-Type": "text/html; charset=utf-8"}
                    self._send(200, headers, site.extra[path], body)
                    return
                target = site._file(self.path)
                if target is None:
                    self._send(404, {"Content-Type": "text/plain"}, b"not found", body)
                    return
                data = target.read_bytes()
                headers = {"Content-Type": content_type(target), "Accept-Ranges": "bytes"}
                try:
                    wanted = byte_range(self.headers.get("Range"), len(data))
                except ValueError:
                    headers["Content-Range"] = f"bytes */{len(data)}"
                    self._send(416, headers, b"", body)
                    return
                if wanted is None:
                    self._send(200, headers, data, body)
                    return
                start, end = wanted
                headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
                self._send(206, headers, data[start : end + 1], body)

        return Handler
