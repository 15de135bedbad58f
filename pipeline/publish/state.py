"""What each published file was made from: ``output/<doc>/.state.json``.

A file whose recorded key equals the key of what it would be made from now is fresh and is
not written again; so a rebuild with no edit rewrites nothing.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from pipeline import atomic


class OutputState:
    """The content key each file in an output folder was last written from."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._path = out / ".state.json"
        try:
            self._keys: dict[str, str] = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._keys = {}
        self._lock = threading.Lock()  # formats write side by side

    def _name(self, path: Path) -> str:
        return str(path.relative_to(self.out))

    def fresh(self, path: Path, key: str) -> bool:
        return path.exists() and self._keys.get(self._name(path)) == key

    def remember(self, path: Path, key: str) -> None:
        """Record ``key`` for ``path`` at once (a build killed later keeps the record)."""
        with self._lock:
            self._keys[self._name(path)] = key
            atomic.write_text(self._path, json.dumps(self._keys, indent=1, sort_keys=True))
