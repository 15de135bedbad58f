"""An M4B audiobook (AAC in MP4, with chapters and cover) made from the finished MP3 book.

Made from the book, not from the sections, so it has the same level and the same timeline:
the MP3's chapter marks carry over as they are.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline.audio.ffmpeg import run_ffmpeg
from pipeline.audio.tags import BookTags, Chapter

M4B_BITRATE = "64k"  # AAC at 64 kbps is transparent for mono speech


def _escape(value: str) -> str:
    # ffmetadata escapes these with a backslash.
    for special in ("\\", "=", ";", "#", "\n"):
        value = value.replace(special, "\\" + special)
    return value


def ffmetadata(tags: BookTags, chapters: list[Chapter]) -> str:
    """The chapters and tags in ffmpeg's metadata format."""
    lines = [
        ";FFMETADATA1",
        f"title={_escape(tags.title)}",
        f"album={_escape(tags.album)}",
        f"artist={_escape(tags.artist)}",
        f"date={_escape(tags.year)}",
        f"genre={_escape('Audiobook')}",
    ]
    if tags.comment:
        lines.append(f"comment={_escape(tags.comment)}")
    for chapter in chapters:
        lines += [
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={chapter.start_ms}",
            f"END={chapter.end_ms}",
            f"title={_escape(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


def write_m4b(
    book: Path, target: Path, tags: BookTags, chapters: list[Chapter], cover: bytes | None
) -> None:
    """Encode ``book`` (an MP3) to M4B at ``target``, with chapters, tags and cover."""
    with tempfile.TemporaryDirectory() as temp:
        meta = Path(temp) / "chapters.txt"
        meta.write_text(ffmetadata(tags, chapters), encoding="utf-8")
        inputs = ["-i", str(book), "-i", str(meta)]
        maps = ["-map", "0:a", "-map_metadata", "1", "-map_chapters", "1"]
        if cover:
            image = Path(temp) / "cover.jpg"
            image.write_bytes(cover)
            inputs += ["-i", str(image)]
            maps += ["-map", "2:v", "-c:v", "copy", "-disposition:v", "attached_pic"]
        run_ffmpeg(
            [
                *inputs,
                *maps,
                "-c:a",
                "aac",
                "-b:a",
                M4B_BITRATE,
                "-movflags",
                "+faststart",
                "-f",
                "ipod",
                str(target),
            ]
        )
