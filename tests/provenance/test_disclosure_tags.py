"""The disclosure added to finished files' tags, without disturbing what was written before."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from credentials_fixture import CHAPTER_TITLES, Book
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from pipeline.audio.tags import ffprobe_chapters, read_chapters, verify_tags, write_tags
from pipeline.provenance.tagging import (
    MP4_KEY,
    TAG_NAME,
    add_id3_disclosure,
    add_mp4_disclosure,
    read_id3_disclosure,
    read_mp4_disclosure,
)


def _frame_keys(path: Path) -> list[str]:
    return list(ID3(str(path), translate=False).keys())


def _retagged(book: Book, folder: Path, v2_version: int = 3) -> Path:
    """The book's audio with write_tags' tags and chapters only (no disclosure yet)."""
    target = folder / "book.mp3"
    shutil.copyfile(book.mp3, target)
    write_tags(str(target), book.tags, book.chapters, v2_version=v2_version)
    return target


def test_the_id3_disclosure_goes_after_every_frame_write_tags_wrote(
    book: Book, tmp_path: Path
) -> None:
    mp3 = _retagged(book, tmp_path)
    before = _frame_keys(mp3)
    add_id3_disclosure(mp3, book.disclosure)
    after = _frame_keys(mp3)
    # Every frame where it was; the TXXX frame added last; the comment in place.
    assert after == [*before, f"TXXX:{TAG_NAME}"]
    assert ID3(str(mp3)).version[:2] == (2, 3)
    assert read_chapters(str(mp3)) == book.chapters
    assert [c["title"] for c in ffprobe_chapters(str(mp3))] == CHAPTER_TITLES
    verify_tags(str(mp3), book.tags, book.chapters)
    assert read_id3_disclosure(mp3) == book.disclosure.record()
    comment = str(ID3(str(mp3)).getall("COMM")[0].text[0])
    assert comment == f"{book.tags.comment}\n{book.disclosure.comment_line()}"


def test_adding_the_id3_disclosure_twice_changes_nothing_more(book: Book, tmp_path: Path) -> None:
    mp3 = _retagged(book, tmp_path, v2_version=4)
    add_id3_disclosure(mp3, book.disclosure)
    once = mp3.read_bytes()
    add_id3_disclosure(mp3, book.disclosure)
    assert mp3.read_bytes() == once
    assert ID3(str(mp3)).version[:2] == (2, 4)


def test_a_file_without_a_tag_gets_one_with_the_disclosure_as_its_comment(
    book: Book, tmp_path: Path
) -> None:
    bare = tmp_path / "bare.mp3"
    strip = ["-map", "0:a", "-map_metadata", "-1", "-c", "copy", "-id3v2_version", "0"]
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(book.mp3), *strip, str(bare)], check=True)
    assert read_id3_disclosure(bare) is None
    add_id3_disclosure(bare, book.disclosure)
    id3 = ID3(str(bare))
    assert id3.version[:2] == (2, 3)
    assert read_id3_disclosure(bare) == book.disclosure.record()
    assert [str(c.text[0]) for c in id3.getall("COMM")] == [book.disclosure.comment_line()]
    assert id3.getall("COMM")[0].lang == "spa"


def test_the_m4b_disclosure_is_a_freeform_atom_and_a_comment_line(
    book: Book, tmp_path: Path
) -> None:
    tags = MP4(str(book.m4b)).tags
    assert MP4_KEY in tags
    assert read_mp4_disclosure(book.m4b) == book.disclosure.record()
    assert tags["\xa9cmt"] == [f"{book.tags.comment}\n{book.disclosure.comment_line()}"]
    assert tags["\xa9nam"] == [book.tags.title]
    assert [c["title"] for c in ffprobe_chapters(str(book.m4b))] == CHAPTER_TITLES
    again = tmp_path / "again.m4b"
    shutil.copyfile(book.m4b, again)
    add_mp4_disclosure(again, book.disclosure)
    assert MP4(str(again)).tags["\xa9cmt"] == tags["\xa9cmt"]


def test_an_unsigned_book_without_a_disclosure_reads_none(book: Book, tmp_path: Path) -> None:
    mp3 = _retagged(book, tmp_path)
    assert read_id3_disclosure(mp3) is None
