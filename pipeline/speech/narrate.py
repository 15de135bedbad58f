"""The speech stage: synthesize every clip the scripts need that the store does not have."""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from pipeline.errors import BuildInterrupted, EngineError
from pipeline.speech import Synthesizer
from pipeline.speech.script import Utterance, VoiceChoice, clip_key
from pipeline.store import Store
from pipeline.wav import write_clip

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total)


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
    seconds: float = 0.0
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


def _speak(synthesizer: Synthesizer, voice: VoiceChoice, text: str, store: Store, key: str) -> None:
    try:
        samples = synthesizer.synthesize(text, voice.language, voice.voice, voice.speed)
    except EngineError:
        raise
    except Exception as error:  # an engine's own failure, mapped to ours
        raise EngineError(f"{synthesizer.name}: {error}") from error
    if len(samples) == 0:
        raise EngineError(f"{synthesizer.name}: no audio")
    write_clip(store.path("clips", key, ".wav"), samples)


def synthesize_missing(
    utterances: list[Utterance],
    synthesizer: Synthesizer,
    voice: VoiceChoice,
    store: Store,
    progress: Progress | None = None,
    *,
    keep_going: bool = False,
    fallback: Fallback | None = None,
) -> NarrationCounts:
    """Synthesize each missing clip once, ``synthesizer.workers`` at a time.

    Each clip is written to the store the moment it is done, so a build stopped midway keeps
    every finished sentence. A sentence the engine fails on stops the build, unless a
    fallback engine can speak it or ``keep_going`` says to leave it out and go on.
    """
    distinct = {u.key: u for u in utterances}
    todo = missing_utterances(distinct.values(), store)
    counts = NarrationCounts(reused=len(distinct) - len(todo))
    started = time.monotonic()

    def attempt(utterance: Utterance) -> None:
        try:
            _speak(synthesizer, voice, utterance.speech, store, utterance.key)
        except EngineError as error:
            _recover(utterance, str(error))

    def _recover(utterance: Utterance, message: str) -> None:
        if fallback is not None:
            key = clip_key(utterance.speech, fallback.voice)
            if not store.has_wav("clips", key):
                _speak(fallback.synthesizer, fallback.voice, utterance.speech, store, key)
            counts.failures.append(
                ClipFailure(utterance.sentence, synthesizer.name, message, fallback.voice.engine)
            )
            counts.replaced[utterance.key] = key
        elif keep_going:
            counts.failures.append(ClipFailure(utterance.sentence, synthesizer.name, message))
            counts.replaced[utterance.key] = None
        else:
            raise EngineError(f"{message} (on {utterance.sentence[:70]!r})")

    if todo and progress is not None:
        progress(0, len(todo))  # starts the clock the estimate of time left is based on
    if todo:
        pool = ThreadPoolExecutor(max_workers=max(1, synthesizer.workers))
        # Finished clips arrive through a queue, not concurrent.futures.wait: wait takes every
        # pending future's lock in turn, and a Ctrl-C landing between two takes left them
        # held, so the workers could never finish and the build hung instead of stopping.
        finished: queue.SimpleQueue[Future[None]] = queue.SimpleQueue()
        try:
            futures = {pool.submit(attempt, u): u for u in todo}
            for future in futures:
                future.add_done_callback(finished.put)
            for _ in futures:
                future = finished.get()
                future.result()  # re-raises the first failure
                counts.synthesized += 1
                counts.characters += len(futures[future].speech)
                if progress is not None:
                    progress(counts.synthesized, len(todo))
        except KeyboardInterrupt:
            # Clips in flight finish and are kept; count what is in the store, not what the
            # loop had collected (one may have landed a moment before Ctrl-C).
            pool.shutdown(wait=True, cancel_futures=True)
            kept = sum(1 for u in todo if store.path("clips", u.key, ".wav").exists())
            raise BuildInterrupted(
                f"interrupted: {kept} clips finished this run are kept; rerun to resume"
            ) from None
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    counts.seconds = time.monotonic() - started
    return counts
