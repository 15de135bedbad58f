"""Cover art: the report's own image if it has one, else a square cover drawn from its title.

Podcast and audiobook apps want a square JPEG or PNG of at least 1400 pixels; ours is a plain
typographic cover, 1400×1400, under 500 KB. The same title always gives the same bytes (no
dates, no randomness, fixed encoder settings), so an unchanged cover keeps every cache key.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline.audio.tags import image_mime
from pipeline.errors import AudioError

log = logging.getLogger(__name__)

SIZE = 1400
MARGIN = 130
MAX_BYTES = 500_000
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
TITLE_FONT = "DejaVuSerif-Bold.ttf"
LABEL_FONT = "DejaVuSans.ttf"
BACKGROUND = (20, 42, 66)  # deep blue
INK = (246, 241, 230)  # warm white
ACCENT = (214, 164, 76)  # ochre
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
SUBTITLES = {"en": "Audiobook", "es": "Audiolibro"}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _font(name: str, size: int) -> Font:
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        # Without DejaVu (fonts-dejavu-core), Pillow's own scalable font still draws every
        # Latin letter we need.
        return ImageFont.load_default(size=size)


def _width(text: str, font: Font) -> float:
    return font.getlength(text)


def _wrap(words: list[str], font: Font, width: float) -> list[str]:
    """Greedy wrap; a word longer than the line stands on a line of its own."""
    lines: list[str] = []
    for word in words:
        if lines and _width(f"{lines[-1]} {word}", font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _balanced(words: list[str], font: Font, width: float) -> list[str]:
    """The wrap with as few lines as a greedy one but the narrowest measure that keeps them.

    Greedy wrapping leaves a short last line ("…of the / Border"); narrowing the measure until
    one more line would be needed evens the lines out.
    """
    lines = _wrap(words, font, width)
    low, high = 0.0, width
    while high - low > 4:
        middle = (low + high) / 2
        if len(_wrap(words, font, middle)) == len(lines):
            high = middle
        else:
            low = middle
    return _wrap(words, font, high)


def _title_layout(title: str, box_width: int, box_height: int) -> tuple[Font, list[str], int]:
    """The largest title size whose wrapped lines fit the box: (font, lines, line height)."""
    words = title.split() or [" "]
    for size in range(132, 39, -4):
        font = _font(TITLE_FONT, size)
        lines = _balanced(words, font, box_width)
        line_height = round(size * 1.18)
        fits_across = all(_width(line, font) <= box_width for line in lines)
        if fits_across and line_height * len(lines) <= box_height:
            return font, lines, line_height
    # A title this long is cut at the box rather than drawn too small to read.
    font = _font(TITLE_FONT, 40)
    line_height = round(40 * 1.18)
    lines = _balanced(words, font, box_width)[: box_height // line_height]
    return font, lines, line_height


def draw_cover(title: str, subtitle: str, language: str) -> Image.Image:
    """A square cover: the title large, a rule, the subtitle, and the language at the foot."""
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = SIZE - 2 * MARGIN
    draw.rectangle(
        [MARGIN // 2, MARGIN // 2, SIZE - MARGIN // 2, SIZE - MARGIN // 2], outline=ACCENT, width=6
    )

    font, lines, line_height = _title_layout(" ".join(title.split()), inner, round(SIZE * 0.52))
    top = MARGIN + round(SIZE * 0.08)
    for i, line in enumerate(lines):
        draw.text((MARGIN, top + i * line_height), line, font=font, fill=INK)
    rule_y = top + len(lines) * line_height + 40
    draw.rectangle([MARGIN, rule_y, MARGIN + 220, rule_y + 10], fill=ACCENT)

    if subtitle:
        label = _font(LABEL_FONT, 64)
        draw.text((MARGIN, rule_y + 60), subtitle, font=label, fill=ACCENT)
    name = LANGUAGE_NAMES.get(language, language)
    if name:
        small = _font(LABEL_FONT, 44)
        draw.text((MARGIN, SIZE - MARGIN - 44), name.upper(), font=small, fill=INK)
    return image


def encode_jpeg(image: Image.Image) -> bytes:
    """JPEG bytes, fixed settings (no EXIF, no timestamps): the same image, the same bytes."""
    for quality in (90, 80, 70, 60):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=False)
        if buffer.tell() <= MAX_BYTES:
            return buffer.getvalue()
    return buffer.getvalue()


def _custom(path: Path) -> bytes:
    data = path.read_bytes()
    if image_mime(data) is None:
        raise AudioError(f"{path}: a cover must be a PNG or JPEG image")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except OSError as error:
        raise AudioError(f"{path}: cannot read the cover image ({error})") from None
    if width != height or width < 1400:
        log.warning("%s is %dx%d; apps want a square of at least 1400 pixels", path, width, height)
    return data


def cover_for(title: str, subtitle: str, language: str, custom: Path | None = None) -> bytes:
    """The cover's bytes: ``custom`` (``source/<doc>.cover.png``) if it exists, else drawn."""
    if custom is not None and custom.exists():
        return _custom(custom)
    return encode_jpeg(draw_cover(title, subtitle or SUBTITLES.get(language, ""), language))
