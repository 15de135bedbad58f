"""Tables, figures and notes of the web edition in a real browser (Chromium, Playwright):
the row being read is the row highlighted; the page stays accessible and fits a phone; the
EPUB's chapter renders its table and figure. Screenshots are written to the test's folder
and, if ``SCREENSHOTS_DIR`` is set, copied there for a person to look at."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from blocks_report import ROWS, BlocksBuild
from browsing import CURRENT, SEEK, axe_violations, ready
from static_site import StaticSite

pytestmark = pytest.mark.slow

ROW = "s2-b3-r{n}"
CURRENT_TAG = "document.querySelector('.is-current').tagName"
BACKGROUND = "s => getComputedStyle(document.querySelector(s)).backgroundColor"


@pytest.fixture(scope="module")
def site(blocks_build: BlocksBuild) -> Iterator[StaticSite]:
    served = StaticSite({"/web/": blocks_build.out / "web"}, {})
    yield served
    served.close()


def cues_of(data: dict) -> dict[str, float]:
    return {anchor: start for anchor, start, _ in data["cues"]}


def test_seeking_to_a_rows_cue_highlights_that_row_and_the_announcement_the_table(open_page):
    open_, _ = open_page
    for language in ("en", "es"):
        page = open_(f"/web/{language}.html")
        cues = cues_of(ready(page))
        for n in (2, 1, ROWS):
            page.evaluate(SEEK, cues[ROW.format(n=n)])
            assert page.evaluate(CURRENT) == ROW.format(n=n)
            assert page.evaluate(CURRENT_TAG) == "TR"
            assert page.locator(f"#{ROW.format(n=n)} td").first.is_visible()
        lit = page.evaluate(BACKGROUND, ".is-current td")
        assert lit != page.evaluate(BACKGROUND, "tbody tr:not(.is-current) td")
        page.evaluate(SEEK, cues["s2-b3-n1"])  # the announcement lights the header row
        assert page.evaluate(CURRENT_TAG) == "TABLE"
        assert page.evaluate(BACKGROUND, ".is-current th") == lit
        page.evaluate(SEEK, cues["s2-b4-n1"])  # the figure is described: it is highlighted
        assert page.evaluate(CURRENT) == "s2-b4-n1" and page.evaluate(CURRENT_TAG) == "FIGURE"


def test_a_row_is_clicked_or_reached_by_keyboard_like_a_sentence(open_page):
    open_, _ = open_page
    page = open_("/web/en.html")
    cues = cues_of(ready(page))
    page.click(f"#{ROW.format(n=2)} td >> nth=1")
    page.wait_for_function("!document.getElementById('book').seeking")
    at = page.evaluate("document.getElementById('book').currentTime")
    assert abs(at - cues[ROW.format(n=2)]) < 0.05
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == ROW.format(n=3)


def test_switching_language_on_a_row_opens_the_other_page_on_that_row(open_page):
    open_, _ = open_page
    page = open_("/web/en.html")
    cues = cues_of(ready(page))
    page.evaluate(SEEK, cues[ROW.format(n=3)])
    page.click("a.switch")
    page.wait_for_url(f"**/es.html#{ROW.format(n=3)}")
    ready(page)
    assert page.evaluate(CURRENT) == ROW.format(n=3)


def test_the_notes_chapter_has_no_time_and_opening_it_does_not_seek(open_page):
    open_, _ = open_page
    page = open_("/web/en.html")
    data = ready(page)
    assert data["chapters"][3]["start"] is None and data["chapters"][3]["end"] is None
    page.evaluate(SEEK, cues_of(data)["s3-b2-n1"])
    page.click(".toc a[href='#s4']")
    assert page.evaluate("document.getElementById('book').currentTime") == pytest.approx(
        cues_of(data)["s3-b2-n1"], abs=0.05
    )
    # A note's back link returns to where it is cited.
    page.click("#fn-2 a.backlink")
    page.wait_for_function("location.hash === '#fnref-2'")
    assert page.locator("#fnref-2").is_visible()


def test_no_serious_or_critical_accessibility_violations_with_tables_and_figures(open_page):
    open_, _ = open_page
    for language in ("en", "es"):
        page = open_(f"/web/{language}.html")
        page.evaluate(SEEK, cues_of(ready(page))[ROW.format(n=1)])  # with a row highlighted
        assert axe_violations(page) == [], language


def _keep(shot: Path) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, Path(folder) / shot.name)


def test_screenshots_of_the_page_and_the_epub_chapter_and_nothing_scrolls_sideways(
    open_page, blocks_build: BlocksBuild, tmp_path: Path
):
    open_, _ = open_page
    for width in (1280, 360, 320):
        page = open_("/web/en.html", width=width, height=900)
        cues = cues_of(ready(page))
        page.evaluate(SEEK, cues[ROW.format(n=2)])
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"the page at {width} px scrolls sideways by {overflow} px"
        table = page.locator("table").bounding_box()
        figure = page.locator("figure img").bounding_box()
        assert table and figure and figure["width"] <= width and figure["height"] > 0
        if width != 320:
            shot = tmp_path / f"web-en-{width}.png"
            page.locator("#s2").screenshot(path=str(shot))
            _keep(shot)
            full = tmp_path / f"web-en-{width}-page.png"
            page.screenshot(path=str(full), full_page=True)
            _keep(full)

    unpacked = tmp_path / "epub"
    with zipfile.ZipFile(blocks_build.out / "oversight.en.epub") as epub:
        epub.extractall(unpacked)
    for width in (1280, 360):
        page = open_((unpacked / "EPUB" / "chapter-02.xhtml").as_uri(), width=width, height=900)
        assert page.locator("table tbody tr").count() == ROWS
        assert page.evaluate("document.querySelector('figure img').naturalWidth") > 0
        shot = tmp_path / f"epub-chapter-02-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        _keep(shot)
    assert len(list(tmp_path.glob("*.png"))) == 6
