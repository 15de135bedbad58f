"""The web edition's pages as HTML text: one read-along page per language, the language
chooser (``index.html``) and the snippet a publisher pastes into the report's page.

Pure functions of a ``Page`` (plain data): no files are read here, so what a page shows is
exactly what its content key is made from.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.formats._web.disclosure import LINE_ID, disclosure_line, head_markup
from pipeline.formats._web.strings import clock, endonym, file_size, spoken_length, strings
from pipeline.formats._web.text import render_section, script_json, web_markup
from pipeline.model import BlockKind
from pipeline.provenance.disclosure import Disclosure
from pipeline.publish.html import renderer
from pipeline.publish.html_inline import attr, text
from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection

STYLESHEET = "read-along.css"
SCRIPT = "read-along.js"
# The report's own page asks these questions in English (the source language).
ENGLISH_NAMES = {"en": "English", "es": "Spanish"}


@dataclass(frozen=True)
class Download:
    """A file a page offers, by kind ("book", "m4b", "section", "edition", "vtt", ...)."""

    kind: str
    href: str  # relative to the web folder
    size: int
    title: str = ""  # a section file's chapter title


@dataclass(frozen=True)
class Page:
    """Everything one language's page shows."""

    language: str
    title: str
    sections: tuple[ReadAlongSection, ...]
    book: str | None  # the MP3 book the player plays; None when this edition has no audio
    duration: float
    voice: str
    downloads: tuple[Download, ...]
    languages: tuple[str, ...]  # every language with a page, in order
    revision: str
    mark: str  # the mark of unreviewed machine translation; "" when marks are off
    figures: tuple[tuple[str, str], ...] = ()  # a figure's src → its packaged image's href
    disclosure: Disclosure | None = None  # how the book was made; None without audio
    author: str = ""  # the report's author(s); "" where not given
    imprint: str = ""  # its publisher and year: "Publisher, 2023"
    # The credits' lines naming them, as this language's book says them ("Escrito por …"):
    # the byline where there are credits, so that a translation's names are the reviewed ones.
    credited: tuple[str, ...] = ()


def page_name(language: str) -> str:
    return f"{language}.html"


def invitation(page: Page) -> str:
    """ "Read and listen in …", in the page's language ("Read in …" if it has no audio)."""
    return strings(page.language)["read_in" if page.book else "read_text_in"]


def _title_block(page: Page) -> ReadAlongBlock | None:
    """The report's title as the text's first block (a level-1 heading), if it is one:
    then it is the page's h1, sentence spans and all, and not repeated below."""
    if not page.sections or not page.sections[0].blocks:
        return None
    first = page.sections[0].blocks[0]
    is_title = first.block.kind is BlockKind.HEADING and first.block.level == 1
    return first if is_title else None


def read_along_data(page: Page) -> dict:
    """The cue data the page's script reads: chapters and sentences, in seconds of the book
    (a chapter not heard in the book, such as the notes, has no times)."""
    return {
        "chapters": [
            {
                "id": f"s{s.number}",
                "title": s.title,
                "start": s.start if s.file else None,
                "end": s.end if s.file else None,
            }
            for s in page.sections
        ],
        "cues": [
            [sentence.anchor, round(sentence.timed.start, 3), round(sentence.timed.end, 3)]
            for section in page.sections
            for sentence in section.sentences
            if sentence.timed
        ],
    }


def _head(
    title: str,
    language: str,
    description: str,
    alternates: str,
    scripts: str,
    root: str = "",
    about: str = "",
    author: str = "",
) -> str:
    author = f'<meta name="author" content="{attr(author)}">\n' if author else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{attr(language)}"{root}>\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        # No favicon: an empty one spares the browser a request the host may answer 404.
        '<link rel="icon" href="data:,">\n'
        f"<title>{text(title)}</title>\n"
        f'<meta name="description" content="{attr(description)}">\n'
        f"{author}{about}{alternates}"
        f'<link rel="stylesheet" href="{STYLESHEET}">\n{scripts}</head>\n'
    )


def _summary(page: Page) -> str:
    say = strings(page.language)
    if page.book is None:
        return say["summary_text_only"].format(language=say["language"])
    return say["summary"].format(
        duration=spoken_length(page.duration), language=say["language"], voice=page.voice
    )


def _byline(page: Page) -> str:
    """Who wrote the report and who published it, under its title."""
    parts = list(page.credited)
    if not parts:
        parts = [strings(page.language)["by"].format(author=page.author)] if page.author else []
        parts += [page.imprint] if page.imprint else []
    return f'<p class="byline">{text(" · ".join(parts))}</p>\n' if parts else ""


def _language_links(page: Page) -> str:
    """Links to the other languages' pages, each named in its own language; the script
    points them at the sentence being heard."""
    others = [lang for lang in page.languages if lang != page.language]
    if not others:
        return ""
    links = " ".join(
        f'<a class="switch" href="{page_name(lang)}" hreflang="{attr(lang)}" '
        f'lang="{attr(lang)}">{text(endonym(lang))}</a>'
        for lang in others
    )
    label = strings(page.language)["languages"]
    return f'<nav class="langs" aria-label="{attr(label)}">{links}</nav>\n'


def _player(page: Page) -> str:
    """The book's player, kept at the top of the window with the reading options and the
    language switch (so a reader deep in the text switches without scrolling back)."""
    if page.book is None:
        return ""
    say = strings(page.language)
    # The disclosure line under the player is the player's description too.
    described = f' aria-describedby="{LINE_ID}"' if page.disclosure else ""
    return (
        f'<section class="player" aria-label="{attr(say["player"])}">\n'
        f'<audio id="book" controls preload="metadata"{described} src="{attr(page.book)}">'
        f'<a href="{attr(page.book)}">{text(say["book"])}</a></audio>\n'
        '<p class="player-options"><label><input type="checkbox" id="follow" checked> '
        f"{text(say['follow'])}</label></p>\n"
        + _language_links(page)
        + f'<p id="resume" class="resume" role="status" data-text="{attr(say["resume"])}"></p>\n'
        "</section>\n"
    )


def _chapters(page: Page) -> str:
    say = strings(page.language)
    items = "\n".join(
        f'<li><a href="#s{s.number}">{text(s.title)}'
        + (f' <span class="time">{clock(s.start)}</span>' if page.book and s.file else "")
        + "</a></li>"
        for s in page.sections
    )
    return (
        f'<nav class="toc" aria-labelledby="toc-title">\n'
        f'<h2 id="toc-title">{text(say["chapters"])}</h2>\n<ol>\n{items}\n</ol>\n</nav>\n'
    )


def _download_item(download: Download, label: str, language: str) -> str:
    return (
        f'<li><a href="{attr(download.href)}" download>{text(label)}</a> '
        f'<span class="size">({file_size(download.size, language)})</span></li>'
    )


def _downloads(page: Page) -> str:
    if not page.downloads:
        return ""
    say = strings(page.language)
    sections = [d for d in page.downloads if d.kind == "section"]
    items = []
    for download in page.downloads:
        if download.kind == "section":
            if download is sections[0]:
                listed = "\n".join(
                    _download_item(d, f"{n}. {d.title}", page.language)
                    for n, d in enumerate(sections, start=1)
                )
                items.append(f"<li>{text(say['sections'])}\n<ol>\n{listed}\n</ol></li>")
            continue
        items.append(_download_item(download, say[download.kind], page.language))
    body = "\n".join(items)
    return (
        f'<details class="downloads">\n<summary>{text(say["downloads"])}</summary>\n'
        f"<ul>\n{body}\n</ul>\n</details>\n"
    )


def _unreviewed_note(page: Page) -> str:
    flagged = any(b.unreviewed for s in page.sections for b in s.blocks)
    if not (page.mark and flagged):
        return ""
    note = strings(page.language)["unreviewed"]
    before, _, after = note.partition("{mark}")
    return f'<p class="note">{text(before)}<em class="mt">{text(page.mark)}</em>{text(after)}</p>\n'


def render_page(page: Page) -> str:
    """One language's read-along page."""
    say = strings(page.language)
    title_block = _title_block(page)
    markup = web_markup(page.language, dict(page.figures))
    text_of = renderer(markup, page.mark, page.sections)
    heading = text_of.sentences(title_block) if title_block else text(page.title)
    alternates = "".join(
        f'<link rel="alternate" hreflang="{attr(lang)}" href="{page_name(lang)}">\n'
        for lang in page.languages
        if lang != page.language
    )
    sections = "\n".join(
        render_section(s, text_of, skip_first=title_block is not None and s.number == 1)
        for s in page.sections
    )
    howto = f'<p class="howto">{text(say["howto"])}</p>\n' if page.book else ""
    return (
        _head(
            page.title,
            page.language,
            _summary(page),
            alternates,
            f'<script src="{SCRIPT}" defer></script>\n',
            about=head_markup(page),
            author=page.author,
        )
        + '<body class="read-along">\n'
        + f'<a class="skip" href="#text">{text(say["skip"])}</a>\n'
        + ("" if page.book else _language_links(page))
        + '<main>\n<header class="intro">\n'
        + f'<h1 id="title">{heading}</h1>\n'
        + _byline(page)
        + f'<p class="summary">{text(_summary(page))}</p>\n'
        + _unreviewed_note(page)
        + "</header>\n"
        + _player(page)
        + disclosure_line(page)
        + '<div class="layout">\n<div class="side">\n'
        + _chapters(page)
        + _downloads(page)
        + "</div>\n"
        + f'<article id="text" class="text">\n{howto}{sections}\n</article>\n</div>\n</main>\n'
        + f'<footer class="colophon"><p>{text(say["revision"].format(revision=page.revision))}'
        + "</p></footer>\n"
        + '<script type="application/json" id="read-along-data">'
        + script_json(read_along_data(page))
        + "</script>\n</body>\n</html>\n"
    )


def render_index(pages: list[Page]) -> str:
    """The chooser: opens the page in the reader's browser language (English otherwise);
    without script, it is a list of the editions."""
    first = next((p for p in pages if p.language == "en"), pages[0])
    # The script reads this list before the body exists and goes to the first page whose
    # language the browser asks for, else the first listed (English).
    order = [first.language] + [p.language for p in pages if p is not first]
    choices = "\n".join(
        f'<li><a href="{page_name(p.language)}" hreflang="{attr(p.language)}" '
        f'lang="{attr(p.language)}">{text(invitation(p))}</a></li>'
        for p in pages
    )
    prompt = " · ".join(text(strings(p.language)["choose"]) for p in pages)
    return (
        _head(
            first.title,
            first.language,
            first.title,
            "",
            f'<script src="{SCRIPT}"></script>\n',
            root=f' data-pages="{attr(" ".join(order))}"',
        )
        + '<body class="chooser">\n<main>\n'
        + f"<h1>{text(first.title)}</h1>\n<p>{prompt}</p>\n"
        + f'<ul class="choices">\n{choices}\n</ul>\n</main>\n</body>\n</html>\n'
    )


def render_embed(pages: list[Page], folder: str = "web") -> str:
    """The block a publisher pastes into the report's page, answering "Is there an audio
    version?" and "Is there a version in Spanish?" with links to the editions."""
    source = next((p for p in pages if p.language == "en"), pages[0])

    def length(page: Page) -> str:
        return f" (audiobook, {spoken_length(page.duration)})" if page.book else ""

    lines = []
    if source.book:
        lines.append(
            f'<p lang="en"><strong>Is there an audio version?</strong> Yes: '
            f'<a href="{folder}/{page_name(source.language)}" hreflang="{attr(source.language)}">'
            f"listen to the report while you read it</a>{length(source)}.</p>"
        )
    for page in pages:
        if page is source:
            continue
        name = ENGLISH_NAMES.get(page.language, endonym(page.language))
        lines.append(
            f'<p lang="en"><strong>Is there a version in {text(name)}?</strong> Yes: '
            f'<a href="{folder}/{page_name(page.language)}" hreflang="{attr(page.language)}">'
            f'<span lang="{attr(page.language)}">{text(invitation(page))}'
            f"</span></a>{length(page)}.</p>"
        )
    body = "\n  ".join(lines)
    return (
        f"<!-- Audio and translated editions of “{text(source.title)}”.\n"
        f"     Paste this block into the report's page. Its links expect the {folder}/ folder\n"
        f'     uploaded beside that page: change "{folder}/" if it lives elsewhere. -->\n'
        '<aside class="report-editions" aria-label="Audio and translated editions" '
        'style="border:1px solid #8a8a8a;border-radius:6px;padding:.5em 1em;margin:1em 0">\n'
        f"  {body}\n</aside>\n"
    )
