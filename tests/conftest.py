"""Shared fixtures. ``tests/`` is on sys.path through this file, so tests import helpers
such as ``localhttp`` directly."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator, Sequence

import pytest
from command_line import start
from localhttp import LocalServer, Reply, Responder
from sample_reports import SMALL_REPORT

_PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


@pytest.fixture
def local_server(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[Responder | Sequence[Reply | Responder]], LocalServer]]:
    """Start real HTTP servers on 127.0.0.1 (a responder, or replies in turn); stop them after."""
    # gTTS hands requests the environment's proxies even for 127.0.0.1.
    for variable in _PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    servers: list[LocalServer] = []

    def start(responder: Responder | Sequence[Reply | Responder]) -> LocalServer:
        server = LocalServer(responder)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


# -- fixtures for the build pipeline -----------------------------------------------------


@pytest.fixture
def small_report(tmp_path):  # type: ignore[no-untyped-def]
    """A small report in its own source folder (no translation memory beside it)."""
    source = tmp_path / "source" / "short.md"
    source.parent.mkdir()
    source.write_text(SMALL_REPORT, encoding="utf-8")
    return source


@pytest.fixture
def espeak_options(tmp_path):  # type: ignore[no-untyped-def]
    from pipeline.config import BuildOptions

    return BuildOptions(tts="espeak", out_dir=tmp_path / "output", cache_dir=tmp_path / "cache")


@pytest.fixture
def started() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start ``python -m pipeline`` processes (as ``command_line.start``); any still running
    when the test ends, passed or failed, is killed: no build outlives its test."""
    processes: list[subprocess.Popen[str]] = []

    def begin(*args: object, **kwargs: object) -> subprocess.Popen[str]:
        process = start(*args, **kwargs)  # type: ignore[arg-type]
        processes.append(process)
        return process

    yield begin
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.communicate()
