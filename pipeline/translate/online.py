"""Online translation: Google, DeepL, Microsoft, LibreTranslate, MyMemory.

Through deep-translator, except DeepL, whose current API it no longer speaks (deepl.py).

Each service is one engine, registered by name. Around deep-translator's classes this adds
what a whole report needs: text cut under the service's limit at sentence boundaries, requests
spaced out, retries with backoff on 429/5xx/timeouts, a timeout on every request, and our own
errors with messages a user can act on. API keys come only from environment variables.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import version as package_version
from typing import Any

from pipeline.errors import ConfigError, EngineError
from pipeline.net import (
    HttpStatusError,
    Throttle,
    bounded_requests,
    call_with_retry,
)
from pipeline.segment import chunk_text
from pipeline.translate import register_translator
from pipeline.translate.deepl import API as DEEPL_API
from pipeline.translate.deepl import DeepLClient

log = logging.getLogger(__name__)

_SERVICE = "the translation service"
_OFFLINE_HINT = "use --translator apertium to translate offline"


@dataclass(frozen=True)
class _Service:
    name: str
    # What one request may carry: a margin under the service's limit (deep-translator refuses
    # 5000 characters for Google, 500 for MyMemory; LibreTranslate servers often cap at 5000).
    max_chars: int
    # Spacing between requests, to stay under free tiers' rate limits without a 429.
    min_interval_s: float
    key_variable: str | None = None
    key_required: bool = False
    # Our language tags where the service wants its own codes.
    codes: Mapping[str, str] = field(default_factory=dict)


_SERVICES = {
    s.name: s
    for s in (
        _Service("google", 4500, 0.5),
        _Service("deepl", 4500, 0.2, "DEEPL_API_KEY", key_required=True),
        _Service("microsoft", 4500, 0.2, "MICROSOFT_TRANSLATOR_KEY", key_required=True),
        _Service("libre", 4500, 0.2, "LIBRETRANSLATE_API_KEY"),
        # MyMemory knows regional variants only; the report is for a U.S.-Mexico audience.
        _Service("mymemory", 450, 1.0, codes={"en": "en-US", "es": "es-MX"}),
    )
}

_MYMEMORY_REFUSAL = "MYMEMORY WARNING"
_LIBRE_DEFAULT_URL = "https://libretranslate.com/"
_MICROSOFT_DEFAULT_URL = "https://api.cognitive.microsofttranslator.com"


class OnlineTranslator:
    """One online service behind the Translator protocol.

    ``translate_blocks`` sends one block at a time (in pieces when it is longer than the
    service takes) and lets the first failure propagate: nothing is half-translated, and a
    caller that keeps each block as it comes back (the translation memory) loses at most the
    block that failed. ``translate_block`` is there for callers that go block by block.

    A translation that comes back identical to its source is kept but listed in ``suspects``
    (the source blocks, in the order met, over the engine's life) and logged: services answer
    that way when they silently give up.
    """

    def __init__(
        self,
        service: str,
        *,
        base_url: str | None = None,
        timeout: float = 30.0,
        attempts: int = 5,
        min_interval_s: float | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: Callable[[], float] = random.random,
    ) -> None:
        try:
            self._service = _SERVICES[service]
        except KeyError:
            raise ConfigError(f"unknown online translator {service!r}") from None
        self.name = service
        self.offline = False
        self.batch = False
        self.max_chars = self._service.max_chars
        self.timeout = timeout
        self.attempts = attempts
        self.suspects: list[str] = []
        self._api_key = self._read_key()
        self._base_url = base_url
        if service == "libre":
            self._base_url = base_url or os.environ.get("LIBRETRANSLATE_URL") or _LIBRE_DEFAULT_URL
        self._sleep = sleep
        self._rng = rng
        interval = self._service.min_interval_s if min_interval_s is None else min_interval_s
        self._throttle = Throttle(interval, sleep=sleep)
        self._clients: dict[tuple[str, str], Any] = {}

    @cached_property
    def version(self) -> str:
        if self.name == "deepl":
            library = DEEPL_API
        else:
            library = f"deep-translator {package_version('deep-translator')}"
        text = f"{self.name} ({library})"
        # Different LibreTranslate servers run different models: the server is a setting.
        return f"{text} at {self._base_url}" if self.name == "libre" else text

    def translate_blocks(self, blocks: list[str], source: str, target: str) -> list[str]:
        """Return one translation per block, in order; the first failure propagates."""
        return [self.translate_block(block, source, target) for block in blocks]

    def translate_block(self, block: str, source: str, target: str) -> str:
        """Return the translation of one block, sent in pieces under the service's limit."""
        if not block.strip() or source == target:
            return block
        if len(block) <= self.max_chars:
            pieces = [block]
        else:
            pieces = chunk_text(block, self.max_chars, source)
        translated = " ".join(self._translate_piece(piece, source, target) for piece in pieces)
        if translated.strip() == block.strip() and any(c.isalpha() for c in block):
            self.suspects.append(block)
            log.warning(
                "%s: the translation came back unchanged (suspect): %.60r", self.name, block
            )
        return translated

    def _translate_piece(self, text: str, source: str, target: str) -> str:
        def attempt() -> str:
            self._throttle()
            with bounded_requests(self.timeout) as responses:
                try:
                    result = self._client(source, target).translate(text)
                except Exception as error:
                    ours = self._our_error(error, responses.last_status, source, target)
                    if ours is error:
                        raise
                    raise ours from error
            if not isinstance(result, str):
                raise EngineError(f"{self.name}: the answer held no translation")
            if result.startswith(_MYMEMORY_REFUSAL):
                # MyMemory answers 200 with its refusal (quota used up) as the "translation".
                raise EngineError(f"{self.name}: {result.splitlines()[0]}")
            return result

        return call_with_retry(
            attempt,
            engine=self.name,
            attempts=self.attempts,
            sleep=self._sleep,
            rng=self._rng,
            service=_SERVICE,
            offline_hint=_OFFLINE_HINT,
        )

    def _our_error(
        self, error: Exception, status: int | None, source: str, target: str
    ) -> Exception:
        """Return what to raise for a failed request: our error, or one call_with_retry reads."""
        import requests
        from deep_translator import exceptions as dt

        if isinstance(error, requests.HTTPError) and error.response is not None:
            status = error.response.status_code
        elif isinstance(error, dt.AuthorizationException):
            status = 403
        if status in (401, 403) and self._service.key_variable:
            return ConfigError(
                f"{self.name}: the service refused the API key (HTTP {status}); "
                f"check {self._service.key_variable}"
            )
        if isinstance(error, dt.TooManyRequests):
            return HttpStatusError(429)
        if isinstance(error, dt.RequestError | dt.ServerException | dt.MicrosoftAPIerror):
            # deep-translator's messages here guess at the cause; the status tells it.
            if status is None or 200 <= status < 300:
                return EngineError(f"{self.name}: {error}")
            return HttpStatusError(status)
        if isinstance(error, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
            return ConfigError(f"{self.name}: no {source}→{target} translation")
        if isinstance(error, dt.TranslationNotFound | dt.ElementNotFoundInGetRequest):
            return EngineError(
                f"{self.name}: the answer held no translation (has the service changed?)"
            )
        if isinstance(error, dt.NotValidLength | dt.NotValidPayload):
            return EngineError(f"{self.name}: the service refused a piece as too long")
        unreadable = isinstance(error, ValueError | KeyError | IndexError | TypeError)
        if isinstance(error, requests.JSONDecodeError) or (
            unreadable and not isinstance(error, requests.RequestException)
        ):
            # Not JSON, or a field missing: the answer was not what the service sends.
            return EngineError(f"{self.name}: the answer could not be read ({error!r})")
        return error  # a network failure (call_with_retry sorts it) or a bug: as it is

    def _client(self, source: str, target: str) -> Any:
        # Made on first use, inside a try: Microsoft's constructor already asks the network.
        key = (source, target)
        if key not in self._clients:
            codes = self._service.codes
            self._clients[key] = self._make_client(
                codes.get(source, source), codes.get(target, target)
            )
        return self._clients[key]

    def _make_client(self, source: str, target: str) -> Any:
        # deep-translator (and the HTTP stack under it) loads with the first client: every
        # build imports this module to list the engines, few of them go online.
        from deep_translator import GoogleTranslator, LibreTranslator, MyMemoryTranslator

        from pipeline.translate._microsoft import Microsoft

        url = self._base_url
        if self.name == "google":
            client: Any = GoogleTranslator(source=source, target=target)
            if url:
                client._base_url = url
        elif self.name == "mymemory":
            client = MyMemoryTranslator(source=source, target=target)
            if url:
                client._base_url = url
        elif self.name == "deepl":
            # deep-translator's DeepL client uses the retired GET form: ours speaks the
            # current API (free keys, ending in ":fx", go to the free endpoint).
            assert self._api_key is not None
            client = DeepLClient(api_key=self._api_key, source=source, target=target, base_url=url)
        elif self.name == "libre":
            assert url is not None
            client = LibreTranslator(
                source=source,
                target=target,
                # deep-translator insists on a key; a server that needs none gets none.
                api_key=self._api_key or "unused",
                custom_url=_with_slash(url),
            )
            client.api_key = self._api_key
        else:
            assert self._api_key is not None
            client = Microsoft(
                endpoint=url or _MICROSOFT_DEFAULT_URL,
                source=source,
                target=target,
                api_key=self._api_key,
                region=os.environ.get("MICROSOFT_TRANSLATOR_REGION") or None,
            )
        return client

    def _read_key(self) -> str | None:
        variable = self._service.key_variable
        if variable is None:
            return None
        key = os.environ.get(variable, "").strip() or None
        if key is None and self._service.key_required:
            raise ConfigError(
                f"{self.name}: set the API key in the environment variable {variable}"
            )
        return key


def _with_slash(url: str) -> str:
    # deep-translator appends "translate" to the base URL as it is.
    return url if url.endswith("/") else url + "/"


def _register(service: str) -> None:
    @register_translator(service, "online")
    def make(glossary: object = None, **options: Any) -> OnlineTranslator:
        # The glossary is checked on the output by the stage; online engines take no spans.
        return OnlineTranslator(service, **options)


for _name in _SERVICES:
    _register(_name)
