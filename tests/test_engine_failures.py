"""A speech engine that fails on one sentence: stop, leave it out, or let a fallback speak it.

The failing engine is gTTS against a real local HTTP server that answers 500 for one
sentence, so the whole real failure path (HTTP error, retries, our error) is exercised.
"""

import pytest
from localhttp import Exchange, Reply, no_sleep
from speech.test_gtts_engine import google_answer, spoken, tone_mp3  # noqa: F401 (fixture)

from pipeline.build import build
from pipeline.config import BuildOptions
from pipeline.errors import EngineError

FAILING_WORD = "trade"


@pytest.fixture
def flaky_gtts(local_server, tone_mp3):  # type: ignore[no-untyped-def]  # noqa: F811
    def respond(exchange: Exchange) -> Reply:
        text, _, _ = spoken(exchange)
        return Reply(500, "boom") if FAILING_WORD in text else google_answer(tone_mp3)

    server = local_server(respond)
    return {
        "endpoint": server.url + "/_/TranslateWebserverUi/data/batchexecute",
        "sleep": no_sleep,
        "attempts": 2,
        "min_interval_s": 0.0,
    }


def _options(tmp_path, tts_options, **extra) -> BuildOptions:  # type: ignore[no-untyped-def]
    return BuildOptions(
        tts="gtts",
        tts_options=tts_options,
        languages=("en",),
        out_dir=tmp_path / "out",
        cache_dir=tmp_path / "cache",
        **extra,
    )


@pytest.mark.slow
def test_by_default_the_failure_stops_the_build_naming_the_sentence(
    small_report, tmp_path, flaky_gtts
):
    with pytest.raises(EngineError, match="They discussed trade"):
        build(small_report, _options(tmp_path, flaky_gtts))
    assert not (tmp_path / "out" / "short" / "short.en.mp3").exists()


@pytest.mark.slow
def test_keep_going_leaves_the_sentence_out_and_lists_it(small_report, tmp_path, flaky_gtts):
    result = build(small_report, _options(tmp_path, flaky_gtts, keep_going=True))
    english = result.report.to_dict()["languages"]["en"]
    [failure] = english["speech_failures"]
    assert failure["sentence"] == "They discussed trade."
    assert failure["fallback"] is None and "500" in failure["message"]
    assert result.speech_failures == 1
    assert (tmp_path / "out" / "short" / "short.en.mp3").exists()


@pytest.mark.slow
def test_a_fallback_engine_speaks_the_failed_sentence(small_report, tmp_path, flaky_gtts):
    result = build(small_report, _options(tmp_path, flaky_gtts, fallback_tts="espeak"))
    [failure] = result.report.to_dict()["languages"]["en"]["speech_failures"]
    assert failure["fallback"] == "espeak" and failure["engine"] == "gtts"
    # The next build asks the main engine again (it may be back), and falls back again.
    again = build(small_report, _options(tmp_path, flaky_gtts, fallback_tts="espeak"))
    assert again.report.to_dict()["languages"]["en"]["clips_synthesized"] == 1


def test_draft_options_keep_going_with_espeak_and_only_warn():
    draft = BuildOptions(tts="kokoro").as_draft()
    assert draft.keep_going and draft.fallback_tts == "espeak" and draft.audio_check == "warn"
    assert BuildOptions(tts="espeak").as_draft().fallback_tts is None
