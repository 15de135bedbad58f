"""The format tests' builds (espeak, Apertium), each made once, and the browser fixtures
(each browser test module defines the ``site`` its pages are served from)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from blocks_report import OVERSIGHT, BlocksBuild
from web_report import BROADBAND

if TYPE_CHECKING:
    from browsing import OpenPage, Watch
    from playwright.sync_api import Browser
    from static_site import StaticSite


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


@pytest.fixture(scope="session")
def blocks_build(tmp_path_factory: pytest.TempPathFactory) -> BlocksBuild:
    """The report of ``blocks_report`` built with ``--format web --format epub`` (espeak)."""
    from PIL import Image

    from pipeline.build import build
    from pipeline.config import BuildOptions

    root = tmp_path_factory.mktemp("blocks-build")
    source = root / "source" / "oversight.md"
    (source.parent / "figures").mkdir(parents=True)
    source.write_text(OVERSIGHT, encoding="utf-8")
    image = source.parent / "figures" / "map.png"
    map_ = Image.new("RGB", (320, 180), (235, 240, 245))
    for x in range(40, 280, 40):  # a few "counties", so the image is not a flat colour
        map_.paste((30, 90, 160), (x, 50, x + 30, 130))
    map_.save(image)
    decoy = root / "secret.png"  # "%2e%2e/secret.png" from the report's folder
    Image.new("RGB", (16, 16), (250, 0, 0)).save(decoy)
    options = BuildOptions(
        tts="espeak",
        out_dir=root / "output",
        cache_dir=root / "cache",
        formats=frozenset({"web", "epub"}),
    )
    warnings = _Warnings()
    logging.getLogger().addHandler(warnings)
    try:
        build(source, options)
    finally:
        logging.getLogger().removeHandler(warnings)
    return BlocksBuild(source, root / "output" / "oversight", image, decoy, warnings.lines, options)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, for the module's tests."""
    from browsing import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is missing: run `make setup`"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser, site: StaticSite) -> Iterator[tuple[OpenPage, Watch]]:
    """Open a URL (a path on the module's ``site``, or a file: URL) in a fresh, watched
    browser context; the test fails if a page errs, opens a dialog or leaves localhost."""
    from browsing import page_opener

    open_, watch, contexts = page_opener(browser, site.url)
    yield open_, watch
    for context in contexts:
        context.close()
    assert watch.clean(), watch
