from __future__ import annotations

import socket

import pytest
import requests
from localhttp import Reply, no_sleep, refused_url

from pipeline.errors import ConfigError, EngineError, EngineUnavailable
from pipeline.net import (
    HttpStatusError,
    Throttle,
    backoff_delay,
    bounded_requests,
    call_with_retry,
)
from pipeline.segment import chunk_text


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def fetch(url: str, timeout: float = 2.0):
    def call() -> str:
        response = requests.get(url, timeout=timeout)
        response.raise_for_status()
        return response.text

    return call


# call_with_retry against a real local server


def test_success_needs_one_request(local_server):
    server = local_server([Reply(200, "fine")])
    sleeps = Sleeps()
    assert call_with_retry(fetch(server.url), engine="demo", sleep=sleeps) == "fine"
    assert len(server.exchanges) == 1
    assert sleeps == []


def test_429_then_success_retries(local_server):
    server = local_server([Reply(429), Reply(429), Reply(200, "fine")])
    sleeps = Sleeps()
    assert call_with_retry(fetch(server.url), engine="demo", sleep=sleeps) == "fine"
    assert len(server.exchanges) == 3
    assert len(sleeps) == 2


def test_500_forever_gives_up_after_the_attempts(local_server):
    server = local_server([Reply(500)])
    sleeps = Sleeps()
    with pytest.raises(EngineError) as caught:
        call_with_retry(fetch(server.url), engine="demo", attempts=4, sleep=sleeps, rng=lambda: 1)
    assert not isinstance(caught.value, EngineUnavailable)
    message = str(caught.value)
    assert message.startswith("demo: ")
    assert "gave up after 4 tries" in message and "HTTP 500" in message
    assert "\n" not in message
    assert len(server.exchanges) == 4
    assert sleeps == [0.5, 1.0, 2.0]  # no sleep after the last try


def test_other_4xx_fails_at_once(local_server):
    server = local_server([Reply(404)])
    sleeps = Sleeps()
    with pytest.raises(EngineError, match=r"demo: .*HTTP 404"):
        call_with_retry(fetch(server.url), engine="demo", sleep=sleeps)
    assert len(server.exchanges) == 1
    assert sleeps == []


def test_timeout_is_retried(local_server):
    # A timeout of a second, not a tenth: on a machine busy with the whole suite, the answer
    # after the timeout must come well inside it.
    server = local_server([Reply(200, "late", delay_s=3.0), Reply(200, "fine")])
    result = call_with_retry(fetch(server.url, timeout=1.0), engine="demo", sleep=no_sleep)
    assert result == "fine"
    assert len(server.exchanges) == 2


def test_timeouts_forever_say_so(local_server):
    server = local_server([Reply(200, "late", delay_s=0.3)])
    with pytest.raises(EngineError, match=r"2 tries .*timed out"):
        call_with_retry(fetch(server.url, timeout=0.1), engine="demo", attempts=2, sleep=no_sleep)


def test_connection_dropped_is_retried(local_server):
    server = local_server([Reply(hang_up=True), Reply(200, "fine")])
    assert call_with_retry(fetch(server.url), engine="demo", sleep=no_sleep) == "fine"
    assert len(server.exchanges) == 2


def test_connection_refused_is_unavailable_at_once():
    sleeps = Sleeps()
    with pytest.raises(EngineUnavailable) as caught:
        call_with_retry(
            fetch(refused_url()),
            engine="demo",
            sleep=sleeps,
            service="the demo service",
            offline_hint="use --demo offline",
        )
    assert str(caught.value) == (
        "demo: cannot reach the demo service (network unreachable); use --demo offline"
    )
    assert sleeps == []


def test_name_not_resolved_is_unavailable():
    def lookup() -> None:
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(EngineUnavailable, match=r"^demo: cannot reach"):
        call_with_retry(lookup, engine="demo", sleep=no_sleep)


def test_gtts_failed_to_connect_message_is_unavailable():
    class FakeGttsError(Exception):
        pass

    def speak() -> None:
        raise FakeGttsError("Failed to connect. Probable cause: Unknown")

    with pytest.raises(EngineUnavailable):
        call_with_retry(speak, engine="gtts", sleep=no_sleep)


def test_status_from_an_adapter_and_retry_after():
    answers = iter([HttpStatusError(429, retry_after=3.0), "done"])

    def call() -> str:
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    sleeps = Sleeps()
    assert call_with_retry(call, engine="demo", sleep=sleeps, rng=lambda: 0.0) == "done"
    assert sleeps == [3.0]


def test_retry_after_is_capped(local_server):
    server = local_server([Reply(503, headers={"Retry-After": "3600"}), Reply(200, "ok")])
    sleeps = Sleeps()
    assert call_with_retry(fetch(server.url), engine="demo", sleep=sleeps, max_delay=8) == "ok"
    assert sleeps == [8.0]


def test_other_exceptions_pass_through_untouched():
    def broken() -> None:
        raise KeyError("translatedText")

    with pytest.raises(KeyError):
        call_with_retry(broken, engine="demo", sleep=no_sleep)

    def misconfigured() -> None:
        raise ConfigError("demo: no key")

    with pytest.raises(ConfigError):
        call_with_retry(misconfigured, engine="demo", sleep=no_sleep)


def test_backoff_is_full_jitter_under_a_capped_exponential():
    assert [backoff_delay(n, 0.5, 8.0, lambda: 1.0) for n in range(7)] == [
        0.5,
        1.0,
        2.0,
        4.0,
        8.0,
        8.0,
        8.0,
    ]
    assert backoff_delay(3, 0.5, 8.0, lambda: 0.25) == 1.0
    assert backoff_delay(3, 0.5, 8.0, lambda: 0.0) == 0.0


# bounded_requests


def test_bounded_requests_gives_a_timeout_and_notes_the_status(local_server):
    # The first answer must come inside the block's timeout however busy the machine.
    server = local_server([Reply(418, "teapot"), Reply(200, "late", delay_s=3.0)])
    with bounded_requests(timeout=1.0) as responses:
        assert requests.get(server.url).status_code == 418
        assert responses.last_status == 418
        with pytest.raises(requests.Timeout):
            requests.get(server.url)  # no timeout given: the block's applies


def test_bounded_requests_leaves_other_calls_alone(local_server):
    server = local_server([Reply(200, "late", delay_s=0.2)])
    with bounded_requests(timeout=0.05):
        pass
    assert requests.get(server.url).text == "late"


# Throttle


def test_throttle_spaces_calls():
    now = [100.0]
    sleeps = Sleeps()

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    throttle = Throttle(0.5, clock=lambda: now[0], sleep=sleep)
    throttle()
    now[0] += 0.1
    throttle()
    now[0] += 2.0
    throttle()
    assert sleeps == [pytest.approx(0.4)]


# chunk_text


def words(text: str) -> list[str]:
    return text.split()


def test_short_text_is_one_chunk():
    assert chunk_text("  A short   sentence.\n", 100, "en") == ["A short sentence."]
    assert chunk_text(" \n ", 100, "en") == []


def test_chunks_end_at_sentences():
    sentences = [f"Sentence number {i} says something about the border." for i in range(10)]
    text = " ".join(sentences)
    chunks = chunk_text(text, 120, "en")
    assert all(len(c) <= 120 for c in chunks)
    assert all(c.endswith(".") for c in chunks)
    assert " ".join(chunks) == text


def test_abbreviations_do_not_end_sentences():
    text = "The U.S. and Mexico signed it. " * 3
    chunks = chunk_text(text, 40, "en")
    assert chunks == ["The U.S. and Mexico signed it."] * 3


def test_long_sentence_splits_at_clauses():
    text = (
        "Trade across the border grew, migration changed its shape; "
        "security cooperation deepened: and yet the public debate, in both countries, "
        "stayed where it was."
    )
    chunks = chunk_text(text, 70, "en")
    assert all(len(c) <= 70 for c in chunks)
    assert chunks[0] == "Trade across the border grew, migration changed its shape;"
    assert all(c[-1] in ",;:." for c in chunks)
    assert words(" ".join(chunks)) == words(text)


def test_long_clause_splits_between_words_never_inside():
    text = "word " * 60 + "end"
    chunks = chunk_text(text, 23, "en")
    assert all(len(c) <= 23 for c in chunks)
    assert all(set(c.split()) <= {"word", "end"} for c in chunks)
    assert words(" ".join(chunks)) == words(text)


def test_a_word_longer_than_the_limit_is_cut():
    url = "https://example.org/" + "x" * 50
    chunks = chunk_text(f"See {url} now.", 20, "en")
    assert all(len(c) <= 20 for c in chunks)
    assert "".join(chunks).replace(" ", "") == f"See{url}now."


def test_spanish_sentences():
    text = "EE. UU. y México firmaron. " * 4
    chunks = chunk_text(text, 30, "es")
    assert chunks == ["EE. UU. y México firmaron."] * 4


@pytest.mark.parametrize("limit", [100, 450, 4500])
def test_big_text_keeps_every_word_in_order(limit):
    paragraph = (
        "The report, written over two years, weighs trade, energy and migration; "
        "it argues that the U.S.-Mexico relationship needs institutions, not slogans. "
    )
    text = paragraph * 80
    chunks = chunk_text(text, limit, "en")
    assert all(0 < len(c) <= limit for c in chunks)
    assert words(" ".join(chunks)) == words(text)
