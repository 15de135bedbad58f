"""The structure a listener hears: pauses measured in the audio by silence detection."""

import re
import subprocess
from pathlib import Path

import pytest

from pipeline.build import build
from pipeline.config import BuildOptions
from pipeline.speech.script import Pauses

REPORT = """\
# The Title Of The Report

Trade grew quickly last year.

## Border Management

Officials met in Mexico City.
"""


def _silences(path: Path) -> list[float]:
    # Below -50 dBFS counts as silence: the level the stitcher trims clip edges to.
    done = subprocess.run(
        [
            "ffmpeg",
            "-hide_banner",
            "-i",
            str(path),
            "-af",
            "silencedetect=noise=-50dB:d=0.25",
            "-f",
            "null",
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return [float(d) for d in re.findall(r"silence_duration: ([\d.]+)", done.stderr)]


@pytest.mark.slow
@pytest.mark.parametrize("pauses", [Pauses(), Pauses(title=2000, heading=1200, section=2500)])
def test_heading_and_section_pauses_are_heard_as_configured(tmp_path, pauses):
    source = tmp_path / "source" / "pauses.md"
    source.parent.mkdir()
    source.write_text(REPORT, encoding="utf-8")
    options = BuildOptions(
        tts="espeak",
        languages=("en",),
        pauses=pauses,
        out_dir=tmp_path / "out",
        cache_dir=tmp_path / "cache",
    )
    build(source, options)
    sections = sorted((tmp_path / "out" / "pauses" / "sections" / "en").glob("*.mp3"))
    first, second = (_silences(s) for s in sections)
    # Section one: title, pause, sentence, then the gap between chapters at its end.
    assert abs(first[0] - pauses.title / 1000) < 0.05, first
    assert abs(first[-1] - pauses.section / 1000) < 0.05, first
    # Section two opens by reading its heading, then the heading pause.
    assert abs(second[0] - pauses.heading / 1000) < 0.05, second
