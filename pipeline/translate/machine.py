"""What an engine says about one block besides its text: words it did not know, or failure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MachineTranslation:
    """One block's machine translation.

    ``unknown`` lists the English words the engine left untranslated (Apertium marks the
    words it does not know; names and acronyms among them are left out), in order.
    ``failed`` says why the engine gave nothing usable; ``text`` is then the source block
    itself, kept so that nothing is dropped.
    """

    text: str
    unknown: tuple[str, ...] = ()
    failed: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "unknown": list(self.unknown)}

    @classmethod
    def from_json(cls, value: object) -> MachineTranslation | None:
        """Read a cached translation: a plain string (older entries, online engines) or a dict."""
        if isinstance(value, str):
            return cls(value)
        if isinstance(value, dict) and isinstance(value.get("text"), str):
            return cls(value["text"], tuple(str(w) for w in value.get("unknown", ())))
        return None
