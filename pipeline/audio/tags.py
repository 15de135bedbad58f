"""ID3v2 tags and chapters (CHAP frames under a CTOC table of contents), read back after."""

from __future__ import annotations

from dataclasses import dataclass

from mutagen.id3 import (
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TDRC,
    TIT2,
    TLAN,
    TPE1,
    TRCK,
    CTOCFlags,
    ID3NoHeaderError,
)
from mutagen.id3._tags import save_frame

from pipeline.errors import AudioError

# ISO 639-2, as ID3's TLAN wants.
ID3_LANGUAGE = {"en": "eng", "es": "spa"}


@dataclass(frozen=True)
class Chapter:
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class BookTags:
    title: str
    album: str
    artist: str
    language: str
    year: str
    comment: str = ""
    track: str = ""


class _OrderedID3(ID3):
    """An ID3 tag written in the order its frames were added.

    mutagen sorts frames by size, which scatters CHAP frames; players that ignore the CTOC
    (and ffprobe) list chapters in file order, so we keep ours in book order.
    """

    def _write(self, config):  # type: ignore[no-untyped-def]
        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def _basic_frames(tags: BookTags) -> list:
    lang = ID3_LANGUAGE.get(tags.language, tags.language)
    frames = [
        TIT2(encoding=3, text=tags.title),
        TALB(encoding=3, text=tags.album),
        TPE1(encoding=3, text=tags.artist),
        TLAN(encoding=3, text=lang),
        TDRC(encoding=3, text=tags.year),
    ]
    if tags.comment:
        frames.append(COMM(encoding=3, lang=lang, desc="", text=tags.comment))
    if tags.track:
        frames.append(TRCK(encoding=3, text=tags.track))
    return frames


def write_tags(
    path: str, tags: BookTags, chapters: list[Chapter] = (), v2_version: int = 3
) -> None:
    """Replace the file's ID3 tag with ours: basic frames, then a CTOC and one CHAP each."""
    try:
        id3 = ID3(path)
        id3.delete(path)
    except ID3NoHeaderError:
        pass
    id3 = _OrderedID3()
    for frame in _basic_frames(tags):
        id3.add(frame)
    if chapters:
        ids = [f"chp{i:03d}" for i in range(len(chapters))]
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text=tags.title)],
            )
        )
        for element_id, chapter in zip(ids, chapters, strict=True):
            id3.add(
                CHAP(
                    element_id=element_id,
                    start_time=chapter.start_ms,
                    end_time=chapter.end_ms,
                    start_offset=0xFFFFFFFF,
                    end_offset=0xFFFFFFFF,
                    sub_frames=[TIT2(encoding=3, text=chapter.title)],
                )
            )
    id3.save(path, v2_version=v2_version)


def read_chapters(path: str) -> list[Chapter]:
    """The chapters of an MP3 in table-of-contents order."""
    id3 = ID3(path)
    tocs = id3.getall("CTOC")
    chaps = {c.element_id: c for c in id3.getall("CHAP")}
    order = tocs[0].child_element_ids if tocs else sorted(chaps)
    return [
        Chapter(str(chaps[i].sub_frames["TIT2"].text[0]), chaps[i].start_time, chaps[i].end_time)
        for i in order
        if i in chaps
    ]


def verify_tags(path: str, tags: BookTags, chapters: list[Chapter]) -> None:
    """Read the tag back and raise AudioError if anything differs from what was written."""
    id3 = ID3(path)
    expected = {
        "TIT2": tags.title,
        "TALB": tags.album,
        "TPE1": tags.artist,
        "TLAN": ID3_LANGUAGE.get(tags.language, tags.language),
    }
    for frame, value in expected.items():
        found = str(id3[frame].text[0]) if frame in id3 else None
        if found != value:
            raise AudioError(f"{path}: tag {frame} reads back {found!r}, wrote {value!r}")
    if read_chapters(path) != list(chapters):
        raise AudioError(f"{path}: chapters read back differently from what was written")
