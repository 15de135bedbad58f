"""The seams: a format or a speech engine is one module (here, one test) and nothing else."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from pipeline.build import build
from pipeline.publish.format import FORMATS, Artifact, Format, register_format
from pipeline.publish.publication import Publication
from pipeline.publish.readalong import read_along
from pipeline.speech import SYNTHESIZERS, Voice, register_synthesizer
from pipeline.store import content_key
from pipeline.wav import CLIP_SAMPLE_RATE

PACKAGE = Path(__file__).resolve().parent.parent / "pipeline"


class WordCount(Format):
    """A trivial format: the number of words of each language's edition, as JSON."""

    name = "wordcount"
    summary = "words per language (a test format)"
    stage = "text"

    def artifacts(self, publication: Publication) -> list[Artifact]:
        counts = {
            lang: sum(len(b.text.split()) for b in e.document.blocks)
            for lang, e in publication.editions.items()
        }
        text = json.dumps(counts)
        return [
            Artifact(
                publication.out / "wordcount.json",
                content_key("wordcount", text),
                lambda temp: temp.write_text(text, encoding="utf-8"),
            )
        ]


class ReadAlongDump(Format):
    """Every timed sentence of every language, to check the read-along model."""

    name = "readalong-dump"
    requires = ("mp3",)

    def artifacts(self, publication: Publication) -> list[Artifact]:
        dump = {
            lang: [
                [s.anchor, s.text, s.timed.__dict__ if s.timed else None]
                for section in read_along(publication, lang)
                for s in section.sentences
            ]
            for lang in publication.narrated_languages
        }
        text = json.dumps(dump)
        path = publication.out / "readalong.json"
        return [Artifact(path, content_key(text), lambda t: t.write_text(text))]


class Beeps:
    """A trivial speech engine: a short tone per sentence, longer for longer text."""

    name = "beeps"
    workers = 1
    max_chars = 200
    version = "beeps 1"

    def default_voice(self, language: str) -> str:
        return "tone"

    def voices(self) -> list[Voice]:
        return [Voice("tone", "en"), Voice("tone", "es")]

    def synthesize(self, text: str, language: str, voice: str, speed: float) -> np.ndarray:
        seconds = 0.2 + 0.01 * len(text)
        t = np.arange(int(seconds * CLIP_SAMPLE_RATE)) / CLIP_SAMPLE_RATE
        return (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)


@pytest.fixture
def plugged():
    register_format(WordCount)
    register_format(ReadAlongDump)
    register_synthesizer("beeps", "tones (a test engine)")(lambda **_: Beeps())
    yield
    for name in ("wordcount", "readalong-dump"):
        FORMATS.unregister(name)
    SYNTHESIZERS.unregister("beeps")


@pytest.mark.slow
def test_a_format_defined_in_one_place_is_built_listed_and_kept_fresh(
    plugged, small_report, espeak_options
):
    options = replace(espeak_options, formats=frozenset({"wordcount"}))
    build(small_report, options)
    out = options.out_dir / "short"
    counts = json.loads((out / "wordcount.json").read_text())
    assert set(counts) == {"en", "es"} and counts["en"] > 20
    before = (out / "wordcount.json").stat().st_mtime_ns
    result = build(small_report, options)
    assert (out / "wordcount.json").stat().st_mtime_ns == before  # fresh: not rewritten
    assert "wordcount.json" in result.report.published

    from pipeline.cli import main

    help_text = CliRunner().invoke(main, ["build", "--help"]).output
    assert "wordcount" in help_text and "words per language" in help_text


@pytest.mark.slow
def test_a_speech_engine_defined_in_one_place_narrates_a_book(plugged, small_report, tmp_path):
    from pipeline.config import BuildOptions

    options = BuildOptions(tts="beeps", out_dir=tmp_path / "o", cache_dir=tmp_path / "c")
    result = build(small_report, replace(options, languages=("en",)))
    assert result.report.languages["en"].narration.speech_engine == "beeps"
    assert (tmp_path / "o" / "short" / "short.en.mp3").stat().st_size > 10_000


@pytest.mark.slow
def test_read_along_times_every_spoken_sentence_as_the_transcript_does(
    plugged, small_report, espeak_options
):
    options = replace(espeak_options, formats=frozenset({"readalong-dump"}))
    build(small_report, options)
    out = options.out_dir / "short"
    dump = json.loads((out / "readalong.json").read_text())
    for language, sentences in dump.items():
        timed = [(anchor, text, t) for anchor, text, t in sentences if t]
        assert len(timed) == len(sentences)  # every sentence of this report is spoken
        assert len({anchor for anchor, _, _ in timed}) == len(timed)
        starts = [t["start"] for _, _, t in timed]
        assert starts == sorted(starts)
        assert all(t["start"] < t["end"] for _, _, t in timed)
        vtt = (out / f"short.{language}.vtt").read_text(encoding="utf-8")
        for _, text, t in timed[:5]:
            assert f"\n{text}\n" in vtt.replace("&amp;", "&")
            stamp = round(t["start"] * 1000)
            seconds, millis = divmod(stamp, 1000)
            minutes, seconds = divmod(seconds, 60)
            assert f"00:{minutes:02d}:{seconds:02d}.{millis:03d} -->" in vtt


def _modules() -> list[str]:
    return sorted(
        "pipeline."
        + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).replace(".__init__", "")
        for p in PACKAGE.rglob("*.py")
        if p.name != "__main__.py"
    )


@pytest.mark.slow
def test_every_module_imports_first_in_a_fresh_interpreter():
    # An import cycle shows as an ImportError when the wrong module is imported first.
    script = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('pipeline')]:\n"
        "        del sys.modules[loaded]\n"
        "    importlib.import_module(name)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *_modules()], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_no_module_is_past_450_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) >= 450
    }
    assert not long
