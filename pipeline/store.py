"""A content-addressed store: everything a stage makes, filed under a hash of its inputs.

Keys come from what a thing was made from, never from its position in the report, so an
inserted paragraph costs only its own text and a rerun with no edits costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.wav import wav_is_whole

log = logging.getLogger(__name__)


def content_key(*parts: Any) -> str:
    """Return the sha256 hex digest of ``parts`` in a canonical JSON form."""
    canonical = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class Store:
    """Files by kind and key under one root; entries are verified when read."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, kind: str, key: str, suffix: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{suffix}"

    def has_wav(self, kind: str, key: str) -> bool:
        """True if a whole WAV is stored under the key; a damaged entry is removed."""
        path = self.path(kind, key, ".wav")
        if not path.exists():
            return False
        if wav_is_whole(path):
            return True
        log.warning("cache entry %s is damaged; it will be made again", path.name)
        path.unlink(missing_ok=True)
        return False

    def get_json(self, kind: str, key: str) -> Any | None:
        path = self.path(kind, key, ".json")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("cache entry %s is damaged; it will be made again", path.name)
            path.unlink(missing_ok=True)
            return None

    def put_json(self, kind: str, key: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, indent=1)
        atomic.write_text(self.path(kind, key, ".json"), text)
