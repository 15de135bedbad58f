"""A small report built once (espeak, Apertium) with the web edition, for the web tests."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from web_report import BROADBAND


@pytest.fixture(scope="session")
def web_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report built with ``--format web --format m4b`` (espeak voices); returns its
    output folder."""
    from pipeline.build import build
    from pipeline.config import BuildOptions

    root = tmp_path_factory.mktemp("web-build")
    source = root / "source" / "broadband.md"
    source.parent.mkdir()
    source.write_text(BROADBAND, encoding="utf-8")
    options = BuildOptions(tts="espeak", out_dir=root / "output", cache_dir=root / "cache")
    build(source, replace(options, formats=frozenset({"web", "m4b"})))
    return root / "output" / "broadband"
