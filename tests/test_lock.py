"""One build per output folder: a second build waits for a running one, or names it.

The first build is held at its first clip by a crash point in ``pause`` mode, so it
demonstrably holds the lock while the others try it; no timing is guessed.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
from pathlib import Path

import pytest
from command_line import decodes, espeak_build, pipeline, wait_for_line

from pipeline.crashpoints import CRASH_AT, CRASH_LOG
from pipeline.errors import BuildLocked
from pipeline.lock import build_lock


@pytest.mark.slow
def test_a_second_build_waits_for_a_running_build_then_proceeds_or_names_it(
    small_report: Path, tmp_path: Path, started
):
    out, cache, log = tmp_path / "out", tmp_path / "cache", tmp_path / "reached.log"
    english = ("--lang", "en")
    first = started(
        *espeak_build(small_report, out, cache, *english),
        cwd=tmp_path,
        env={CRASH_AT: "clip:1:pause", CRASH_LOG: str(log)},
    )
    assert wait_for_line(log, first).startswith("clip 1 ")  # paused, holding the lock

    refused = pipeline(*espeak_build(small_report, out, cache, *english), cwd=tmp_path)
    assert refused.returncode == 1
    [line] = refused.stderr.splitlines()
    holder = rf"another build is running \(pid {first.pid}, started [-\d:T+]+\)"
    assert re.fullmatch(rf"error: {re.escape(str(out / 'short'))}: {holder}", line), line

    waiting = started(
        *espeak_build(small_report, out, cache, *english, "--wait-lock", "120", quiet=False),
        cwd=tmp_path,
    )
    note = waiting.stderr.readline()  # written when it finds the lock taken
    assert re.search(rf"{holder}; waiting up to 120 s", note), note
    assert waiting.poll() is None and first.poll() is None

    log.with_name(log.name + ".release").touch()
    assert first.wait(timeout=300) == 0, first.stderr.read()
    _, rest = waiting.communicate(timeout=300)
    assert waiting.returncode == 0, rest
    # It built after the first one finished: every clip was already there.
    report = json.loads((out / "short" / "build-report.json").read_text(encoding="utf-8"))
    assert report["languages"]["en"]["clips_synthesized"] == 0
    assert all(decodes(mp3) for mp3 in out.rglob("*.mp3"))


def test_a_held_lock_refuses_a_second_holder_and_lets_a_waiter_in_once_released(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    # The lock as the build takes it, held here by a thread: fast, and no timing guessed.
    folder = tmp_path / "out" / "doc"
    held, release, got = threading.Event(), threading.Event(), threading.Event()

    def hold() -> None:
        with build_lock(folder):
            held.set()
            release.wait(60)

    def wait_for_it() -> None:
        with build_lock(folder, wait_seconds=60):
            got.set()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(60)
        refused = rf"another build is running \(pid {os.getpid()}, "
        with pytest.raises(BuildLocked, match=refused), build_lock(folder):
            pass
        waiter = threading.Thread(target=wait_for_it)
        with caplog.at_level(logging.WARNING, logger="pipeline.lock"):
            waiter.start()
            deadline = time.monotonic() + 60
            while not any("waiting up to 60 s" in r.getMessage() for r in caplog.records):
                assert time.monotonic() < deadline
                time.sleep(0.01)
            assert not got.is_set()  # it found the lock taken and is waiting
            release.set()
            waiter.join(60)
    finally:
        release.set()
        holder.join(60)
    assert got.is_set()
