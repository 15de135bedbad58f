"""deep-translator's Microsoft engine, adapted (its own module: it imports deep-translator and
requests, which a build that never goes online does not load)."""

from __future__ import annotations

from typing import Any

import requests
from deep_translator import MicrosoftTranslator


class Microsoft(MicrosoftTranslator):
    """deep-translator's Microsoft engine, with its endpoint settable and its errors raised.

    Upstream logs a failed request and then fails on ``None.json()``, and reads the languages
    from a fixed host; here both go to ``endpoint`` and failures raise with their status.
    """

    def __init__(self, *, endpoint: str, **options: Any) -> None:
        self._endpoint = endpoint.rstrip("/")
        super().__init__(**options)
        self._base_url = f"{self._endpoint}/translate"

    def _get_supported_languages(self) -> dict[str, str]:
        response = requests.get(
            f"{self._endpoint}/languages", params={"api-version": "3.0", "scope": "translation"}
        )
        response.raise_for_status()
        languages = response.json()["translation"]
        return {entry["name"].lower(): code.lower() for code, entry in languages.items()}

    def translate(self, text: str, **_: Any) -> str:
        response = requests.post(
            self._base_url,
            params={"api-version": "3.0", "from": self._source, "to": self._target},
            headers=self.headers,
            json=[{"text": text}],
            proxies=self.proxies,
        )
        response.raise_for_status()
        return "\n".join(t["text"] for t in response.json()[0]["translations"])
