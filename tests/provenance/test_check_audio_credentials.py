"""`pipeline check-audio` reports each file's Content Credentials: a real process, its output
and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from credentials_fixture import Book

SignedCopy = Callable[[str], Path]


def _check_audio(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "check-audio", *args],
        env=os.environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _damaged(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[len(data) * 2 // 3] ^= 0x01  # well inside the audio
    damaged = path.with_name("damaged" + path.suffix)
    damaged.write_bytes(bytes(data))
    return damaged


def test_a_signed_book_is_listed_as_valid_with_its_source_type(signed_copy: SignedCopy) -> None:
    signed = signed_copy(".mp3")
    done = _check_audio(str(signed))
    assert done.returncode == 0, done.stdout + done.stderr  # the book passes the podcast profile
    assert "passes (podcast)" in done.stdout
    assert (
        f"{signed}: Content Credentials valid, signer not on a trust list: signed by Test "
        "narrator (issued by Pipeline Test CA), trainedAlgorithmicMedia, made with pipeline 0.1.0"
    ) in done.stdout.splitlines()


def test_the_json_report_carries_the_credentials_of_each_file(
    book: Book, signed_copy: SignedCopy
) -> None:
    signed = signed_copy(".mp3")
    done = _check_audio("--json", str(signed), str(book.mp3))
    report = json.loads(done.stdout)
    signed_file, unsigned_file = report["files"]
    credentials = signed_file["content_credentials"]
    assert credentials["state"] == "valid" and credentials["valid"] and not credentials["trusted"]
    assert credentials["digital_source_type"].endswith("/trainedAlgorithmicMedia")
    assert credentials["source_sha256"] == book.disclosure.source_sha256
    assert credentials["disclosure"]["translation"]["unreviewed_blocks"] == 2
    assert unsigned_file["content_credentials"]["state"] == "absent"
    assert report["passed"] is True and done.returncode == 0  # unsigned is not a failure


def test_a_damaged_signed_file_fails_the_check_though_it_passes_the_profile(
    signed_copy: SignedCopy,
) -> None:
    damaged = _damaged(signed_copy(".mp3"))
    done = _check_audio(str(damaged))
    assert done.returncode == 5
    assert "passes (podcast)" in done.stdout  # the audio still measures well
    assert f"{damaged}: Content Credentials INVALID: assertion.dataHash.mismatch" in done.stdout
    data = json.loads(_check_audio("--json", str(damaged)).stdout)
    assert data["files"][0]["content_credentials"]["state"] == "invalid"


def test_a_signed_m4b_is_listed_too(signed_copy: SignedCopy) -> None:
    signed = signed_copy(".m4b")
    done = _check_audio("--json", str(signed), str(_damaged(signed)))
    states = [f["content_credentials"]["state"] for f in json.loads(done.stdout)["files"]]
    assert states == ["valid", "invalid"]
    assert done.returncode == 5
