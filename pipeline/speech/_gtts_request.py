"""One gTTS request, sendable elsewhere than Google (its own module: it imports gTTS and its
HTTP stack, which a build that never goes online does not load)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from gtts import gTTS


class Request(gTTS):
    """One gTTS request, optionally sent to ``endpoint`` instead of Google (tests, proxies)."""

    def __init__(self, text: str, *, endpoint: str | None, **options: Any) -> None:
        super().__init__(text, **options)
        self._endpoint = endpoint

    def _prepare_requests(self) -> list[Any]:
        prepared = super()._prepare_requests()
        if self._endpoint:
            for request in prepared:
                # The voice is the Google host (translate.google.com.mx): say which one.
                request.headers["X-Forwarded-Host"] = urlsplit(request.url).netloc
                request.prepare_url(self._endpoint, None)
        return prepared
