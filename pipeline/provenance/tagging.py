"""The disclosure added to a finished file's tags: an ID3 TXXX frame or an MP4 freeform atom
holding the JSON record, and one line in the comment a player shows.

Both writers ADD to the tags ``pipeline.audio.tags.write_tags`` (or the M4B encoder) wrote:
every frame stays where it was, in the tag's own version, so chapters still read in order.
Call them before signing: the signature then covers them.
"""

from __future__ import annotations

import json
from pathlib import Path

from mutagen.id3 import COMM, ID3, TXXX, ID3NoHeaderError
from mutagen.mp4 import MP4, AtomDataType, MP4FreeForm

from pipeline.audio.tags import ID3_LANGUAGE, _OrderedID3
from pipeline.errors import AudioError
from pipeline.provenance.disclosure import Disclosure

TAG_NAME = "AI-DISCLOSURE"  # the TXXX description and the freeform atom's name
MP4_KEY = f"----:com.apple.iTunes:{TAG_NAME}"
MP4_COMMENT = "\xa9cmt"
NEW_TAG_VERSION = 3  # a file without a tag gets ID3v2.3, as write_tags writes by default


def _with_line(comment: str, line: str) -> str:
    """The comment with the disclosure line as its last paragraph (once, however often run)."""
    if line in comment:
        return comment
    return f"{comment}\n{line}" if comment else line


def add_id3_disclosure(path: Path, disclosure: Disclosure) -> None:
    """Add the disclosure to an MP3's ID3 tag: a TXXX frame and a line in its comment."""
    try:
        # Untranslated, so a v2.3 tag is saved back as the v2.3 frames it holds, in order.
        id3 = _OrderedID3(str(path), translate=False)
        version = id3.version[1]
    except ID3NoHeaderError:
        id3, version = _OrderedID3(), NEW_TAG_VERSION
    except Exception as error:  # mutagen raises several kinds on a damaged tag
        raise AudioError(
            f"{path}: cannot read its ID3 tag to add the disclosure: {error}"
        ) from None
    language = ID3_LANGUAGE.get(disclosure.language, disclosure.language)
    # Replacing a frame under the same key keeps its place; a new one goes last.
    id3.add(TXXX(encoding=3, desc=TAG_NAME, text=[disclosure.as_json()]))
    line = disclosure.comment_line()
    comments = [c for c in id3.getall("COMM") if c.desc == ""]
    if comments:
        comments[0].text = [_with_line(str(comments[0].text[0]) if comments[0].text else "", line)]
    else:
        id3.add(COMM(encoding=3, lang=language, desc="", text=[line]))
    id3.save(str(path), v2_version=version)


def read_id3_disclosure(path: Path) -> dict | None:
    """The JSON record of an MP3's disclosure frame; None without one."""
    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        return None
    for frame in id3.getall("TXXX"):
        if frame.desc == TAG_NAME and frame.text:
            return json.loads(frame.text[0])
    return None


def add_mp4_disclosure(path: Path, disclosure: Disclosure) -> None:
    """Add the disclosure to an M4B's atoms: a freeform atom and a line in its comment."""
    try:
        mp4 = MP4(str(path))
    except Exception as error:  # mutagen raises several kinds on a damaged file
        raise AudioError(
            f"{path}: cannot read its MP4 atoms to add the disclosure: {error}"
        ) from None
    if mp4.tags is None:
        mp4.add_tags()
    tags = mp4.tags
    tags[MP4_KEY] = [MP4FreeForm(disclosure.as_json().encode(), dataformat=AtomDataType.UTF8)]
    comment = str(tags[MP4_COMMENT][0]) if tags.get(MP4_COMMENT) else ""
    tags[MP4_COMMENT] = [_with_line(comment, disclosure.comment_line())]
    mp4.save()


def read_mp4_disclosure(path: Path) -> dict | None:
    """The JSON record of an M4B's disclosure atom; None without one."""
    tags = MP4(str(path)).tags
    if tags is None or MP4_KEY not in tags:
        return None
    return json.loads(bytes(tags[MP4_KEY][0]).decode("utf-8"))
