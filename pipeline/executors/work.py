"""The units of work a worker runs, and what a worker process sets up once.

A worker holds one engine per engine name, made on first use and kept for the process's life
(Kokoro loads its model once), running on one thread: processes, not threads, use the cores
(two processes with one onnxruntime thread each narrate faster than one process with two).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from pipeline.errors import EngineError, EngineUnavailable
from pipeline.speech import make_synthesizer
from pipeline.speech.script import VoiceChoice
from pipeline.wav import write_clip

if TYPE_CHECKING:
    from pipeline.executors import EngineSpec, Task
    from pipeline.speech import Synthesizer

# Engines read this when they load (Kokoro: onnxruntime's intra-op threads).
THREADS_VARIABLE = "PIPELINE_ENGINE_THREADS"

_specs: dict[str, EngineSpec] = {}
_engines: dict[str, Synthesizer] = {}
_engines_made = threading.Lock()  # a preloading thread and the first clip may both make one
_where = "this machine"


def install(engines: Mapping[str, EngineSpec], where: str) -> None:
    """Tell this process which engines it speaks with (by engine name); ``where`` names the
    worker in messages."""
    global _where
    _specs.update(engines)
    _where = where


def use_threads(threads: int) -> None:
    """Engines this worker process makes from now on use ``threads`` threads each."""
    os.environ[THREADS_VARIABLE] = str(threads)


def load_engines() -> None:
    """Make every engine now and load its model (once per process); EngineUnavailable says
    which worker lacks what."""
    for name in _specs:
        engine = _engine(name)
        load = getattr(engine, "load", None)
        try:
            if load is not None:
                load()
        except EngineError as error:
            raise EngineUnavailable(f"{_where}: {error}") from None


def load_engines_in_background() -> None:
    """Start loading every engine's model on a thread of its own, while the build is still
    reading its reports; the first clip waits for the load (the engine's lock). A failure is
    left for that clip to report, naming the worker."""

    def load() -> None:
        with contextlib.suppress(Exception):
            load_engines()

    # A daemon: a worker told to stop does not wait for a model it will never use.
    threading.Thread(target=load, name="load-engines", daemon=True).start()


def _engine(name: str) -> Synthesizer:
    with _engines_made:
        if name not in _engines:
            spec = _specs.get(name)
            if spec is None:
                raise EngineUnavailable(f"{_where}: no {name} engine was set up for this worker")
            _engines[name] = make_synthesizer(spec.name, **dict(spec.options))
        return _engines[name]


def synthesize_clip(voice: VoiceChoice, text: str) -> np.ndarray:
    """One clip: ``text`` spoken as ``voice`` says, as float32 samples at the clip rate."""
    engine = _engine(voice.engine)
    if engine.version != voice.engine_version:
        # A clip is stored under the client's engine version: another version's sound
        # would be filed under the wrong key.
        raise EngineUnavailable(
            f"{_where} has {engine.version}, the build asked for {voice.engine_version}; "
            "install the same version on every machine (`make setup`)"
        )
    try:
        samples = engine.synthesize(text, voice.language, voice.voice, voice.speed)
    except EngineError:
        raise
    except Exception as error:  # an engine's own failure, mapped to ours
        raise EngineError(f"{engine.name}: {error}") from None
    if len(samples) == 0:
        raise EngineError(f"{engine.name}: no audio")
    return np.asarray(samples, dtype=np.float32)


def synthesize_clip_into(voice: VoiceChoice, text: str, path: str) -> int:
    """One clip written straight into the build's store (a worker on the build's machine):
    only its length crosses back, in one small message a worker's death cannot cut short."""
    samples = synthesize_clip(voice, text)
    write_clip(Path(path), samples)
    return len(samples)


UNITS: dict[str, Any] = {"clip": synthesize_clip, "clip-into": synthesize_clip_into}


def run(task: Task) -> Any:
    """Run one task in this worker process."""
    return UNITS[task.unit](*task.args)
