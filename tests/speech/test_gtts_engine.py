from __future__ import annotations

import base64
import json
import subprocess

import numpy as np
import pytest
from localhttp import Exchange, Reply, no_sleep, refused_url

from pipeline.errors import ConfigError, EngineError, EngineUnavailable
from pipeline.speech import make_synthesizer, synthesizer_names
from pipeline.speech.gtts_engine import REQUEST_CHARS, GttsSynthesizer
from pipeline.wav import CLIP_SAMPLE_RATE

TONE_SECONDS = 0.3
PATH = "/_/TranslateWebserverUi/data/batchexecute"


@pytest.fixture(scope="module")
def tone_mp3() -> bytes:
    """A real MP3, as Google would send: 0.3 s of 440 Hz."""
    tone = f"sine=frequency=440:duration={TONE_SECONDS}"
    done = subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-f", "lavfi", "-i", tone, "-f", "mp3", "-"],
        capture_output=True,
        check=True,
    )
    return done.stdout


def spoken(exchange: Exchange) -> tuple[str, str, bool | None]:
    """Return (text, language, slow) from a gTTS request body (an RPC in a form field)."""
    rpc = json.loads(exchange.form["f.req"])
    text, language, slow, _ = json.loads(rpc[0][0][1])
    return text, language, slow


def google_answer(mp3: bytes) -> Reply:
    # The batchexecute framing gTTS parses: the base64 MP3 inside an escaped JSON string.
    audio = base64.b64encode(mp3).decode("ascii")
    line = f'[["wrb.fr","jQ1olc","[\\"{audio}\\"]",null,null,null,"generic"]]'
    return Reply(200, f")]}}'\n\n{len(line)}\n{line}\n")


def engine(server_url: str, **options) -> GttsSynthesizer:
    return make_synthesizer("gtts", endpoint=server_url + PATH, **{"sleep": no_sleep, **options})


def test_registered():
    assert "gtts" in synthesizer_names()


def test_speaks_a_sentence_as_clip_samples(local_server, tone_mp3):
    server = local_server([google_answer(tone_mp3)])
    samples = engine(server.url).synthesize("The border is long.", "en", "com", 1.0)
    assert samples.dtype == np.float32 and samples.ndim == 1
    seconds = len(samples) / CLIP_SAMPLE_RATE
    assert TONE_SECONDS * 0.9 <= seconds <= TONE_SECONDS + 0.15
    assert 0.1 < float(np.abs(samples).max()) <= 1.0
    assert len(server.exchanges) == 1
    assert server.exchanges[0].path == PATH
    assert spoken(server.exchanges[0]) == ("The border is long.", "en", None)


def test_pieces_are_cut_at_what_gtts_sends_in_one_request():
    from gtts import gTTS

    assert REQUEST_CHARS == gTTS.GOOGLE_TTS_MAX_CHARS


def test_long_text_goes_in_pieces_at_boundaries_with_every_word(local_server, tone_mp3):
    server = local_server([google_answer(tone_mp3)])
    text = (
        "The relationship between the United States and Mexico, long defined by trade, "
        "migration and security, now needs institutions that outlast elections; "
        "without them, every cycle starts again from nothing. "
        "This report, written over two years, explains how."
    )
    samples = engine(server.url).synthesize(text, "en", "com", 1.0)
    sent = [spoken(e)[0] for e in server.exchanges]
    assert len(sent) >= 3
    assert all(len(piece) <= 100 for piece in sent)
    assert " ".join(sent).split() == text.split()  # nothing dropped, nothing reordered
    assert all(piece[-1] in ",;." for piece in sent[:-1])  # cut at clauses, not mid-phrase
    seconds = len(samples) / CLIP_SAMPLE_RATE
    assert len(sent) * TONE_SECONDS * 0.9 <= seconds <= len(sent) * (TONE_SECONDS + 0.15)


def _meant_for(exchange: Exchange) -> str:
    """The Google host a request was meant for (the local server stands in for it)."""
    return {k.lower(): v for k, v in exchange.headers.items()}["x-forwarded-host"]


def test_spanish_uses_the_mexican_host_and_slow_speed(local_server, tone_mp3):
    server = local_server([google_answer(tone_mp3)])
    synthesizer = engine(server.url)
    assert synthesizer.default_voice("es") == "com.mx"
    assert synthesizer.default_voice("en") == "com"
    synthesizer.synthesize("EE. UU. y México.", "es", "com.mx", 0.7)
    synthesizer.synthesize("The border is long.", "en", "co.uk", 1.0)
    mexico, britain = server.exchanges
    assert spoken(mexico) == ("EE. UU. y México.", "es", True)
    assert _meant_for(mexico) == "translate.google.com.mx"
    assert _meant_for(britain) == "translate.google.co.uk" and spoken(britain)[2] is None


def test_the_endpoint_can_come_from_the_environment(local_server, tone_mp3, monkeypatch):
    server = local_server([google_answer(tone_mp3)])
    monkeypatch.setenv("GTTS_URL", server.url + PATH)
    samples = make_synthesizer("gtts", sleep=no_sleep).synthesize("Hello.", "en", "com", 1.0)
    assert len(samples) > 0 and _meant_for(server.exchanges[0]) == "translate.google.com"


def test_429_then_success(local_server, tone_mp3):
    sleeps: list[float] = []
    server = local_server([Reply(429), Reply(503), google_answer(tone_mp3)])
    samples = engine(server.url, sleep=sleeps.append).synthesize("Hello.", "en", "com", 1.0)
    assert len(samples) > 0
    assert len(server.exchanges) == 3
    assert len(sleeps) >= 2


def test_500_forever_is_an_engine_error(local_server):
    server = local_server([Reply(500)])
    with pytest.raises(EngineError) as caught:
        engine(server.url, attempts=3).synthesize("Hello.", "en", "com", 1.0)
    assert not isinstance(caught.value, EngineUnavailable)
    assert "3 tries" in str(caught.value) and "HTTP 500" in str(caught.value)
    assert len(server.exchanges) == 3


def test_timeout_then_success(local_server, tone_mp3):
    # A second apart, not a tenth: on a machine busy with the whole suite, the answer that
    # follows the timeout must arrive well inside the timeout (it once took over 0.1 s).
    server = local_server([Reply(200, "", delay_s=3.0), google_answer(tone_mp3)])
    samples = engine(server.url, timeout=1.0).synthesize("Hello.", "en", "com", 1.0)
    assert len(samples) > 0
    assert len(server.exchanges) == 2


def test_offline_is_unavailable_with_a_one_line_hint():
    synthesizer = make_synthesizer("gtts", endpoint=refused_url() + PATH, sleep=no_sleep)
    with pytest.raises(EngineUnavailable) as caught:
        synthesizer.synthesize("Hello.", "en", "com", 1.0)
    assert str(caught.value) == (
        "gtts: cannot reach Google Text-to-Speech (network unreachable); "
        "use --tts kokoro or --tts espeak offline"
    )


def test_answer_without_audio_is_an_engine_error(local_server):
    server = local_server([Reply(200, ")]}'\n\n[]\n")])
    with pytest.raises(EngineError, match="no audio"):
        engine(server.url).synthesize("Hello.", "en", "com", 1.0)


def test_punctuation_alone_sends_nothing(local_server):
    server = local_server([Reply(500)])
    samples = engine(server.url).synthesize(" — ", "en", "com", 1.0)
    assert samples.dtype == np.float32 and len(samples) == 0
    assert server.exchanges == []


def test_unknown_voice_or_language_is_a_config_error():
    synthesizer = make_synthesizer("gtts")
    with pytest.raises(ConfigError, match=r"com\.mx"):
        synthesizer.synthesize("Hola.", "es", "co.uk", 1.0)
    with pytest.raises(ConfigError, match="language"):
        synthesizer.synthesize("Hello.", "xx", "com", 1.0)


def test_voices_are_named_by_host_and_version_names_gtts():
    synthesizer = make_synthesizer("gtts")
    voices = {(v.name, v.language) for v in synthesizer.voices()}
    assert {("com", "en"), ("com.mx", "es"), ("es", "es")} <= voices
    assert synthesizer.version == "gTTS 2.5.4"
    assert synthesizer.workers == 1
