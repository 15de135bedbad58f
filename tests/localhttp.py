"""A real HTTP server on 127.0.0.1 that stands in for online services: tests never go online."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Exchange:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, str]:
        """The body as an URL-encoded form, first value of each field."""
        fields = parse_qs(self.body.decode("utf-8"), keep_blank_values=True)
        return {name: values[0] for name, values in fields.items()}

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Reply:
    """What the server answers: a status and body, or a stall, or a hang-up."""

    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait before answering, to outlast a client's timeout
    hang_up: bool = False  # close the connection without a word

    @classmethod
    def json(cls, value: Any, status: int = 200, delay_s: float = 0.0) -> Reply:
        return cls(status, json.dumps(value), {"Content-Type": "application/json"}, delay_s)


Responder = Callable[[Exchange], Reply]


class LocalServer:
    """Serves replies in a background thread, from a responder or a list taken in turn."""

    def __init__(self, responder: Responder | Sequence[Reply | Responder]) -> None:
        self.exchanges: list[Exchange] = []
        self._responder = responder if callable(responder) else _in_turn(responder)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        # A client that timed out leaves the handler writing to a closed socket: not news.
        self._server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        # A short poll keeps shutdown (after each test) quick.
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

    def _answer(self, exchange: Exchange) -> Reply:
        with self._lock:
            self.exchanges.append(exchange)
            return self._responder(exchange)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self._serve()

            def do_POST(self) -> None:
                self._serve()

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
                exchange = Exchange(self.command, parts.path, query, dict(self.headers), body)
                reply = server._answer(exchange)
                if reply.hang_up:
                    self.close_connection = True
                    return
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                payload = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler


def _in_turn(replies: Sequence[Reply | Responder]) -> Responder:
    """Answer with each reply (or responder) in turn, repeating the last one for ever."""
    queue = list(replies)

    def respond(exchange: Exchange) -> Reply:
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        return reply if isinstance(reply, Reply) else reply(exchange)

    return respond


def refused_url() -> str:
    """Return the URL of a local port nothing listens on: a connection is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def no_sleep(_: float) -> None:
    """A stand-in for time.sleep: tests never wait for real."""
