"""The web edition in a real browser: Debian's Chromium driven by Playwright.

The pages are served by a local host that answers Range requests (as real hosts do; without
them Chromium cannot seek an MP3). Time is driven by seeking, never by waiting for playback,
so every check is deterministic. Every page a test opens is watched (``browsing.py``): a
console error, a script error, a dialog, or a request for anything but 127.0.0.1 fails the
test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browsing import CURRENT, CURRENT_CHAPTER, SEEK, Page, axe_violations, ready
from static_site import StaticSite
from web_report import HOSTILE_HEADING, HOSTILE_SENTENCE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(web_build: Path) -> Iterator[StaticSite]:
    """The web folder at /web/, and the report's own page with the snippet pasted in."""
    snippet = (web_build / "web" / "embed.html").read_text(encoding="utf-8")
    report = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>The report</title>'
        '<link rel="icon" href="data:,"></head><body><main><h1>The report</h1>'
        f"<p>The report's own page.</p>{snippet}</main></body></html>"
    )
    served = StaticSite({"/web/": web_build / "web"}, {"/report.html": report.encode()})
    yield served
    served.close()


def test_seeking_to_a_cue_highlights_that_cues_sentence(open_page):
    open_, _ = open_page
    page = open_("/web/en.html")
    cues = ready(page)["cues"]
    for anchor, start, _ in [cues[0], cues[4], cues[9], cues[15], cues[-1], cues[3]]:
        landed = page.evaluate(SEEK, start)
        assert abs(landed - start) < 0.05
        assert page.evaluate(CURRENT) == anchor
        assert page.text_content(f"#{anchor}") in page.text_content(".is-current")


def test_clicking_a_sentence_seeks_to_its_cue(open_page):
    open_, _ = open_page
    page = open_("/web/es.html")
    cues = {anchor: start for anchor, start, _ in ready(page)["cues"]}
    for anchor in ("s2-b2-n2", "s4-b2-n1", "s1-b1-n1"):
        page.click(f"#{anchor}")
        page.wait_for_function("!document.getElementById('book').seeking")
        assert (
            abs(page.evaluate("document.getElementById('book').currentTime") - cues[anchor]) < 0.05
        )
        assert page.evaluate(CURRENT) == anchor


def test_switching_language_in_chapter_3_opens_chapter_3_and_keeps_playing_or_pausing(open_page):
    open_, _ = open_page
    page = open_("/web/en.html")
    ready(page)
    page.click(".toc a[href='#s3']")
    assert page.evaluate(CURRENT) == "s3-b1-n1"
    page.click("a.switch")  # paused: the Spanish page opens paused at its chapter 3
    page.wait_for_url("**/es.html#s3-b1-n1")
    chapters = ready(page)["chapters"]
    assert page.evaluate(CURRENT) == "s3-b1-n1" and page.evaluate(CURRENT_CHAPTER) == "#s3"
    at = page.evaluate("document.getElementById('book').currentTime")
    assert chapters[2]["start"] <= at < chapters[2]["end"]
    assert page.evaluate("document.getElementById('book').paused")

    page.click("#s3-b4-n1")  # the second list item, then play, then switch back
    page.evaluate("document.getElementById('book').play()")
    page.wait_for_function("!document.getElementById('book').paused")
    page.click("a.switch")
    page.wait_for_url("**/en.html#s3-b4-n1")
    ready(page)
    assert page.evaluate(CURRENT) == "s3-b4-n1"
    # Playing on needs the browser's consent to autoplay; without it the page says so.
    page.wait_for_function(
        "!document.getElementById('book').paused || document.getElementById('resume').textContent"
    )


def test_an_anchor_missing_in_the_other_language_lands_on_the_nearest_sentence(open_page):
    open_, _ = open_page
    page = open_("/web/en.html#s2-b2-n9")  # block 2 of chapter 2 has 3 sentences
    ready(page)
    assert page.evaluate(CURRENT) == "s2-b2-n3"
    page = open_("/web/en.html#s4-b7-n1")  # no such block: the chapter's first sentence
    ready(page)
    assert page.evaluate(CURRENT) == "s4-b1-n1"


def tab_to(page: Page, condition: str, limit: int = 25) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {condition})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {condition}")


def test_keyboard_alone_operates_the_player_the_chapters_and_the_sentences(open_page):
    open_, _ = open_page
    page = open_("/web/en.html")
    data = ready(page)
    starts = {anchor: start for anchor, start, _ in data["cues"]}
    now = "document.getElementById('book').currentTime"

    tab_to(page, "el.id === 'book'")
    page.keyboard.press("Space")
    page.wait_for_function("!document.getElementById('book').paused")
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('book').paused")

    tab_to(page, "el.closest('.toc') !== null")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#s3"
    page.keyboard.press("Enter")
    assert abs(page.evaluate(now) - data["chapters"][2]["start"]) < 0.05
    assert page.evaluate("document.activeElement.id") == "s3-b1-n1"
    assert page.evaluate(CURRENT_CHAPTER) == "#s3"

    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "s3-b3-n1"
    # Focus is visible on a sentence reached by keyboard.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_function("!document.getElementById('book').seeking")
    assert abs(page.evaluate(now) - starts["s3-b3-n1"]) < 0.05
    assert page.evaluate(CURRENT) == "s3-b3-n1"
    page.keyboard.press("Space")
    page.wait_for_function("!document.getElementById('book').paused")
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('book').paused")

    # Tab leaves the text (one stop, not one per sentence) for the page's last controls.
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.downloads').open")


def test_no_serious_or_critical_accessibility_violations(open_page):
    open_, _ = open_page
    for where in ("/web/en.html", "/web/es.html", "/report.html"):
        page = open_(where)
        if where != "/report.html":
            page.evaluate(SEEK, ready(page)["cues"][5][1])  # with a sentence highlighted
        assert axe_violations(page) == [], where


def test_the_hostile_heading_and_sentence_stay_text(open_page):
    open_, _ = open_page
    page = open_("/web/en.html")
    data = ready(page)
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 3  # ours, the JSON-LD and the cue data
    assert page.text_content("#s4-b1-n1") == HOSTILE_HEADING
    assert page.text_content("#s4-b2-n3") == HOSTILE_SENTENCE
    assert data["chapters"][3]["title"] == HOSTILE_HEADING


def test_the_disclosure_line_sits_under_the_player_and_scrolls_away_with_the_intro(open_page):
    open_, _ = open_page
    for width in (1280, 360):
        page = open_("/web/es.html", width=width, height=700)
        ready(page)
        line = page.locator("#disclosure")
        assert line.is_visible() and "pendiente de revisión" in line.text_content()
        box = "s => document.querySelector(s).getBoundingClientRect().toJSON()"
        player, below = page.evaluate(box, ".player"), page.evaluate(box, "#disclosure")
        assert player["bottom"] <= below["top"] < player["bottom"] + 20
        page.evaluate("window.scrollTo(0, 800)")  # the player stays; the line does not
        assert page.evaluate(box, ".player")["top"] == 0
        assert page.evaluate(box, "#disclosure")["bottom"] < 0


def test_index_opens_the_readers_language_and_falls_back_to_english(open_page):
    open_, _ = open_page
    for locale, expected in (("es-MX", "es.html"), ("fr-FR", "en.html"), ("en-GB", "en.html")):
        page = open_("/web/", locale=locale)
        page.wait_for_url(f"**/web/{expected}")


def test_the_page_works_from_a_file_url(open_page, web_build: Path):
    open_, _ = open_page
    page = open_((web_build / "web" / "index.html").as_uri(), locale="es-ES")
    page.wait_for_url("**/es.html")
    cues = ready(page)["cues"]
    page.click(f"#{cues[6][0]}")
    page.wait_for_function("!document.getElementById('book').seeking")
    assert abs(page.evaluate("document.getElementById('book').currentTime") - cues[6][1]) < 0.05


def test_reduced_motion_keeps_the_sentence_in_view_at_once(open_page):
    open_, _ = open_page
    page = open_("/web/en.html", width=360, height=640, reduced_motion="reduce")
    cues = ready(page)["cues"]
    page.evaluate(SEEK, cues[-1][1])  # far below the fold
    box = page.evaluate(
        "(() => { const r = document.querySelector('.is-current').getBoundingClientRect();"
        " return [r.top, r.bottom, innerHeight]; })()"
    )
    assert box[0] >= 0 and box[1] <= box[2]


def test_print_shows_the_text_without_the_controls(open_page):
    open_, _ = open_page
    page = open_("/web/es.html")
    page.emulate_media(media="print")
    hidden = "s => getComputedStyle(document.querySelector(s)).display"
    assert [page.evaluate(hidden, s) for s in (".player", ".side", ".langs")] == ["none"] * 3
    assert page.locator("#text").is_visible() and page.locator("#s5-b2-n2").is_visible()


def test_screenshots_at_1280_and_360_and_no_sideways_scroll_at_320(
    open_page, site: StaticSite, tmp_path: Path
):
    open_, _ = open_page
    page = open_("/report.html")
    for width in (1280, 360, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for where, name in (
            ("/web/en.html", "en"),
            ("/web/es.html", "es"),
            ("/report.html", "embed"),
        ):
            page.goto(site.url + where)
            if name != "embed":
                ready(page)
                page.click("#s3-b3-n1")
                page.evaluate("window.scrollTo(0, 0)")
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, f"{name} at {width} px scrolls sideways by {overflow} px"
            if width != 320:
                page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
    assert len(list(tmp_path.glob("*.png"))) == 6


def test_first_render_is_quick_and_nothing_leaves_localhost(open_page, record_property):
    open_, watch = open_page
    page = open_("/web/en.html")
    ready(page)
    paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    record_property("first_contentful_paint_ms", round(paint))
    print(f"first contentful paint: {paint:.0f} ms")
    assert paint < 5000  # a generous bound: the figure is reported, not raced against
    assert watch.local and all("127.0.0.1" in url for url in watch.local)
    assert any(url.endswith(".mp3") for url in watch.local)
