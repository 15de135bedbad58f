"""What the browser tests share: Debian's Chromium, watched pages, axe-core, read-along
helpers (imported by name; the fixtures that use them are in conftest.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page, Route

from pipeline.assets import models_dir

__all__ = ["Page"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-gpu",
]
AXE = models_dir() / "axe-core" / "axe.min.js"  # fetched by scripts/setup.sh (npm)

SEEK = """t => new Promise(resolve => {
  const audio = document.getElementById('book');
  audio.addEventListener('seeked', () => resolve(audio.currentTime), {once: true});
  audio.currentTime = t;
})"""
CURRENT = "document.querySelector('.is-current') ? document.querySelector('.is-current').id : null"
CURRENT_CHAPTER = "document.querySelector('.toc a[aria-current]').getAttribute('href')"
AUDIO_READY = "document.getElementById('book').readyState >= 1"

OpenPage = Callable[..., Page]


@dataclass
class Watch:
    """What the pages did that they must not: errors, dialogs, requests leaving localhost."""

    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    local: list[str] = field(default_factory=list)

    def clean(self) -> bool:
        return self.errors == [] and self.dialogs == [] and self.outside == []


def page_opener(browser: Browser, base_url: str) -> tuple[OpenPage, Watch, list[BrowserContext]]:
    """A function that opens a URL (a path below ``base_url``, or a file: URL) in a fresh,
    watched browser context; what the pages did; the contexts to close."""
    watch = Watch()
    contexts: list[BrowserContext] = []

    def guard(route: Route) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("file", "data"):  # the page's own folder, on disk
            route.continue_()
        elif urlsplit(url).hostname == "127.0.0.1":
            watch.local.append(url)
            route.continue_()
        else:
            watch.outside.append(url)
            route.abort()

    def open_(where: str, width: int = 1280, height: int = 800, **options: object) -> Page:
        # The page scrolls smoothly unless the reader asks for less motion, and a smooth scroll
        # moves the player (sticky only once it reaches the top) under a click in flight: the
        # click lands beside the link. So pages open with reduced motion unless a test asks.
        options.setdefault("reduced_motion", "reduce")
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and watch.errors.append(m.text))
        page.on("pageerror", lambda error: watch.errors.append(str(error)))
        page.on("dialog", lambda dialog: (watch.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(where if ":" in where else base_url + where)
        return page

    return open_, watch, contexts


def data_of(page: Page) -> dict:
    return json.loads(page.text_content("#read-along-data") or "{}")


def ready(page: Page) -> dict:
    page.wait_for_function(AUDIO_READY)
    return data_of(page)


def axe_violations(page: Page) -> list[tuple[str, str, list]]:
    """axe-core's serious and critical violations on the page as it is now."""
    assert AXE.exists(), f"{AXE} is missing: run `make setup` (it fetches axe-core from npm)"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
