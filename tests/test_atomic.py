"""Atomic writes and the crash points tests kill a build at: the old file or the new one,
never half of one; a full disk is one line naming the file."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
from mutagen.id3 import ID3, TIT2

from pipeline import atomic, crashpoints
from pipeline.cli.common import fail_cleanly
from pipeline.errors import DiskFull, disk_full
from pipeline.wav import write_clip


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.part"))


def test_a_write_replaces_the_target_whole_readable_and_leaves_no_temp(tmp_path):
    target = tmp_path / "deep" / "edition.md"
    atomic.write_text(target, "old")
    atomic.write_text(target, "new text")
    assert target.read_text(encoding="utf-8") == "new text"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert _leftovers(target.parent) == []


def test_nothing_is_in_place_until_the_write_is_complete(tmp_path):
    target = tmp_path / "book.mp3"
    target.write_bytes(b"the old book")
    with atomic.atomic_path(target) as temp:
        temp.write_bytes(b"half a new bo")
        assert target.read_bytes() == b"the old book"
        assert temp.parent == target.parent and temp.name.startswith(".book.mp3.")
    assert target.read_bytes() == b"half a new bo"


def test_a_failed_write_keeps_the_old_file_and_removes_its_temp(tmp_path):
    target = tmp_path / "short.es.po"
    target.write_text("reviewed", encoding="utf-8")
    with pytest.raises(ValueError), atomic.atomic_path(target) as temp:
        temp.write_text("half", encoding="utf-8")
        raise ValueError("the writer failed")
    assert target.read_text(encoding="utf-8") == "reviewed"
    assert _leftovers(tmp_path) == []


def test_a_real_full_disk_while_writing_names_the_target_not_the_temp(tmp_path):
    # /dev/full answers every write with ENOSPC, as a full disk does.
    target = tmp_path / "clip.wav"
    target.write_bytes(b"old")
    with (
        pytest.raises(DiskFull) as caught,
        atomic.atomic_path(target),
        open("/dev/full", "wb") as full,
    ):
        full.write(b"\0" * 4096)
        full.flush()
    assert str(caught.value) == f"{target}: no space left on the device"
    assert isinstance(caught.value.__cause__, OSError)
    assert target.read_bytes() == b"old" and _leftovers(tmp_path) == []


def test_a_full_disk_a_library_wraps_in_its_own_error_is_still_a_full_disk(tmp_path):
    # mutagen re-raises the OSError of a full disk as its own error while writing tags.
    tags = ID3()
    tags.add(TIT2(encoding=3, text="Findings"))
    target = tmp_path / "short.en.mp3"
    with pytest.raises(DiskFull) as caught, atomic.atomic_path(target):
        tags.save("/dev/full")
    assert caught.value.path == target and not target.exists()
    assert _leftovers(tmp_path) == []


def test_a_nested_atomic_write_is_named_by_the_outer_target(tmp_path, monkeypatch):
    # Section MP3s are encoded atomically into the runner's temp file: the user is told of
    # the section file, not of a hidden temp.
    monkeypatch.setenv(crashpoints.CRASH_AT, "encode:enospc")
    target = tmp_path / "01-intro.mp3"
    with pytest.raises(DiskFull) as caught, atomic.atomic_path(target) as outer:
        atomic.write_bytes(outer, b"frames", checkpoint="encode")
    assert caught.value.path == target
    assert not target.exists() and _leftovers(tmp_path) == []


def test_a_full_disk_while_a_clip_is_written_is_one_error_naming_the_clip(tmp_path, monkeypatch):
    log = tmp_path / "reached.log"
    monkeypatch.setenv(crashpoints.CRASH_AT, "clip:2:enospc")
    monkeypatch.setenv(crashpoints.CRASH_LOG, str(log))
    write_clip(tmp_path / "a.wav", np.zeros(100, dtype=np.float32))
    with pytest.raises(DiskFull, match=r"b\.wav: no space left on the device"):
        write_clip(tmp_path / "b.wav", np.zeros(100, dtype=np.float32))
    with wave.open(str(tmp_path / "a.wav")) as first:
        assert first.getnframes() == 100
    assert not (tmp_path / "b.wav").exists() and _leftovers(tmp_path) == []
    name, count, pid, path = log.read_text(encoding="utf-8").split()
    assert (name, count, int(pid), path) == ("clip", "2", os.getpid(), str(tmp_path / "b.wav"))


def test_quota_errors_are_a_full_disk_and_other_errors_are_not():
    assert disk_full(OSError(errno.EDQUOT, "Disk quota exceeded", "/x/y")) is not None
    assert str(disk_full(OSError(errno.ENOSPC, "No space", "/x/y"))) == (
        "/x/y: no space left on the device"
    )
    assert disk_full(OSError(errno.EACCES, "Permission denied", "/x/y")) is None


def test_the_command_line_turns_any_full_disk_into_one_line(capsys):
    @fail_cleanly
    def command() -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "/out/doc/cover.png")

    with pytest.raises(SystemExit) as stopped:
        command()
    assert stopped.value.code == 1
    assert capsys.readouterr().err == "error: /out/doc/cover.png: no space left on the device\n"

    @fail_cleanly
    def other() -> None:
        raise PermissionError(errno.EACCES, "Permission denied", "/out")

    with pytest.raises(PermissionError):  # not ours to word: it keeps its traceback
        other()


def test_standard_output_on_a_full_disk_is_one_line_and_exit_1(tmp_path):
    source = tmp_path / "note.md"
    source.write_text("# A note\n\nOne sentence.\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "pipeline", "split", str(source)],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["error: a file being written: no space left on the device"]


@pytest.mark.parametrize(
    ("spec", "point"),
    [
        ("clip", crashpoints.CrashPoint("clip")),
        ("clip:3", crashpoints.CrashPoint("clip", count=3)),
        ("encode:enospc", crashpoints.CrashPoint("encode", mode="enospc")),
        (
            "publish@short.es.mp3:2:note",
            crashpoints.CrashPoint("publish", "short.es.mp3", 2, "note"),
        ),
    ],
)
def test_crash_points_are_named_with_a_count_and_a_mode(spec, point):
    assert crashpoints.parse(spec) == point


@pytest.mark.parametrize("spec", ["clip:0", "clip:later", ":3", "clip:3:explode"])
def test_a_malformed_crash_point_is_refused(spec):
    with pytest.raises(ValueError):
        crashpoints.parse(spec)


def test_a_point_kills_only_on_its_arrival_and_only_for_its_file(tmp_path):
    log = tmp_path / "reached.log"
    script = (
        "from pathlib import Path\n"
        "from pipeline import crashpoints\n"
        "for name in ('a.mp3', 'b.mp3', 'a.mp3', 'b.mp3', 'b.mp3'):\n"
        "    print(name, flush=True)\n"
        "    crashpoints.reached('publish', Path(name))\n"
        "print('not killed', flush=True)\n"
    )
    env = {
        **os.environ,
        crashpoints.CRASH_AT: "publish@b.mp3:2",
        crashpoints.CRASH_LOG: str(log),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == -9  # SIGKILL: no cleanup ran
    assert done.stdout.split() == ["a.mp3", "b.mp3", "a.mp3", "b.mp3"]
    assert log.read_text(encoding="utf-8").split()[:2] == ["publish", "2"]


def test_without_the_variable_every_point_is_a_no_op(tmp_path, monkeypatch):
    monkeypatch.delenv(crashpoints.CRASH_AT, raising=False)
    atomic.write_text(tmp_path / "x.txt", "x", checkpoint="memory")
    assert (tmp_path / "x.txt").read_text(encoding="utf-8") == "x"
