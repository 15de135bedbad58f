"""The engine alone, no pipeline: kokoro-onnx speaks a list of sentences in P processes of T
onnxruntime threads each (T = 0: onnxruntime's default, every core). Prints JSON: the seconds
to load the model (every process at once) and to speak every sentence once loaded, and the
processor seconds speaking took (every thread of every process).

    python benchmarks/raw_engine.py --processes 2 --threads 1 sentences.json

``sentences.json`` holds [[text, phonemiser language, voice, speed], ...]; sentences are
handed out longest first to whichever process is free (the best a static arrangement does).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from pathlib import Path
from typing import Any

_engine: Any = None


def _load(threads: int, barrier: Any) -> None:
    global _engine
    import onnxruntime
    from kokoro_onnx import Kokoro
    from kokoro_onnx.session import resolve_providers

    from pipeline import assets

    model, voices = assets.kokoro_files()
    settings = onnxruntime.SessionOptions()
    if threads:
        settings.intra_op_num_threads = threads
        settings.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(model), settings, providers=resolve_providers())
    _engine = Kokoro.from_session(session, str(voices))
    barrier.wait()


def _speak(sentence: list) -> tuple[float, float]:
    """Seconds of audio made, and the processor seconds (all threads) it took."""
    text, language, voice, speed = sentence
    cpu = time.process_time()
    samples, rate = _engine.create(text, voice=voice, speed=speed, lang=language)
    return len(samples) / rate, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("sentences", type=Path)
    args = parser.parse_args()
    sentences = json.loads(args.sentences.read_text(encoding="utf-8"))
    sentences.sort(key=lambda s: len(s[0]), reverse=True)
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.processes + 1)
    started = time.perf_counter()
    with context.Pool(args.processes, initializer=_load, initargs=(args.threads, barrier)) as pool:
        barrier.wait()
        loaded = time.perf_counter()
        made = list(pool.imap_unordered(_speak, sentences, chunksize=1))
        spoken = time.perf_counter()
    print(
        json.dumps(
            {
                "processes": args.processes,
                "threads": args.threads,
                "sentences": len(sentences),
                "load_seconds": round(loaded - started, 3),
                "speak_seconds": round(spoken - loaded, 3),
                "speak_cpu_seconds": round(sum(cpu for _, cpu in made), 3),
                "audio_seconds": round(sum(audio for audio, _ in made), 3),
            }
        )
    )


if __name__ == "__main__":
    main()
