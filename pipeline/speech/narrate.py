"""The speech stage: synthesize every clip the scripts need that the store does not have."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass

from pipeline.audio.clips import write_clip
from pipeline.errors import EngineError
from pipeline.speech import Synthesizer
from pipeline.speech.script import Utterance, VoiceChoice
from pipeline.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class NarrationCounts:
    synthesized: int = 0
    reused: int = 0
    seconds: float = 0.0


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


def synthesize_missing(
    utterances: list[Utterance],
    synthesizer: Synthesizer,
    voice: VoiceChoice,
    store: Store,
    progress: Progress | None = None,
) -> NarrationCounts:
    """Synthesize each missing clip once, ``synthesizer.workers`` at a time.

    Each clip is written to the store the moment it is done, so a build stopped midway keeps
    every finished sentence.
    """
    distinct = {u.key: u for u in utterances}
    todo = missing_utterances(distinct.values(), store)
    counts = NarrationCounts(reused=len(distinct) - len(todo))
    started = time.monotonic()

    def speak(utterance: Utterance) -> None:
        try:
            samples = synthesizer.synthesize(
                utterance.speech, voice.language, voice.voice, voice.speed
            )
        except EngineError:
            raise
        except Exception as error:  # an engine's own failure, mapped to ours
            raise EngineError(
                f"{synthesizer.name}: failed on {utterance.speech[:60]!r}: {error}"
            ) from error
        if len(samples) == 0:
            raise EngineError(f"{synthesizer.name}: no audio for {utterance.speech[:60]!r}")
        write_clip(store.path("clips", utterance.key, ".wav"), samples)

    if todo:
        with ThreadPoolExecutor(max_workers=max(1, synthesizer.workers)) as pool:
            futures = [pool.submit(speak, u) for u in todo]
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in done:
                    if future.exception() is not None:
                        for other in pending:
                            other.cancel()
                        raise future.exception()  # type: ignore[misc]
                    counts.synthesized += 1
                if progress is not None:
                    progress(counts.synthesized, len(todo))
    counts.seconds = time.monotonic() - started
    return counts
