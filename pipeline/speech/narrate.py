"""What narration records: the clips a script needs that the store lacks, how many were made
or reused, and the sentences an engine failed on.

The synthesis itself runs on an executor (``pipeline.executors``), scheduled for every report
of a build at once by ``pipeline.build.narration``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.speech import Synthesizer
from pipeline.speech.script import Utterance, VoiceChoice
from pipeline.store import Store


@dataclass(frozen=True)
class ClipFailure:
    sentence: str
    engine: str
    message: str
    fallback: str | None = None  # the engine that spoke it instead, if any


@dataclass(frozen=True)
class Fallback:
    synthesizer: Synthesizer
    voice: VoiceChoice


@dataclass
class NarrationCounts:
    synthesized: int = 0
    reused: int = 0
    characters: int = 0
    failures: list[ClipFailure] = field(default_factory=list)
    # A sentence the engine failed on: its clip key → the fallback clip's key (or None).
    replaced: dict[str, str | None] = field(default_factory=dict)


def missing_utterances(utterances: Iterable[Utterance], store: Store) -> list[Utterance]:
    """The distinct utterances whose clip is not in the store (a damaged clip counts)."""
    seen: set[str] = set()
    missing = []
    for utterance in utterances:
        if utterance.key in seen:
            continue
        seen.add(utterance.key)
        if not store.has_wav("clips", utterance.key):
            missing.append(utterance)
    return missing
