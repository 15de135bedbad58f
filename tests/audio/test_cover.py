"""Cover art: drawn from the title, or the report's own; embedded as the front cover."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3, PictureType
from PIL import Image

from pipeline.audio import cover
from pipeline.audio.cover import cover_for, draw_cover
from pipeline.audio.stitch import encode_mp3
from pipeline.audio.tags import BookTags, image_mime, verify_tags, write_tags
from pipeline.errors import AudioError
from pipeline.store import content_key
from pipeline.wav import write_clip

TITLE = "Convocation: A Vision for a Stronger U.S.-Mexico Partnership"


@pytest.fixture(scope="module")
def english_cover() -> bytes:
    return cover_for(TITLE, "Audiobook", "en")


def test_a_drawn_cover_is_a_square_jpeg_under_500_kb(english_cover: bytes) -> None:
    assert image_mime(english_cover) == "image/jpeg"
    assert len(english_cover) < 500_000
    with Image.open(io.BytesIO(english_cover)) as image:
        assert image.size == (1400, 1400) and image.mode == "RGB"


def test_the_same_inputs_give_the_same_bytes(english_cover: bytes) -> None:
    assert cover_for(TITLE, "Audiobook", "en") == english_cover
    assert cover_for(TITLE, "Audiolibro", "es") != english_cover
    assert cover_for(TITLE + " II", "Audiobook", "en") != english_cover


def test_the_subtitle_defaults_by_language() -> None:
    assert cover_for("Informe", "", "es") == cover_for("Informe", "Audiolibro", "es")


def test_a_long_title_is_wrapped_inside_the_margins() -> None:
    title = " ".join(["Interdisciplinary"] * 3 + ["cooperation", "across", "borders"] * 6)
    font, lines, line_height = cover._title_layout(title, 1140, 700)
    assert len(lines) > 2 and line_height * len(lines) <= 700
    assert all(font.getlength(line) <= 1140 for line in lines)
    # The text stays off the margins: between the frame and the text there is background.
    pixels = np.asarray(draw_cover(title, "Audiobook", "en")).astype(int)
    for band in (pixels[80:1320, 75:125], pixels[80:1320, 1275:1325]):
        assert np.all(np.abs(band - cover.BACKGROUND).sum(axis=2) < 60)


def test_balanced_wrapping_evens_out_the_lines() -> None:
    font = cover._font(cover.TITLE_FONT, 100)
    words = ["A", "Vision", "for", "a", "Stronger", "Partnership"]
    greedy = cover._wrap(words, font, 1140)
    balanced = cover._balanced(words, font, 1140)
    assert len(balanced) == len(greedy)
    widths = [font.getlength(line) for line in balanced]
    assert max(widths) - min(widths) <= max(font.getlength(line) for line in greedy) - min(
        font.getlength(line) for line in greedy
    )


def test_without_dejavu_the_cover_falls_back_to_pillows_font(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cover, "FONT_DIR", Path("/nonexistent"))
    data = cover_for("Un informe", "Audiolibro", "es")
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1400, 1400)


def test_the_reports_own_cover_is_used_as_it_is(tmp_path: Path) -> None:
    custom = tmp_path / "report.cover.png"
    Image.new("RGB", (1400, 1400), (200, 10, 10)).save(custom)
    assert cover_for(TITLE, "Audiobook", "en", custom) == custom.read_bytes()
    assert cover_for(TITLE, "Audiobook", "en", tmp_path / "none.png") == cover_for(
        TITLE, "Audiobook", "en"
    )
    bad = tmp_path / "bad.cover.png"
    bad.write_text("not an image")
    with pytest.raises(AudioError, match="PNG or JPEG"):
        cover_for(TITLE, "Audiobook", "en", bad)


@pytest.fixture
def mp3(tmp_path: Path) -> Path:
    t = np.arange(24_000) / 24_000
    write_clip(tmp_path / "a.wav", (0.3 * np.sin(2 * np.pi * 330 * t)).astype(np.float32))
    encode_mp3(tmp_path / "a.wav", tmp_path / "a.mp3")
    return tmp_path / "a.mp3"


@pytest.mark.parametrize("version", [3, 4])
def test_cover_subtitle_and_publisher_tags_read_back(
    mp3: Path, english_cover: bytes, version: int
) -> None:
    tags = BookTags(
        "Convocation",
        "Convocation",
        "Wilson Center",
        "en",
        "2020",
        subtitle="Audiobook",
        publisher="U.S.-Mexico Foundation",
        cover=english_cover,
    )
    write_tags(str(mp3), tags, [], v2_version=version)
    verify_tags(str(mp3), tags, [])
    id3 = ID3(str(mp3))
    assert id3.version[:2] == (2, version)
    picture = id3.getall("APIC")[0]
    assert picture.type == PictureType.COVER_FRONT and picture.mime == "image/jpeg"
    assert picture.data == english_cover
    assert str(id3["TIT3"]) == "Audiobook" and str(id3["TPUB"]) == "U.S.-Mexico Foundation"
    assert str(id3["TDRC"]) == "2020"
    # A content key can be made of the tags: the cover enters by its hash.
    assert content_key(tags.identity()) != content_key(
        BookTags("Convocation", "Convocation", "Wilson Center", "en", "2020").identity()
    )


def test_verify_notices_a_cover_that_differs(mp3: Path, english_cover: bytes) -> None:
    tags = BookTags("T", "A", "R", "en", "2020", cover=english_cover)
    write_tags(str(mp3), tags, [])
    with pytest.raises(AudioError, match="front cover"):
        verify_tags(str(mp3), BookTags("T", "A", "R", "en", "2020"), [])


def test_a_cover_that_is_no_image_is_refused(mp3: Path) -> None:
    with pytest.raises(AudioError, match="neither PNG nor JPEG"):
        write_tags(str(mp3), BookTags("T", "A", "R", "en", "2020", cover=b"GIF89a..."), [])
