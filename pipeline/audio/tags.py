"""ID3v2 tags and chapters (CHAP frames under a CTOC table of contents), read back after."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TDRC,
    TIT2,
    TIT3,
    TLAN,
    TPE1,
    TPUB,
    TRCK,
    TYER,
    CTOCFlags,
    ID3NoHeaderError,
    PictureType,
)
from mutagen.id3._tags import save_frame

from pipeline.audio.ffmpeg import probe
from pipeline.errors import AudioError

# ISO 639-2, as ID3's TLAN wants.
ID3_LANGUAGE = {"en": "eng", "es": "spa"}


def image_mime(data: bytes) -> str | None:
    """The MIME type of PNG or JPEG bytes, told by their magic numbers; None otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


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
    subtitle: str = ""  # TIT3
    publisher: str = ""  # TPUB
    cover: bytes | None = None  # APIC, front cover (PNG or JPEG)

    def identity(self) -> dict:
        """The tags as plain JSON values, for content keys: the cover by its sha256."""
        fields = dict(self.__dict__)
        fields["cover"] = hashlib.sha256(self.cover).hexdigest() if self.cover else None
        return fields


class _OrderedID3(ID3):
    """An ID3 tag written in the order its frames were added.

    mutagen sorts frames by size, which scatters CHAP frames; players that ignore the CTOC
    (and ffprobe) list chapters in file order, so we keep ours in book order.
    """

    def _write(self, config):  # type: ignore[no-untyped-def]
        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def _basic_frames(tags: BookTags, v2_version: int) -> list:
    lang = ID3_LANGUAGE.get(tags.language, tags.language)
    # ID3v2.3 has no TDRC; its year frame is TYER (mutagen reads either back as TDRC).
    year = TYER if v2_version == 3 else TDRC
    # A report without an author or a year in its settings gets no empty frames for them.
    frames = [
        TIT2(encoding=3, text=tags.title),
        TALB(encoding=3, text=tags.album),
        *([TPE1(encoding=3, text=tags.artist)] if tags.artist else []),
        TLAN(encoding=3, text=lang),
        *([year(encoding=3, text=tags.year)] if tags.year else []),
    ]
    if tags.subtitle:
        frames.append(TIT3(encoding=3, text=tags.subtitle))
    if tags.publisher:
        frames.append(TPUB(encoding=3, text=tags.publisher))
    if tags.comment:
        frames.append(COMM(encoding=3, lang=lang, desc="", text=tags.comment))
    if tags.track:
        frames.append(TRCK(encoding=3, text=tags.track))
    if tags.cover:
        mime = image_mime(tags.cover)
        if mime is None:
            raise AudioError("the cover image is neither PNG nor JPEG")
        frames.append(
            APIC(encoding=3, mime=mime, type=PictureType.COVER_FRONT, desc="", data=tags.cover)
        )
    return frames


def write_tags(
    path: str, tags: BookTags, chapters: list[Chapter] = (), v2_version: int = 3
) -> None:
    """Replace the file's ID3 tag with ours: basic frames, then a CTOC and one CHAP each.

    ``v2_version`` is 3 (ID3v2.3, what most players read) or 4.
    """
    if v2_version not in (3, 4):
        raise AudioError(f"ID3v2 version must be 3 or 4, not {v2_version}")
    try:
        id3 = ID3(path)
        id3.delete(path)
    except ID3NoHeaderError:
        pass
    id3 = _OrderedID3()
    for frame in _basic_frames(tags, v2_version):
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


def ffprobe_chapters(path: str) -> list[dict]:
    """The chapters as ffmpeg reads them: ``{"title", "start_ms", "end_ms"}`` each, in order."""
    found = probe(Path(path), "-show_chapters").get("chapters", [])
    chapters = []
    for chapter in found:
        # Times count in the chapter's time base; ID3 chapters use milliseconds.
        numerator, denominator = (int(n) for n in chapter["time_base"].split("/"))
        chapters.append(
            {
                "title": chapter.get("tags", {}).get("title", ""),
                "start_ms": round(chapter["start"] * numerator * 1000 / denominator),
                "end_ms": round(chapter["end"] * numerator * 1000 / denominator),
            }
        )
    return chapters


def _text(id3: ID3, frame: str) -> str | None:
    return str(id3[frame].text[0]) if frame in id3 else None


def verify_tags(path: str, tags: BookTags, chapters: list[Chapter]) -> None:
    """Read the tag back (mutagen, then ffprobe for the chapters); AudioError on a difference."""
    id3 = ID3(path)
    expected = {
        "TIT2": tags.title,
        "TALB": tags.album,
        "TPE1": tags.artist or None,
        "TLAN": ID3_LANGUAGE.get(tags.language, tags.language),
        "TIT3": tags.subtitle or None,
        "TPUB": tags.publisher or None,
    }
    for frame, value in expected.items():
        found = _text(id3, frame)
        if found != value:
            raise AudioError(f"{path}: tag {frame} reads back {found!r}, wrote {value!r}")
    covers = [p for p in id3.getall("APIC") if p.type == PictureType.COVER_FRONT]
    cover = covers[0].data if covers else None
    if cover != tags.cover:
        raise AudioError(f"{path}: the front cover reads back differently from what was written")
    if read_chapters(path) != list(chapters):
        raise AudioError(f"{path}: chapters read back differently from what was written")
    wanted = [{"title": c.title, "start_ms": c.start_ms, "end_ms": c.end_ms} for c in chapters]
    if ffprobe_chapters(path) != wanted:
        raise AudioError(f"{path}: ffprobe reads the chapters differently from what was written")
