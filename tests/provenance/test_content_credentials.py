"""Content Credentials signed into real MP3 and M4B books and read back, offline, with a
throwaway CA: valid apart from the untrusted test root, and a mismatch once a byte changes."""

from __future__ import annotations

import shutil
import struct
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import c2pa
import pytest
from credentials_fixture import CHAPTER_TITLES, Book, ThrowawayPki, write_pki
from mutagen.id3 import ID3
from mutagen.mp4 import MP4

from pipeline import atomic
from pipeline.audio.ffmpeg import probe_duration
from pipeline.audio.tags import ffprobe_chapters, verify_tags
from pipeline.errors import AudioError, ConfigError
from pipeline.provenance.credentials import read_credentials
from pipeline.provenance.disclosure import TRAINED_ALGORITHMIC_MEDIA
from pipeline.provenance.finishing import finish_audio_file
from pipeline.provenance.manifest import AUDIO_MIME, manifest_for
from pipeline.provenance.signing import SigningConfig, sign_in_place
from pipeline.provenance.tagging import read_id3_disclosure, read_mp4_disclosure

SignedCopy = Callable[[str], Path]
UNTRUSTED = "signingCredential.untrusted"


def _pcm(path: Path) -> bytes:
    """The decoded samples, as a player hears them."""
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    )
    return done.stdout


def _decoding_complaints(path: Path) -> str:
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stderr + ("" if done.returncode == 0 else f"exit {done.returncode}")


def _id3_end(data: bytes) -> int:
    """Where the MPEG frames start: after the ID3v2 tag (syncsafe size, optional footer)."""
    assert data[:3] == b"ID3"
    size = 0
    for byte in data[6:10]:
        size = (size << 7) | byte
    return 10 + size + (10 if data[5] & 0x10 else 0)


def _mdat(data: bytes) -> tuple[int, int]:
    """The start and end of an MP4's top-level mdat box (the audio samples)."""
    at = 0
    while at < len(data):
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        if size == 1:
            size = struct.unpack(">Q", data[at + 8 : at + 16])[0]
        if kind == b"mdat":
            return at + 8, at + size
        at += size
    raise AssertionError("no mdat box")


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def test_the_library_signs_and_reads_the_audio_containers_we_publish() -> None:
    for mime in set(AUDIO_MIME.values()):
        assert mime in c2pa.Builder.get_supported_mime_types()
        assert mime in c2pa.Reader.get_supported_mime_types()


def test_a_signed_mp3_book_validates_apart_from_its_untrusted_test_root(
    book: Book, signed_copy: SignedCopy
) -> None:
    report = read_credentials(signed_copy(".mp3"))
    assert report.state == "valid", report.messages
    assert report.present and report.valid and not report.trusted
    assert [m.split(":")[0] for m in report.messages] == [UNTRUSTED]
    assert report.digital_source_type == TRAINED_ALGORITHMIC_MEDIA
    assert report.source_type == "trainedAlgorithmicMedia"
    assert report.title == "book.mp3"
    assert report.ingredients == ("budget-outlook.md",)
    assert report.source_sha256 == book.disclosure.source_sha256
    assert report.claim_generator == "pipeline 0.1.0"
    assert report.signer == "Test narrator (issued by Pipeline Test CA)"
    assert report.disclosure == book.disclosure.record()
    line = report.line()
    assert "valid, signer not on a trust list" in line and "trainedAlgorithmicMedia" in line


def test_with_the_test_root_as_a_trust_anchor_the_signer_is_trusted(
    pki: ThrowawayPki, signed_copy: SignedCopy
) -> None:
    report = read_credentials(signed_copy(".mp3"), trust_anchors=pki.root)
    assert report.state == "trusted" and report.messages == ()
    assert "valid and trusted" in report.line()


def test_signing_keeps_the_tags_chapters_and_decoded_audio(
    book: Book, signed_copy: SignedCopy
) -> None:
    signed = signed_copy(".mp3")
    verify_tags(str(signed), book.tags, book.chapters)  # mutagen, and ffprobe's chapters
    # The C2PA library rewrites the tag as ID3v2.4 with every frame in its place, and its
    # manifest in a GEOB frame after them.
    before, after = (list(ID3(str(p), translate=False).keys()) for p in (book.mp3, signed))
    assert after == [*before, "GEOB:c2pa manifest store"]
    assert ID3(str(signed)).version[:2] == (2, 4)
    assert read_id3_disclosure(signed) == book.disclosure.record()
    assert _decoding_complaints(signed) == ""
    assert _pcm(signed) == _pcm(book.mp3)


def test_one_changed_audio_byte_is_reported_as_a_mismatch(signed_copy: SignedCopy) -> None:
    signed = signed_copy(".mp3")
    data = signed.read_bytes()
    start = _id3_end(data)
    _flip(signed, start + (len(data) - start) // 2)  # in the MPEG frames, not the tag
    report = read_credentials(signed)
    assert report.state == "invalid" and not report.valid
    codes = [m.split(":")[0] for m in report.messages]
    assert "assertion.dataHash.mismatch" in codes
    assert "INVALID" in report.line() and "dataHash.mismatch" in report.line()
    assert UNTRUSTED not in report.line()  # the broken hash is news; the test root is not


def test_a_changed_chapter_title_in_the_tag_is_a_mismatch_too(signed_copy: SignedCopy) -> None:
    signed = signed_copy(".mp3")
    data = signed.read_bytes()
    tag = data[: _id3_end(data)]
    title = CHAPTER_TITLES[1]
    found = [tag.find(title.encode(e)) for e in ("utf-8", "utf-16-le")]
    at = max(found)
    assert at > 0, "the chapter title is in the signed tag"
    _flip(signed, at)
    report = read_credentials(signed)
    assert report.state == "invalid"
    assert "assertion.dataHash.mismatch" in [m.split(":")[0] for m in report.messages]


def test_an_edited_statement_in_the_credentials_breaks_them(signed_copy: SignedCopy) -> None:
    signed = signed_copy(".mp3")
    data = signed.read_bytes()
    at = data.find(b"espeak-ng", data.find(b"jumb"))  # the engine's name, inside the manifest
    assert at > 0
    _flip(signed, at)
    report = read_credentials(signed)
    assert report.state == "invalid"
    assert "assertion.hashedURI.mismatch" in [m.split(":")[0] for m in report.messages]


def test_a_damaged_manifest_reads_as_unreadable_not_absent(signed_copy: SignedCopy) -> None:
    signed = signed_copy(".mp3")
    _flip(signed, signed.read_bytes().find(b"jumb"))  # the manifest store's box type
    report = read_credentials(signed)
    assert report.state == "unreadable" and report.present and not report.valid
    assert "UNREADABLE" in report.line() and "\n" not in report.line()


def test_section_files_are_signed_and_joining_them_carries_no_manifest_into_the_book(
    book: Book,
) -> None:
    for section in book.sections:
        assert read_credentials(section).state == "valid"
        assert _decoding_complaints(section) == ""
    joined = read_credentials(book.mp3)
    assert joined.state == "absent" and not joined.present
    assert joined.line().endswith("no Content Credentials")
    assert b"jumb" not in book.mp3.read_bytes()
    assert abs(probe_duration(book.mp3) - sum(map(probe_duration, book.sections))) < 0.05


def test_a_signed_m4b_validates_and_keeps_its_chapters_tags_and_audio(
    book: Book, signed_copy: SignedCopy
) -> None:
    signed = signed_copy(".m4b")
    report = read_credentials(signed)
    assert report.state == "valid", report.messages
    assert report.source_type == "trainedAlgorithmicMedia"
    assert report.source_sha256 == book.disclosure.source_sha256
    assert ffprobe_chapters(str(signed)) == ffprobe_chapters(str(book.m4b))
    assert [c["title"] for c in ffprobe_chapters(str(signed))] == CHAPTER_TITLES
    assert read_mp4_disclosure(signed) == book.disclosure.record()
    assert MP4(str(signed)).tags["\xa9nam"] == [book.tags.title]
    assert _decoding_complaints(signed) == ""
    assert _pcm(signed) == _pcm(book.m4b)


def test_one_changed_byte_in_the_m4b_audio_is_a_mismatch(signed_copy: SignedCopy) -> None:
    signed = signed_copy(".m4b")
    start, end = _mdat(signed.read_bytes())
    _flip(signed, (start + end) // 2)
    report = read_credentials(signed)
    assert report.state == "invalid"
    assert "assertion.bmffHash.mismatch" in [m.split(":")[0] for m in report.messages]


def test_signing_is_the_last_write_before_the_atomic_rename(
    book: Book, pki: ThrowawayPki, tmp_path: Path
) -> None:
    target = tmp_path / "budget.es.mp3"
    with atomic.atomic_path(target) as temp:  # as the publish runner writes an artifact
        shutil.copyfile(book.mp3, temp)
        sign_in_place(temp, manifest_for(target, book.disclosure), pki.config)
    assert [p.name for p in tmp_path.iterdir()] == ["budget.es.mp3"]
    report = read_credentials(target)
    assert report.state == "valid" and report.title == "budget.es.mp3"


def test_a_failed_signing_leaves_the_file_as_it_was(
    book: Book, pki: ThrowawayPki, tmp_path: Path
) -> None:
    other = write_pki(tmp_path / "other")
    wrong_key = SigningConfig(pki.chain, other.key)
    target = tmp_path / "book.mp3"
    shutil.copyfile(book.mp3, target)
    with pytest.raises(ConfigError) as refused:
        sign_in_place(target, manifest_for(target, book.disclosure), wrong_key)
    assert "\n" not in str(refused.value)
    assert str(pki.chain) in str(refused.value)
    assert target.read_bytes() == book.mp3.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.mp3", "other"]


def test_files_signed_side_by_side_in_threads_all_validate(
    book: Book, pki: ThrowawayPki, tmp_path: Path
) -> None:
    # The publish runner writes section files two at a time.
    copies = []
    for section in book.sections:
        copy = tmp_path / section.name
        shutil.copyfile(book.mp3, copy)
        copies.append(copy)

    def sign(path: Path) -> None:
        sign_in_place(path, manifest_for(path, book.disclosure), pki.config)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(sign, copies))
    assert [read_credentials(p).state for p in copies] == ["valid"] * len(copies)


@pytest.mark.parametrize("suffix", [".mp3", ".m4b"])
def test_a_writer_finishes_a_file_in_one_call_signed_or_not(
    book: Book, pki: ThrowawayPki, tmp_path: Path, suffix: str
) -> None:
    unsigned_source = book.mp3 if suffix == ".mp3" else book.m4b
    read_disclosure = read_id3_disclosure if suffix == ".mp3" else read_mp4_disclosure
    for signing, state in ((None, "absent"), (pki.config, "valid")):
        published = tmp_path / f"{state}{suffix}"
        with atomic.atomic_path(published) as temp:
            shutil.copyfile(unsigned_source, temp)
            finish_audio_file(temp, published, book.disclosure, signing)
        assert read_disclosure(published) == book.disclosure.record()
        assert read_credentials(published).state == state
    with pytest.raises(AudioError, match=r"book\.wav: .*\.mp3 and \.m4b files only"):
        finish_audio_file(tmp_path / "x", tmp_path / "book.wav", book.disclosure, None)
