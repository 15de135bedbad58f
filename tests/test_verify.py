"""The intelligibility check: word error rate, the comparison normaliser, and whisper-base
listening to real espeak-ng clips (the model is installed by setup, as for every test run)."""

import json
import re
import shutil
import socket
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from command_line import espeak_build, pipeline
from sample_reports import SMALL_REPORT

from pipeline.build import build
from pipeline.config import BuildOptions, memory_path
from pipeline.errors import ConfigError
from pipeline.speech.espeak import EspeakSynthesizer
from pipeline.verify import (
    LanguageCheck,
    NarrationUnclear,
    SectionCheck,
    Transcriber,
    VerifyReport,
    align_compounds,
    comparable_words,
    edit_distance,
    heard_words,
    verify_build,
    wer,
)
from pipeline.wav import write_clip

ENGLISH = "Strong institutions support stability in the region."
SPANISH = "La cooperación entre México y Estados Unidos es muy importante."


@pytest.fixture(scope="module")
def transcriber() -> Transcriber:
    # One model for the whole module: loading it is the slow part.
    return Transcriber()


def _espeak_clip(folder: Path, text: str, language: str) -> Path:
    engine = EspeakSynthesizer()
    path = folder / f"{language}.wav"
    write_clip(path, engine.synthesize(text, language, engine.default_voice(language), 1.0))
    return path


# -- word error rate ------------------------------------------------------------------------


def test_edit_distance_counts_substitutions_deletions_and_insertions():
    assert edit_distance([], []) == 0
    assert edit_distance(["a", "b", "c"], ["a", "b", "c"]) == 0
    assert edit_distance(["a", "b", "c"], ["a", "x", "c"]) == 1
    assert edit_distance(["a", "b", "c"], ["a", "c"]) == 1
    assert edit_distance(["a", "b", "c"], ["a", "b", "c", "d"]) == 1
    assert edit_distance(["a", "b", "c"], []) == 3
    assert edit_distance([], ["a", "b"]) == 2
    assert edit_distance(["kitten", "sat", "on", "mat"], ["sitting", "sat", "mat", "down"]) == 3


def test_wer_is_errors_over_reference_words():
    assert wer(["a", "b", "c", "d"], ["a", "x", "c"]) == 0.5
    assert wer(["a", "b"], ["a", "b"]) == 0.0
    assert wer(["a"], ["x", "y", "z"]) == 3.0  # insertions can take it past 1
    assert wer([], []) == 0.0
    assert wer([], ["x"]) == 1.0


# -- the comparison normaliser --------------------------------------------------------------


def test_comparable_words_drop_case_and_punctuation():
    assert comparable_words("Hello, World! (Really?) “Yes” — no.", "en") == [
        "hello",
        "world",
        "really",
        "yes",
        "no",
    ]


def test_digits_become_words_in_the_language():
    english = "in two thousand and twenty six envoys one thousand five hundred people"
    assert comparable_words("In 2020, 6 envoys; 1,500 people.", "en") == english.split(" ")
    spanish = "en dos mil veinte habia seis embajadores y mil quinientos dolares"
    assert comparable_words("En 2020 había 6 embajadores y 1.500 dólares.", "es") == (
        spanish.split(" ")
    )
    assert comparable_words("3.5", "en") == ["three", "point", "five"]
    assert comparable_words("3,5", "es") == ["tres", "coma", "cinco"]


def test_spanish_accents_go_but_enye_stays():
    assert comparable_words("Más gestión, también AÑO y año.", "es") == (
        ["mas", "gestion", "tambien", "año", "y", "año"]
    )
    assert comparable_words("año", "es") != comparable_words("ano", "es")


def test_initialisms_are_one_word_however_written():
    for written in ("U.S.", "U. S.", "U S", "US"):
        assert comparable_words(f"{written} ambassadors", "en") == ["us", "ambassadors"]
    assert comparable_words("U S M F", "es") == comparable_words("USMF", "es") == ["usmf"]
    # An article before a spelled initialism stays a word.
    assert comparable_words("A U S ambassador", "en") == ["a", "us", "ambassador"]


def test_hyphens_part_words_and_apostrophes_join_them():
    assert comparable_words("a non-profit, the Center's U.S.-Mexico work", "en") == (
        ["a", "non", "profit", "the", "centers", "us", "mexico", "work"]
    )


def test_transcripts_are_said_as_the_narrator_was_told():
    # What whisper writes for "five billion dollars, twelve percent" and "Estados Unidos".
    assert heard_words("$5 billion, 12% more", "en") == comparable_words(
        "five billion dollars, twelve percent more", "en"
    )
    assert heard_words("EE. UU. gastó un 12% más", "es") == comparable_words(
        "Estados Unidos gastó un doce por ciento más", "es"
    )


def test_compounds_are_split_or_joined_as_the_reference_has_them():
    meant = ["the", "non", "profit", "wilson", "center"]
    assert align_compounds(meant, ["the", "nonprofit", "wilsoncenter"]) == meant
    meant = ["a", "nonprofit"]
    assert align_compounds(meant, ["a", "non", "profit"]) == meant
    # Two words that are each meant stay apart.
    assert align_compounds(["a", "cross", "across"], ["a", "cross"]) == ["a", "cross"]


# -- listening ------------------------------------------------------------------------------


@pytest.mark.slow
def test_an_english_espeak_clip_is_understood(tmp_path, transcriber):
    said = transcriber.transcribe(_espeak_clip(tmp_path, ENGLISH, "en"), "en")
    assert wer(comparable_words(ENGLISH, "en"), heard_words(said, "en")) <= 0.3, said


@pytest.mark.slow
def test_a_spanish_espeak_clip_is_understood(tmp_path, transcriber):
    said = transcriber.transcribe(_espeak_clip(tmp_path, SPANISH, "es"), "es")
    assert wer(comparable_words(SPANISH, "es"), heard_words(said, "es")) <= 0.3, said


@pytest.mark.slow
def test_noise_gets_a_high_error_rate_quickly(tmp_path, transcriber):
    noise = np.random.default_rng(7).standard_normal(3 * 24_000).astype(np.float32) * 0.3
    write_clip(tmp_path / "noise.wav", noise)
    said = transcriber.transcribe(tmp_path / "noise.wav", "en")
    assert wer(comparable_words(ENGLISH, "en"), heard_words(said, "en")) >= 0.8, said


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The small report's English narrated with espeak-ng (no MP3s), once for the module."""
    root = tmp_path_factory.mktemp("narrated")
    source = root / "source" / "short.md"
    source.parent.mkdir()
    source.write_text(SMALL_REPORT, encoding="utf-8")
    options = BuildOptions(
        tts="espeak",
        out_dir=root / "output",
        cache_dir=root / "cache",
        languages=("en",),
        stages=frozenset({"narrate"}),
    )
    build(source, options)
    return source, options


def _copy(narrated, folder: Path):  # type: ignore[no-untyped-def]
    """The narrated report in ``folder``: the source and the clips, but no transcripts yet."""
    source, options = narrated
    shutil.copytree(source.parent, folder / "source")
    shutil.copytree(options.cache_dir / "store" / "clips", folder / "cache" / "store" / "clips")
    return folder / "source" / source.name, replace(options, cache_dir=folder / "cache")


@pytest.mark.slow
def test_a_built_report_is_verified_then_verified_again_from_the_cache(
    narrated, tmp_path, transcriber
):
    source, options = _copy(narrated, tmp_path)
    before = transcriber.calls
    first = verify_build(source, options, ["en"], transcriber=transcriber)
    heard = transcriber.calls - before
    (english,) = first.languages
    assert heard == english.transcribed > 0 and english.reused == 0
    assert [s.title for s in english.sections] == [
        "A Short Report on the U.S.-Mexico Border",
        "Findings",
        "About Us",
    ]
    assert english.words > 40 and english.not_narrated == 0
    # espeak-ng at 165 words a minute is hard on whisper (about 28% here, "Findings" heard as
    # "I'm ding!"): this bound only says the check works; Kokoro measures about 1-2%.
    assert english.wer <= 0.5, first.render()
    assert english.worst and english.worst[0].errors >= english.worst[-1].errors

    again = verify_build(source, options, ["en"], transcriber=transcriber)
    assert transcriber.calls - before == heard  # every transcript came from the store
    assert again.languages[0].reused == heard and again.languages[0].transcribed == 0
    assert again.languages[0].sections == english.sections
    assert again.languages[0].worst == english.worst


class _Deaf(Transcriber):
    """Hears nothing, at once: for tests of the bookkeeping, not of the listening."""

    id = "deaf"

    def transcribe(self, audio: Path, language: str) -> str:
        self.calls += 1
        return ""


@pytest.mark.slow
def test_sentences_added_since_the_build_are_not_narrated_and_the_memory_is_untouched(
    narrated, tmp_path
):
    source, options = _copy(narrated, tmp_path)
    text = source.read_text(encoding="utf-8")
    source.write_text(text + "\nA sentence written after the build.\n", encoding="utf-8")

    report = verify_build(source, options, ["en", "es"], transcriber=_Deaf())
    english, spanish = report.languages
    assert english.not_narrated == 1 and english.words > 0
    # No Spanish was narrated: every sentence counts as not narrated, none as an error.
    assert spanish.words == 0 and spanish.not_narrated > 0
    assert not memory_path(source, "es").exists()
    assert "not narrated" in report.render()


@pytest.mark.slow
def test_the_model_loads_and_listens_with_no_network(tmp_path, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    said = Transcriber().transcribe(_espeak_clip(tmp_path, ENGLISH, "en"), "en")
    assert heard_words(said, "en")


@pytest.mark.slow
def test_an_unknown_language_is_refused(narrated):
    source, options = narrated
    with pytest.raises(ConfigError, match="fr"):
        verify_build(source, options, ["fr"])


def test_a_limit_fails_the_books_above_it():
    report = VerifyReport("doc", "asr", max_wer=0.05)
    assert report.passed
    report.check()
    report.languages.append(LanguageCheck("es", "v", "e", [SectionCheck("S", 1, 10, 2)]))
    assert not report.passed
    with pytest.raises(NarrationUnclear, match=r"es 20\.0%"):
        report.check()
    assert '"passed": false' in report.to_json()
    assert "FAILED" in report.render()


@pytest.mark.slow
def test_verify_through_the_command_line_passes_or_fails_at_its_limit(tmp_path, small_report):
    out, cache = tmp_path / "out", tmp_path / "cache"
    english = ("--lang", "en")
    built = pipeline(
        *espeak_build(small_report, out, cache, *english, "--verify", "--max-wer", "0.9"),
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    report = json.loads((out / "short" / "verify-report.json").read_text(encoding="utf-8"))
    assert report["passed"] is True and report["max_wer"] == 0.9
    assert report["languages"]["en"]["words"] > 40

    # espeak-ng at full speed is hard on whisper (about 28% here): 5% fails, in one line.
    where = ["--tts", "espeak", *english, "--out", out, "--cache-dir", cache]
    strict = pipeline("-q", "verify", small_report, *where, "--max-wer", "0.05", cwd=tmp_path)
    assert strict.returncode == 1
    [line] = strict.stderr.splitlines()
    assert re.fullmatch(
        r"error: short: word error rate above 5\.0% \(en \d+\.\d%\); "
        r"verify-report\.json lists the worst sentences",
        line,
    ), line
    report = json.loads((out / "short" / "verify-report.json").read_text(encoding="utf-8"))
    assert report["passed"] is False
    assert report["languages"]["en"]["transcribed"] == 0  # heard once, by the build

    after_build = pipeline(
        *espeak_build(small_report, out, cache, *english, "--verify", "--max-wer", "0.05"),
        cwd=tmp_path,
    )
    assert after_build.returncode == 1
    assert after_build.stderr.startswith("error: short: word error rate above 5.0%")
