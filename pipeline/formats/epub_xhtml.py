"""The read-along EPUB's documents as text: a chapter's XHTML, its SMIL overlay, the style.

Pure functions of the read-along model (``pipeline.publish.readalong``): the chapter's
blocks come from the shared renderer (``pipeline.publish.html``), every sentence a
``<span>`` with its anchor as ``id`` (a table row's ``<tr>``, a figure's ``<figure>``), and
every spoken sentence is one ``<par>`` of the chapter's Media Overlay, clipped from the
chapter's own MP3.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape

from pipeline.publish.html import Markup, Renderer
from pipeline.publish.readalong import ReadAlongBlock, ReadAlongSection

# The class a reading system puts on the sentence being read (media:active-class).
ACTIVE_CLASS = "-epub-media-overlay-active"

STYLE = f"""\
body {{ font-family: serif; line-height: 1.5; margin: 0 5%; }}
h1, h2, h3, h4, h5, h6 {{ font-family: sans-serif; line-height: 1.25; }}
.{ACTIVE_CLASS} {{ background-color: #fde68a; color: #000; border-radius: 0.15em; }}
.unreviewed {{ border-left: 0.2em solid #d97706; padding-left: 0.5em; }}
/* rem, not em: in a heading the mark stays as small and light as in a paragraph */
.review-mark {{ font-size: 0.8rem; font-weight: normal; font-style: italic; color: #92400e; }}
.cover {{ margin: 0; padding: 0; text-align: center; }}
.cover img {{ max-width: 100%; max-height: 100vh; }}
blockquote {{ margin: 1em 0 1em 1.5em; padding-left: 0.75em; border-left: 0.2em solid #999; }}
.table-scroll {{ overflow-x: auto; margin: 1em 0; }}
table {{ border-collapse: collapse; font-size: 0.9em; }}
th, td {{ border: 1px solid #999; padding: 0.25em 0.5em; vertical-align: top; }}
thead th {{ border-bottom-width: 2px; text-align: left; }}
tr.{ACTIVE_CLASS} {{ border-radius: 0; }}
tr.{ACTIVE_CLASS} > td {{ background-color: #fde68a; color: #000; }}
table.{ACTIVE_CLASS} thead th {{ background-color: #fde68a; color: #000; }}
figure.{ACTIVE_CLASS} {{ outline: 0.2em solid #fde68a; }}
figure {{ margin: 1em 0; text-align: center; }}
figure img {{ max-width: 100%; height: auto; }}
figcaption {{ font-size: 0.9em; font-style: italic; }}
.figure-alt {{ font-style: italic; border: 1px dashed #999; padding: 0.5em; margin: 0; }}
pre {{ white-space: pre-wrap; font-size: 0.85em; background-color: #f4f4f2; padding: 0.5em; }}
.noteref {{ line-height: 0; }}
.noteref a, .backlink {{ text-decoration: none; }}
.footnote {{ font-size: 0.9em; }}
.note-label {{ font-weight: bold; }}
.titlepage {{ text-align: center; margin-top: 20%; }}
.titlepage .byline {{ font-style: italic; font-size: 1.2em; }}
.titlepage .disclosure {{ font-size: 0.85em; margin-top: 3em; }}
"""

REVIEW_MARK_CLASS = "review-mark"  # the span after an unreviewed block

# What the navigation document and the cover page are called, per language.
CONTENTS = {"en": "Contents", "es": "Índice"}
COVER = {"en": "Cover", "es": "Portada"}
TITLE_PAGE = {"en": "Title page", "es": "Portadilla"}
TITLE_PAGE_NAME = "titlepage.xhtml"

_XHTML_HEAD = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" \
lang="{lang}" xml:lang="{lang}">
<head>
<meta charset="UTF-8"/>
<title>{title}</title>
{meta}<link rel="stylesheet" type="text/css" href="style.css"/>
</head>
"""


def chapter_name(number: int) -> str:
    """The chapter's XHTML file name inside the EPUB (its SMIL and MP3 share the number)."""
    return f"chapter-{number:02d}.xhtml"


def overlay_name(number: int) -> str:
    return f"chapter-{number:02d}.smil"


def audio_name(number: int) -> str:
    return f"audio/{number:02d}.mp3"


def clock(ms: int) -> str:
    """A SMIL full clock value, ``H:MM:SS.mmm``, for a time in milliseconds."""
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}.{millis:03d}"


# -- the chapter's text -------------------------------------------------------------------


def _review_mark(mark: str) -> str:
    return f'<span class="{REVIEW_MARK_CLASS}">{escape(mark)}</span>'


def epub_markup(language: str = "en", images: Mapping[str, str] | None = None) -> Markup:
    """The book's hooks for the shared renderer: sentence spans carry their anchor only
    (the reading system marks the one being read), notes link across chapter files, and
    ``images`` maps a figure's src to its image inside the book."""
    return Markup(
        review_mark=_review_mark,
        section_file=chapter_name,
        images=dict(images or {}),
        epub=True,
        language=language,
    )


def render_blocks(blocks: Iterable[ReadAlongBlock], mark: str) -> list[str]:
    """Blocks as the book's XHTML lines (lists and quotes nested), without note links."""
    return Renderer(epub_markup(), mark).blocks(blocks)


def chapter_xhtml(section: ReadAlongSection, language: str, text: Renderer) -> str:
    """A section as an XHTML content document, every sentence a span with its anchor
    (``text`` renders the book's chapters in order: one renderer per book)."""
    head = _XHTML_HEAD.format(lang=language, title=escape(section.title), meta="")
    body = "\n".join(text.section(section))
    return (
        f"{head}<body>\n"
        f'<section epub:type="chapter" role="doc-chapter">\n{body}\n</section>\n'
        "</body>\n</html>\n"
    )


def cover_xhtml(language: str, title: str, image: str) -> str:
    """The cover page: the image the MP3s carry, alone on the page."""
    head = _XHTML_HEAD.format(
        lang=language, title=escape(COVER.get(language, COVER["en"])), meta=""
    )
    return (
        f'{head}<body class="cover" epub:type="cover">\n'
        f'<img src="{image}" alt="{escape(title)}"/>\n'
        "</body>\n</html>\n"
    )


def title_page_xhtml(
    language: str,
    title: str,
    byline: str,
    imprint: str,
    disclosure: str,
    meta: Mapping[str, str],
) -> str:
    """The page after the cover: the title, the author (``byline``), the publisher and
    year (``imprint``; either may be empty) and the disclosure of the synthetic voice and
    the translation, which the head's ``meta`` pairs say to machines. Before the first
    chapter, as the audio's opening credits come before the report: a reader sees it
    before the narration starts."""
    pairs = "".join(
        f'<meta name="{escape(name)}" content="{escape(value)}"/>\n' for name, value in meta.items()
    )
    name = TITLE_PAGE.get(language, TITLE_PAGE["en"])
    head = _XHTML_HEAD.format(lang=language, title=escape(name), meta=pairs)
    credits = "".join(
        f'<p class="{kind}">{escape(line)}</p>\n'
        for kind, line in (("byline", byline), ("imprint", imprint))
        if line
    )
    return (
        f'{head}<body epub:type="frontmatter">\n'
        f'<section class="titlepage" epub:type="titlepage">\n<h1>{escape(title)}</h1>\n'
        f'{credits}<p class="disclosure">{escape(disclosure)}</p>\n'
        "</section>\n</body>\n</html>\n"
    )


# -- the chapter's Media Overlay -----------------------------------------------------------


@dataclass(frozen=True)
class Clip:
    """One spoken sentence's stretch of its chapter's MP3, in milliseconds."""

    anchor: str
    begin: int
    end: int


def clips(section: ReadAlongSection, duration_ms: int) -> list[Clip]:
    """Each spoken sentence's clip: from where it starts to where the next one starts, the
    first from the file's start and the last to its end, so the clips play the whole file
    without gap or overlap and the overlay lasts exactly as long as the chapter's MP3. A
    sentence that would get no time (it starts where the next does) is left out."""
    starts = [(s.anchor, round(s.timed.section_start * 1000)) for s in section.sentences if s.timed]
    found: list[Clip] = []
    for i, (anchor, start) in enumerate(starts):
        begin = 0 if i == 0 else min(start, duration_ms)
        end = starts[i + 1][1] if i + 1 < len(starts) else duration_ms
        end = min(end, duration_ms)
        if found and begin < found[-1].end:
            begin = found[-1].end
        if begin < end:
            found.append(Clip(anchor, begin, end))
    if found and found[-1].end < duration_ms:  # a dropped last sentence: keep no gap
        found[-1] = Clip(found[-1].anchor, found[-1].begin, duration_ms)
    return found


def overlay_smil(number: int, found: list[Clip]) -> str:
    """The chapter's SMIL Media Overlay: one ``<par>`` per clip, in reading order."""
    text, audio = chapter_name(number), audio_name(number)
    pars = "\n".join(
        f'<par id="par-{c.anchor}"><text src="{text}#{c.anchor}"/>'
        f'<audio src="{audio}" clipBegin="{clock(c.begin)}" clipEnd="{clock(c.end)}"/></par>'
        for c in found
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" '
        'version="3.0">\n<body>\n'
        f'<seq id="seq-{number:02d}" epub:textref="{text}" epub:type="chapter">\n'
        f"{pars}\n</seq>\n</body>\n</smil>\n"
    )
