"""What a person sees on stderr while a build runs: on a terminal one line redrawn in place
and gone before anything else is written; in a log (CI, ``make run > log``) a plain line each
tenth of the clips, never a carriage return."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest
from command_line import environment, espeak_build, pipeline

PROGRESS = re.compile(r"narrating \[[#-]{24}\] (\d+)/(\d+) clips")
# No base URL: the feed says it is skipped, as a WARNING line, in the middle of the build.
FEED_WARNING = "WARNING: feed: a podcast feed needs absolute links"


@pytest.mark.slow
def test_in_a_log_progress_is_a_line_a_tenth_and_warnings_start_their_own_line(
    small_report, tmp_path
):
    args = espeak_build(small_report, tmp_path / "out", tmp_path / "c", quiet=False)
    done = pipeline(*args, "--format", "feed", cwd=tmp_path)
    assert done.returncode == 3, done.stderr  # the Spanish is unreviewed machine translation
    assert "\r" not in done.stderr
    lines = done.stderr.splitlines()
    shown = [PROGRESS.fullmatch(line.split(", ETA")[0]) for line in lines]
    counts = [(int(m[1]), int(m[2])) for m in shown if m]
    total = counts[-1][1]
    assert counts[-1] == (total, total)
    tenths = [10 * done // total for done, _ in counts]
    assert tenths == sorted(set(tenths)), counts  # one line per tenth, in order
    assert any(line.startswith(FEED_WARNING) for line in lines), done.stderr


@pytest.mark.slow
def test_on_a_terminal_the_line_is_cleared_before_a_warning_and_not_drawn_after_the_summary(
    small_report, tmp_path
):
    args = espeak_build(small_report, tmp_path / "out", tmp_path / "c", quiet=False)
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args, "--format", "feed"],
        cwd=tmp_path,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
    ) as build:
        os.close(follower)
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the build closed the terminal: it has ended
                break
            if not chunk:
                break
            seen += chunk
        stdout = build.stdout.read() if build.stdout else ""
    os.close(leader)
    assert build.returncode == 3
    assert "built in" in stdout
    screen = seen.decode("utf-8", errors="replace")
    assert PROGRESS.search(screen), screen
    # The progress line is wiped ("\r   \r") before the warning is written.
    assert re.search(r"\r +\r" + re.escape(FEED_WARNING), screen), screen
    # Nothing is drawn after the end of the build's progress: the notes follow on clean lines.
    last_drawn = max(m.end() for m in PROGRESS.finditer(screen))
    after = screen[last_drawn:]
    assert re.search(r"\r +\r", after) and "narrating" not in after
