from __future__ import annotations

import html
import logging

import pytest
from localhttp import Exchange, Reply, no_sleep, refused_url

from pipeline.errors import ConfigError, EngineError, EngineUnavailable
from pipeline.translate import make_translator, translator_names
from pipeline.translate.online import OnlineTranslator

KEY_VARIABLES = (
    "DEEPL_API_KEY",
    "MICROSOFT_TRANSLATOR_KEY",
    "MICROSOFT_TRANSLATOR_REGION",
    "LIBRETRANSLATE_API_KEY",
    "LIBRETRANSLATE_URL",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for variable in KEY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)


def libre_answer(exchange: Exchange) -> Reply:
    """A LibreTranslate stand-in: POST /translate, fields in the query, JSON back."""
    assert exchange.method == "POST" and exchange.path == "/translate"
    return Reply.json({"translatedText": f"<{exchange.query['q']}>"})


def libre(server_url: str, **options) -> OnlineTranslator:
    return make_translator("libre", base_url=server_url, **{"sleep": no_sleep, **options})


def test_all_services_are_registered():
    assert {"google", "deepl", "microsoft", "libre", "mymemory"} <= set(translator_names())


def test_libre_translates_each_block_in_order(local_server):
    server = local_server(libre_answer)
    engine = libre(server.url)
    blocks = ["The border is long.", "Trade **grew** fast.", "  "]
    assert engine.translate_blocks(blocks, "en", "es") == [
        "<The border is long.>",
        "<Trade **grew** fast.>",
        "  ",  # nothing to translate, nothing sent
    ]
    assert [e.query["q"] for e in server.exchanges] == blocks[:2]
    first = server.exchanges[0].query
    assert (first["source"], first["target"], first["format"]) == ("en", "es", "text")
    assert "api_key" not in first  # none configured: none sent
    assert engine.suspects == []


def test_libre_sends_the_key_and_reads_the_url_from_the_environment(local_server, monkeypatch):
    server = local_server(libre_answer)
    monkeypatch.setenv("LIBRETRANSLATE_URL", server.url)
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "secret")
    engine = make_translator("libre", sleep=no_sleep)
    assert engine.translate_blocks(["Hello."], "en", "es") == ["<Hello.>"]
    assert server.exchanges[0].query["api_key"] == "secret"


def test_429_then_success(local_server):
    server = local_server([Reply(429), Reply(429), libre_answer])
    assert libre(server.url).translate_blocks(["Hello."], "en", "es") == ["<Hello.>"]
    assert len(server.exchanges) == 3


def test_500_forever_is_an_engine_error_after_capped_retries(local_server):
    server = local_server([Reply(500, "boom")])
    sleeps: list[float] = []
    engine = libre(server.url, attempts=3, sleep=sleeps.append, min_interval_s=0)
    with pytest.raises(EngineError) as caught:
        engine.translate_blocks(["Hello."], "en", "es")
    assert not isinstance(caught.value, EngineUnavailable)
    assert str(caught.value) == (
        "libre: the translation service kept failing; gave up after 3 tries "
        "(last: HTTP 500); try again later"
    )
    assert len(server.exchanges) == 3
    assert len(sleeps) == 2 and all(0 <= s <= 8 for s in sleeps)


def test_timeout_then_success(local_server):
    # A second apart, not a tenth: the answer after the timeout must come well inside it.
    server = local_server([Reply.json({"translatedText": "tarde"}, delay_s=3.0), libre_answer])
    engine = libre(server.url, timeout=1.0)
    assert engine.translate_blocks(["Hello."], "en", "es") == ["<Hello.>"]
    assert len(server.exchanges) == 2


def test_timeouts_forever(local_server):
    server = local_server([Reply(200, "{}", delay_s=0.3)])
    with pytest.raises(EngineError, match=r"^libre: .*2 tries.*timed out"):
        libre(server.url, timeout=0.1, attempts=2).translate_blocks(["Hello."], "en", "es")


def test_offline_is_unavailable_with_a_one_line_hint():
    engine = make_translator("google", base_url=refused_url() + "/m", sleep=no_sleep)
    with pytest.raises(EngineUnavailable) as caught:
        engine.translate_blocks(["Hello."], "en", "es")
    assert str(caught.value) == (
        "google: cannot reach the translation service (network unreachable); "
        "use --translator apertium to translate offline"
    )


def test_unchanged_translation_is_a_suspect(local_server, caplog):
    server = local_server(lambda e: Reply.json({"translatedText": e.query["q"]}))
    engine = libre(server.url)
    with caplog.at_level(logging.WARNING):
        result = engine.translate_blocks(["Wilson Center", "2024", "Hello."], "en", "es")
    assert result == ["Wilson Center", "2024", "Hello."]
    assert engine.suspects == ["Wilson Center", "Hello."]  # "2024" has no letters to translate
    assert "unchanged" in caplog.text


def test_long_block_goes_in_chunks_under_the_limit_in_order(local_server):
    server = local_server(libre_answer)
    sentence = "The relationship between the two countries needs institutions, not slogans. "
    block = "".join(f"{i}: {sentence}" for i in range(160)).strip()
    assert len(block) >= 12_000
    result = libre(server.url).translate_blocks([block], "en", "es")[0]
    sent = [e.query["q"] for e in server.exchanges]
    assert len(sent) >= 3
    assert all(len(piece) <= 4500 for piece in sent)
    assert all(piece.endswith("slogans.") for piece in sent)  # cut at sentence ends
    assert " ".join(sent).split() == block.split()
    assert result == " ".join(f"<{piece}>" for piece in sent)


def test_missing_api_keys_are_config_errors():
    with pytest.raises(ConfigError, match="DEEPL_API_KEY"):
        make_translator("deepl")
    with pytest.raises(ConfigError, match="MICROSOFT_TRANSLATOR_KEY"):
        make_translator("microsoft")


def test_refused_key_is_a_config_error(local_server, monkeypatch):
    monkeypatch.setenv("LIBRETRANSLATE_API_KEY", "wrong")
    server = local_server([Reply(403, "{}")])
    with pytest.raises(ConfigError, match="LIBRETRANSLATE_API_KEY"):
        libre(server.url).translate_blocks(["Hello."], "en", "es")
    assert len(server.exchanges) == 1


def test_unreadable_answer_is_an_engine_error(local_server):
    server = local_server([Reply(200, "<html>captive portal</html>")])
    with pytest.raises(EngineError, match=r"^libre: the answer could not be read"):
        libre(server.url).translate_blocks(["Hello."], "en", "es")


def test_version_names_engine_and_library():
    version = make_translator("google").version
    assert version.startswith("google") and "deep-translator 1.11.4" in version


def test_google(local_server):
    def answer(exchange: Exchange) -> Reply:
        assert exchange.path == "/m"
        translated = html.escape(f"[{exchange.query['tl']}] {exchange.query['q']}")
        return Reply(200, f'<html><div class="result-container">{translated}</div></html>')

    server = local_server(answer)
    engine = make_translator("google", base_url=server.url + "/m", sleep=no_sleep)
    assert engine.translate_blocks(["A & B."], "en", "es") == ["[es] A & B."]
    assert server.exchanges[0].query["sl"] == "en"


def test_google_429_then_success(local_server):
    page = '<div class="result-container">Hola.</div>'
    server = local_server([Reply(429), Reply(503), Reply(200, page)])
    engine = make_translator("google", base_url=server.url + "/m", sleep=no_sleep)
    assert engine.translate_blocks(["Hello."], "en", "es") == ["Hola."]
    assert len(server.exchanges) == 3


def test_mymemory_uses_regional_codes_and_small_chunks(local_server):
    def answer(exchange: Exchange) -> Reply:
        assert exchange.query["langpair"] == "en-US|es-MX"
        return Reply.json({"responseData": {"translatedText": f"<{exchange.query['q']}>"}})

    server = local_server(answer)
    engine = make_translator("mymemory", base_url=server.url + "/get", sleep=no_sleep)
    block = "A short sentence about trade. " * 40
    engine.translate_blocks([block], "en", "es")
    sent = [e.query["q"] for e in server.exchanges]
    assert len(sent) >= 3 and all(len(piece) <= 450 for piece in sent)


def test_mymemory_quota_warning_is_not_a_translation(local_server):
    warning = "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY."
    server = local_server([Reply.json({"responseData": {"translatedText": warning}})])
    engine = make_translator("mymemory", base_url=server.url + "/get", sleep=no_sleep)
    with pytest.raises(EngineError, match=r"^mymemory: MYMEMORY WARNING: YOU USED ALL"):
        engine.translate_blocks(["Hello."], "en", "es")


def deepl_answer(exchange: Exchange) -> Reply:
    """DeepL as it is now: POST /v2/translate, the key in a header, JSON in and out.

    The retired form (GET, or the key as an ``auth_key`` parameter) is refused as DeepL
    refuses it, so a client that falls back to it fails here too.
    """
    if exchange.method != "POST" or "auth_key" in exchange.query or b"auth_key" in exchange.body:
        return Reply.json({"message": "Legacy authentication is no longer supported"}, 403)
    assert exchange.path == "/v2/translate"
    assert exchange.headers["Authorization"] == "DeepL-Auth-Key abc:fx"
    assert exchange.headers["Content-Type"] == "application/json"
    body = exchange.json()
    assert (body["source_lang"], body["target_lang"]) == ("EN", "ES")
    return Reply.json({"translations": [{"text": f"<{t}>"} for t in body["text"]]})


def test_deepl_speaks_the_current_api(local_server, monkeypatch):
    monkeypatch.setenv("DEEPL_API_KEY", "abc:fx")
    server = local_server(deepl_answer)
    engine = make_translator("deepl", base_url=server.url + "/v2", sleep=no_sleep)
    assert engine.translate_blocks(["Hello.", "Bye."], "en", "es") == ["<Hello.>", "<Bye.>"]
    assert [e.json()["text"] for e in server.exchanges] == [["Hello."], ["Bye."]]
    assert engine.version == "deepl (DeepL API v2 (POST, Authorization header))"


def test_the_local_deepl_refuses_the_retired_form(local_server):
    # deep-translator 1.11.4's own client (GET with auth_key) is what DeepL now refuses.
    from deep_translator import DeeplTranslator
    from deep_translator.exceptions import AuthorizationException

    server = local_server(deepl_answer)
    old = DeeplTranslator(source="en", target="es", api_key="abc:fx", use_free_api=True)
    old._base_url = server.url + "/v2/"
    with pytest.raises(AuthorizationException):
        old.translate("Hello.")
    assert server.exchanges[0].method == "GET" and server.exchanges[0].query["auth_key"]


def test_deepl_free_and_pro_endpoints_and_errors(local_server, monkeypatch):
    from pipeline.translate.deepl import FREE_URL, PRO_URL, DeepLClient

    assert DeepLClient(api_key="k:fx", source="en", target="es").url == FREE_URL + "/translate"
    assert DeepLClient(api_key="k", source="en", target="es").url == PRO_URL + "/translate"
    monkeypatch.setenv("DEEPL_API_KEY", "abc:fx")
    server = local_server([Reply(429), Reply(503), deepl_answer])
    engine = make_translator("deepl", base_url=server.url + "/v2", sleep=no_sleep)
    assert engine.translate_blocks(["Hello."], "en", "es") == ["<Hello.>"]
    refusing = local_server([Reply.json({"message": "Forbidden"}, 403)])
    engine = make_translator("deepl", base_url=refusing.url + "/v2", sleep=no_sleep)
    with pytest.raises(ConfigError, match="DEEPL_API_KEY"):
        engine.translate_blocks(["Hello."], "en", "es")
    spent = local_server([Reply.json({"message": "Quota exceeded"}, 456)])
    engine = make_translator("deepl", base_url=spent.url + "/v2", sleep=no_sleep)
    with pytest.raises(EngineError, match="quota is used up"):
        engine.translate_blocks(["Hello."], "en", "es")
    assert len(spent.exchanges) == 1


def test_microsoft(local_server, monkeypatch):
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_KEY", "k")
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_REGION", "westus")

    def answer(exchange: Exchange) -> Reply:
        if exchange.path == "/languages":
            names = {"en": {"name": "English"}, "es": {"name": "Spanish"}}
            return Reply.json({"translation": names})
        assert exchange.path == "/translate" and exchange.query["to"] == "es"
        assert exchange.headers["Ocp-Apim-Subscription-Region"] == "westus"
        text = exchange.json()[0]["text"]
        return Reply.json([{"translations": [{"text": f"<{text}>", "to": "es"}]}])

    server = local_server(answer)
    engine = make_translator("microsoft", base_url=server.url, sleep=no_sleep)
    assert engine.translate_blocks(["Hello.", "Bye."], "en", "es") == ["<Hello.>", "<Bye.>"]


def test_microsoft_refused_key(local_server, monkeypatch):
    monkeypatch.setenv("MICROSOFT_TRANSLATOR_KEY", "k")
    server = local_server([Reply.json({"error": {"code": 401000}}, 401)])
    engine = make_translator("microsoft", base_url=server.url, sleep=no_sleep)
    with pytest.raises(ConfigError, match="MICROSOFT_TRANSLATOR_KEY"):
        engine.translate_blocks(["Hello."], "en", "es")


def test_a_failure_stops_at_the_failing_block(local_server):
    server = local_server(lambda e: Reply(500) if e.query["q"] == "Second." else libre_answer(e))
    engine = libre(server.url, attempts=2)
    assert engine.translate_block("First.", "en", "es") == "<First.>"
    with pytest.raises(EngineError):
        engine.translate_blocks(["Second.", "Third."], "en", "es")
    # One block at a time: the failure stopped the run before "Third." was sent.
    assert [e.query["q"] for e in server.exchanges] == ["First.", "Second.", "Second."]
