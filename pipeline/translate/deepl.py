"""DeepL's current API, which deep-translator 1.11.4 no longer speaks.

deep-translator sends the key as a query parameter on a GET (``auth_key=…``), a form DeepL
has retired. This client makes the request DeepL documents: a POST to ``/v2/translate`` with
the key in an ``Authorization: DeepL-Auth-Key …`` header and a JSON body. It is a drop-in for
deep-translator's client inside OnlineTranslator, which keeps its throttle, timeouts,
retries and error messages (pipeline/net.py).
"""

from __future__ import annotations

from pipeline.errors import EngineError

# Free keys end in ":fx" and work only on the free endpoint.
FREE_URL = "https://api-free.deepl.com/v2"
PRO_URL = "https://api.deepl.com/v2"
API = "DeepL API v2 (POST, Authorization header)"


class DeepLClient:
    """Translates one text per request (the caller cuts long blocks under the limit)."""

    def __init__(
        self, *, api_key: str, source: str, target: str, base_url: str | None = None
    ) -> None:
        default = FREE_URL if api_key.endswith(":fx") else PRO_URL
        self.url = (base_url or default).rstrip("/") + "/translate"
        self._api_key = api_key
        self.source = source.upper()
        self.target = target.upper()

    def translate(self, text: str) -> str:
        """Return DeepL's translation of ``text``; HTTP errors are raised with their status."""
        import requests  # only when a report is translated online (see pipeline.net)

        response = requests.post(
            self.url,
            headers={"Authorization": f"DeepL-Auth-Key {self._api_key}"},
            json={"text": [text], "target_lang": self.target, "source_lang": self.source},
        )
        if response.status_code == 456:
            # Not worth another try: the key's character quota is spent until it renews.
            raise EngineError("deepl: the key's character quota is used up (HTTP 456)")
        response.raise_for_status()
        translations = response.json()["translations"]
        if not translations or not isinstance(translations[0].get("text"), str):
            raise EngineError("deepl: the answer held no translation")
        return translations[0]["text"]
