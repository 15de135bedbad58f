"""Every exit code the README documents, through the command line a user runs.

0 done · 1 failed · 2 usage · 3 built with something to review · 4 a plan with work to do ·
5 an audio file off its profile · 130 interrupted (tests/test_reliability.py sends the
signals). Each test also checks what the code stands for, not the number alone.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest
from audio.speechlike import narration
from command_line import decodes, espeak_build, pipeline
from localhttp import Exchange, Reply
from speech.test_gtts_engine import PATH, google_answer, spoken, tone_mp3  # noqa: F401

from pipeline.audio.profiles import PODCAST, level_filter_for
from pipeline.audio.stitch import encode_mp3
from pipeline.parsing import load_document
from pipeline.translate.memory import TranslationMemory
from pipeline.wav import write_clip


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- 2: usage --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["build", "--no-such-option"], "No such option: --no-such-option"),
        (["build", "--tts", "nope"], "unknown speech engine 'nope'"),
        (["build", "--profile", "radio"], "'radio' is not one of 'acx', 'podcast'"),
        (["--config", "missing.toml", "plan"], "missing.toml: no such file"),
        (["no-such-command"], "No such command 'no-such-command'"),
    ],
)
def test_a_usage_error_exits_2_and_says_what_was_wrong(tmp_path, small_report, args, said):
    done = pipeline(*args, small_report, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr
    assert not (tmp_path / "output").exists()


# -- 4: a plan with work to do ---------------------------------------------------------------


@pytest.mark.parametrize("command", [["plan"], ["build", "--dry-run"]], ids=" ".join)
def test_a_plan_with_work_exits_4_and_changes_nothing(tmp_path, small_report, command):
    before = _snapshot(tmp_path)
    english = ("--tts", "espeak", "--lang", "en")  # the Spanish side plans in test_reliability
    done = pipeline(*command, small_report, *english, "--cache-dir", tmp_path / "c", cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    assert re.search(r"en \(espeak, en-us\): 0 blocks to translate, \d+ sentences", done.stdout)
    assert "synthesize: They discussed trade." in done.stdout
    after = _snapshot(tmp_path)
    assert {k: v for k, v in after.items() if not k.startswith("c/")} == before
    assert not list((tmp_path / "c").rglob("*.wav"))  # nothing narrated


# -- 3 and 0: status -------------------------------------------------------------------------


def test_status_exits_3_while_blocks_await_review_and_0_once_reviewed(tmp_path, small_report):
    memory = TranslationMemory.load(small_report.with_name("short.es.po"), "es", "short")
    for block in load_document(small_report).blocks:
        memory.add_machine(block.text, f"«{block.text}»", "apertium", "Section: A", None)
    memory.save()
    done = pipeline("status", small_report, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "0 reviewed, 8 to review" in done.stdout
    assert "[fuzzy]" in done.stdout and "We are a non-profit organization." in done.stdout

    po = polib.pofile(str(memory.path))
    for entry in po:
        entry.flags.remove("fuzzy")
    po.save()
    done = pipeline("status", small_report, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert "8 reviewed, 0 to review" in done.stdout and "[fuzzy]" not in done.stdout


# -- 5 and 0: check-audio --------------------------------------------------------------------


def test_check_audio_exits_5_for_a_file_off_the_profile_and_0_for_one_on_it(tmp_path):
    wav = tmp_path / "section.wav"
    write_clip(wav, narration(peak=0.3))
    on = tmp_path / "on.mp3"
    encode_mp3(wav, on, level_filter_for(PODCAST, [wav]), PODCAST)
    off = tmp_path / "off.mp3"
    encode_mp3(wav, off)  # no level: as quiet as it was recorded

    done = pipeline("check-audio", on, cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    *_, verdict, credentials = done.stdout.rstrip().splitlines()
    assert verdict == "passes (podcast)"
    assert credentials == f"{on}: no Content Credentials"  # reported, not a failure

    done = pipeline("check-audio", on, off, "--json", cwd=tmp_path)
    assert done.returncode == 5
    report = json.loads(done.stdout)
    assert report["passed"] is False
    assert [f["passed"] for f in report["files"]] == [True, False]
    [missed] = [f["name"] for f in report["files"][1]["figures"] if f["passed"] is False]
    assert missed == "integrated"


# -- builds: 0, 1, 3 -------------------------------------------------------------------------


@pytest.mark.slow
def test_an_english_build_exits_0_and_then_plans_nothing(tmp_path, small_report):
    out, cache = tmp_path / "out", tmp_path / "cache"
    done = pipeline(*espeak_build(small_report, out, cache, "--lang", "en"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert decodes(out / "short" / "short.en.mp3")
    done = pipeline(
        "plan", small_report, "--tts", "espeak", "--lang", "en", "--cache-dir", cache, cwd=tmp_path
    )
    assert done.returncode == 0, done.stdout
    assert "all 2 sentences cached" in done.stdout


FAILING = "They discussed trade."


@pytest.fixture
def flaky_gtts(local_server, tone_mp3):  # type: ignore[no-untyped-def]  # noqa: F811
    """A local stand-in for Google's voice that refuses one sentence (HTTP 400)."""

    def respond(exchange: Exchange) -> Reply:
        text, _, _ = spoken(exchange)
        return Reply(400, "refused") if text == FAILING else google_answer(tone_mp3)

    server = local_server(respond)
    return {"GTTS_URL": server.url + PATH}


def _gtts_build(tmp_path: Path, source: Path, env: dict[str, str], *extra: str, quiet=True):  # type: ignore[no-untyped-def]
    args = espeak_build(
        source, tmp_path / "out", tmp_path / "cache", "--lang", "en", *extra, quiet=quiet
    )
    args[args.index("espeak")] = "gtts"
    return pipeline(*args, cwd=tmp_path, env=env)


def _failures(tmp_path: Path) -> list[dict]:
    report = json.loads((tmp_path / "out" / "short" / "build-report.json").read_text("utf-8"))
    return report["languages"]["en"]["speech_failures"]


@pytest.mark.slow
def test_a_speech_failure_exits_1_naming_the_sentence(tmp_path, small_report, flaky_gtts):
    done = _gtts_build(tmp_path, small_report, flaky_gtts)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("error: gtts: ") and "HTTP 400" in line and FAILING in line
    assert not (tmp_path / "out" / "short" / "short.en.mp3").exists()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("extra", "spoken_by"), [(["--fallback", "espeak"], "espeak"), (["--keep-going"], None)]
)
def test_a_fallback_or_keep_going_build_exits_3_and_lists_the_sentence(
    tmp_path, small_report, flaky_gtts, extra, spoken_by
):
    done = _gtts_build(tmp_path, small_report, flaky_gtts, *extra)
    assert done.returncode == 3, done.stderr
    assert "1 sentences were spoken by the fallback engine or left out" in done.stderr
    [failure] = _failures(tmp_path)
    assert failure["sentence"] == FAILING and failure["fallback"] == spoken_by
    assert decodes(tmp_path / "out" / "short" / "short.en.mp3")


@pytest.mark.slow
def test_draft_keeps_going_with_espeak_and_only_warns_on_the_audio(
    tmp_path, small_report, flaky_gtts
):
    # Long pauses put 5.8 s of room tone at the book's tail: ACX allows 5 s at most.
    off_profile = ["--profile", "acx", "--pause", "paragraph=4800"]
    strict = _gtts_build(tmp_path, small_report, flaky_gtts, *off_profile, "--fallback", "espeak")
    assert strict.returncode == 1
    [line] = strict.stderr.splitlines()
    assert re.fullmatch(r"error: output misses the acx profile \(.*tail_silence.*", line), line

    draft = _gtts_build(tmp_path, small_report, flaky_gtts, *off_profile, "--draft", quiet=False)
    assert draft.returncode == 3, draft.stderr
    assert "WARNING: output misses the acx profile" in draft.stderr
    [failure] = _failures(tmp_path)
    assert failure["fallback"] == "espeak"
    report = json.loads((tmp_path / "out" / "short" / "audio-report.json").read_text("utf-8"))
    assert report["passed"] is False
