"""Narration on this machine and catalogues of reports: every figure of issue 14 in one run.

    make bench                                 # or: python benchmarks/catalogue.py [--quick]

1. The engine alone on one report's sentences (both languages), in each arrangement of
   processes and onnxruntime threads; then the full build of that report with the default
   engines, as a ratio of the best arrangement's time; a one-sentence edit as a ratio of the
   full build; the no-op rebuild in seconds.
2. The local executor against a Dask LocalCluster on this machine (Kokoro sentences, then a
   catalogue of generated reports with espeak: throughput, and the sentences dedup saved).
3. What the estimate in benchmarks/README.md is computed from: a clip's cost, Dask's
   overhead per task, the client's own work per report.

Every time is wall-clock seconds of one run, printed with the ratio it goes into; the machine
may be shared, so the load average is printed beside each section.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import corpus  # noqa: E402

from pipeline.config import BuildOptions  # noqa: E402
from pipeline.parsing import load_document  # noqa: E402
from pipeline.prepare import prepare  # noqa: E402
from pipeline.segment import split_sentences  # noqa: E402
from pipeline.speech.kokoro import _PHONEMISER_LANGUAGE  # noqa: E402
from pipeline.store import Store  # noqa: E402

CORES = os.cpu_count() or 1
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def _pipeline(*arguments: str) -> tuple[float, float]:
    """Run the command line (this checkout); return its wall time and the processor time of
    it and every process it waited for (its workers, ffmpeg)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "-q", *arguments],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 3):  # 3: built, with unreviewed text
        sys.exit(f"pipeline {' '.join(arguments)} failed:\n{done.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return seconds, cpu


def _build_options(*arguments: str) -> BuildOptions:
    """The options ``pipeline ARGUMENTS`` builds with, run from the checkout as ``_pipeline``
    runs it: this project's pipeline.toml included (its book's author and publisher are
    sentences of the credits), so the engine alone speaks exactly the build's sentences."""
    from pipeline import cli
    from pipeline.cli import building

    found: list[BuildOptions] = []
    settings = ROOT / "pipeline.toml"
    config = ["--config", str(settings)] if settings.exists() else []
    shown = building.print_plans
    building.print_plans = lambda _, options: found.append(options)
    try:
        cli.main.main([*config, *arguments, "--dry-run"], standalone_mode=False)
    finally:
        building.print_plans = shown
    return found[0]


def _sentences(source: Path, options: BuildOptions) -> list[list]:
    """Every distinct sentence the report's narration speaks, as the engine is given it."""
    document = load_document(source, "utf-8", "en")
    prepared = prepare(document, source, options, Store(options.store_dir), dry_run=True)
    found = {}
    for plan in prepared.languages:
        for u in plan.utterances():
            voice = plan.voice
            language = _PHONEMISER_LANGUAGE.get(voice.language, voice.language)
            found[u.key] = [u.speech, language, voice.voice, voice.speed]
    return list(found.values())


def _raw(sentences_file: Path, processes: int, threads: int) -> dict:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "raw_engine.py"),
            "--processes",
            str(processes),
            "--threads",
            str(threads),
            str(sentences_file),
        ],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


EDIT = ", as this report describes"


def _sentences_of(block: str) -> list[str]:
    """The sentences of a prose paragraph; none for headings, lists, quotes and tables."""
    if not block.strip() or block.lstrip().startswith(("#", "-", "*", ">", "|", "1.")):
        return []
    return split_sentences(" ".join(block.split()), "en")


def _edit(source: Path, blocks: list[str], index: int, sentence: str) -> str:
    """Add a clause to ``sentence`` of paragraph ``index``; write the report, return it."""
    stop = sentence[-1] if sentence[-1] in ".:;!?" else ""
    edited = sentence[: len(sentence) - len(stop)] + EDIT + stop
    blocks[index] = " ".join(blocks[index].split()).replace(sentence, edited, 1)
    source.write_text("\n\n".join(blocks), encoding="utf-8")
    return edited


def _edit_one_sentence(source: Path, sentences: int) -> str:
    """Change the first sentence of the report's first paragraph of ``sentences`` sentences
    (at least that many, for 2 or more); return it as edited."""
    blocks = source.read_text(encoding="utf-8").split("\n\n")
    counts = [len(_sentences_of(block)) for block in blocks]
    fits = [i for i, n in enumerate(counts) if n == sentences or (sentences > 1 and n >= sentences)]
    if not fits:
        raise SystemExit(f"{source.name} has no paragraph of {sentences} sentences to edit")
    return _edit(source, blocks, fits[0], _sentences_of(blocks[fits[0]])[0])


def _edit_sentence_of_rank(source: Path, share: float) -> str:
    """Change the sentence ``share`` of the way up the report's sentences ranked by length
    (0.5: the median), among those no edit has touched yet; return it as edited."""
    blocks = source.read_text(encoding="utf-8").split("\n\n")
    ranked = sorted(
        (len(sentence.split()), index, sentence)
        for index, block in enumerate(blocks)
        for sentence in _sentences_of(block)
        if EDIT not in sentence
    )
    if not ranked:
        raise SystemExit(f"{source.name} has no sentence left to edit")
    _, index, sentence = ranked[round(share * (len(ranked) - 1))]
    return _edit(source, blocks, index, sentence)


def _seconds_voiced(cache: Path, since: float) -> float:
    """Seconds of audio in the clips the store gained since ``since`` (a time.time())."""
    seconds = 0.0
    for clip in (cache / "store" / "clips").glob("*/*.wav"):
        if clip.stat().st_mtime >= since:
            with wave.open(str(clip), "rb") as w:
                seconds += w.getnframes() / w.getframerate()
    return seconds


def narration(work: Path, document: str, quick: bool) -> dict:
    """Section 1: the engine alone, the full build, edits, a no-op."""
    print(f"\n== 1. {document}: engine alone, full build, edit, no-op ({CORES} cores; {_load()})")
    source_dir = work / "source"
    shutil.copytree(ROOT / "source", source_dir)
    source = source_dir / f"{document}.md"
    out, cache = work / "out", work / "cache"
    build = ("build", str(source), "--out", str(out), "--cache-dir", str(cache))
    sentences = _sentences(source, _build_options(*build))
    listing = work / "sentences.json"
    listing.write_text(json.dumps(sentences), encoding="utf-8")
    arrangements = [(CORES, 1)] if quick else [(1, 0), (CORES, 1)]
    raw = {}
    for processes, threads in arrangements:
        found = _raw(listing, processes, threads)
        raw[(processes, threads)] = found
        print(
            f"raw kokoro, {processes} process(es) x {threads or 'default'} thread(s) "
            f"({_load()}): {found['speak_seconds']:.1f} s, {found['speak_cpu_seconds']:.0f} "
            f"processor s, for {len(sentences)} sentences ({found['audio_seconds']:.0f} s of "
            f"audio; model loaded in {found['load_seconds']:.1f} s before the clock starts)"
        )
    (processes, threads), best = min(raw.items(), key=lambda item: item[1]["speak_seconds"])
    if (1, 0) in raw:
        ratio = raw[(1, 0)]["speak_seconds"] / raw[(CORES, 1)]["speak_seconds"]
        print(f"  {CORES} processes x 1 thread: {ratio:.2f}x as fast as 1 x default threads")
    full, full_cpu = _pipeline(*build)
    # The engine alone again, right after: this machine's speed drifts by several per cent
    # within minutes, so the build is held against the engine measured on either side of it.
    after = _raw(listing, processes, threads)
    engine = (best["speak_seconds"] + after["speak_seconds"]) / 2
    engine_cpu = (best["speak_cpu_seconds"] + after["speak_cpu_seconds"]) / 2
    report = json.loads((out / document / "build-report.json").read_text(encoding="utf-8"))
    stages = report["stage_seconds"]
    print(
        f"full build, default engines ({_load()}): {full:.1f} s = "
        f"{full / engine:.3f} x the raw engine's best arrangement "
        f"({processes} x {threads or 'default'}: {best['speak_seconds']:.1f} s before the "
        f"build, {after['speak_seconds']:.1f} s after, {engine:.1f} s their mean; "
        f"{full / best['speak_seconds']:.3f} x the one before); processor time "
        f"{full_cpu:.0f} s = {full_cpu / engine_cpu:.3f} x the raw engine's; stages "
        + ", ".join(f"{k} {v:.1f}" for k, v in stages.items())
    )
    # The first edit of a reviewed block also makes it "awaiting review" (the Spanish credits
    # say so, the EPUB marks it); the same sentence edited again shows an edit without that.
    # The edit's own clips set its floor: narration is most of a build, so an edit costs at
    # least about that share of the book's audio (both languages) of a full build.
    book = best["audio_seconds"]
    edits = [
        ("a paragraph of 1 sentence(s)", lambda: _edit_one_sentence(source, 1)),
        ("a paragraph of 3+ sentence(s)", lambda: _edit_one_sentence(source, 3)),
        (
            "a paragraph of 1 sentence(s), the same sentence again",
            lambda: _edit_one_sentence(source, 1),
        ),
    ]
    # Then sentences of the report's own lengths, short to long, none edited before: what an
    # edit costs beyond its own clips, and how long a sentence can be and still be voiced
    # again within 5 % of a full build.
    edits += [
        (
            f"the sentence {share:.0%} of the way up by length",
            lambda s=share: _edit_sentence_of_rank(source, s),
        )
        for share in (0.1, 0.5, 0.9)
    ]
    for where, make_edit in edits:
        edited = make_edit()
        since = time.time()
        edit, _ = _pipeline(*build)
        voiced = _seconds_voiced(cache, since)
        report = json.loads((out / document / "build-report.json").read_text(encoding="utf-8"))
        revoiced = {k: v["clips_synthesized"] for k, v in report["languages"].items()}
        print(
            f"one-sentence edit in {where} ({_load()}): {edit:.1f} s = {edit / full:.3f} of the "
            f"full build (clips made: {revoiced}, {voiced:.1f} s of audio = {voiced / book:.3f} "
            f"of the book's; {len(edited.split())} words, {edited[:50]!r}...)"
        )
    noop, _ = _pipeline(*build)
    print(f"no-op rebuild: {noop:.2f} s (the whole process)")
    return {
        "sentences": len(sentences),
        "clip_core_seconds": best["speak_cpu_seconds"] / len(sentences),
        "client_seconds": sum(v for k, v in stages.items() if k != "narrate"),
    }


def _executor_seconds(name: str, clips: list[tuple], workers: int) -> float:
    """Run clip tasks on an executor from a cold start; wall time until the last is back."""
    from pipeline.executors import EngineSpec, Task, make_executor

    engines = {"kokoro": EngineSpec("kokoro", {})}
    started = time.perf_counter()
    executor = make_executor(name, engines, workers=workers)
    try:
        executor.start()
        for key, voice, text in clips:
            executor.submit(Task(key, "clip", (voice, text)))
        while executor.pending:
            for done in executor.wait(None):
                if done.error is not None:
                    raise done.error
    finally:
        executor.close()
    return time.perf_counter() - started


def _dask_task_overhead(tasks: int = 2000) -> float:
    """Seconds of scheduling per task on a LocalCluster of this machine's cores."""
    from distributed import Client, LocalCluster

    with (
        # A worker's last heartbeat may race the scheduler's shutdown and log a traceback
        # that says nothing about the figure.
        LocalCluster(
            n_workers=CORES,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.gather(client.map(abs, range(CORES * 4)))  # warm
        started = time.perf_counter()
        client.gather(client.map(abs, range(-tasks, 0)))
        return (time.perf_counter() - started) / tasks


def executors(work: Path, document: str, reports: int, quick: bool) -> dict:
    """Section 2: local against Dask on this machine; a catalogue of generated reports."""
    print(f"\n== 2. local executor vs dask LocalCluster ({CORES} workers; {_load()})")
    from pipeline.build.catalogue import build_catalogue
    from pipeline.speech.kokoro import KokoroSynthesizer
    from pipeline.speech.script import VoiceChoice, clip_key

    found: dict = {}
    if not quick:
        sentences = json.loads((work / "sentences.json").read_text(encoding="utf-8"))[:12]
        version = KokoroSynthesizer().version
        clips = []
        for text, phonemes, voice, speed in sentences:
            language = "es" if phonemes.startswith("es") else "en"
            choice = VoiceChoice("kokoro", version, language, voice, speed)
            clips.append((clip_key(text, choice), choice, text))
        local = _executor_seconds("local", clips, CORES)
        dask = _executor_seconds("dask", clips, CORES)
        print(
            f"kokoro, {len(clips)} sentences from a cold start: local {local:.1f} s, "
            f"dask {dask:.1f} s = {dask / local:.3f} x local"
        )
    folder = work / "catalogue"
    sources = corpus.write_catalogue(folder, reports)
    base = BuildOptions(tts="espeak", workers=CORES)

    def run(label: str, **settings: object) -> object:
        options = replace(
            base, out_dir=work / f"out-{label}", cache_dir=work / f"cache-{label}", **settings
        )
        started = time.perf_counter()
        result = build_catalogue(sources, options)
        seconds = time.perf_counter() - started
        assert not result.failed, [str(o.error) for o in result.failed]
        return result, seconds

    first, seconds = run("first")
    print(
        f"catalogue of {reports} generated reports, espeak, local, translating "
        f"({_load()}): {seconds:.1f} s = {reports / seconds * 60:.1f} reports/min, "
        f"{first.clips_synthesized / seconds:.1f} clips/s; dedup saved "
        f"{first.dedup_saved} of {first.clips_needed} clips "
        f"({first.dedup_saved / first.clips_needed:.0%})"
    )
    local, local_s = run("local")
    dask, dask_s = run("dask", executor="dask")
    print(
        f"the same, translation memories in place: local {local_s:.1f} s, dask LocalCluster "
        f"{dask_s:.1f} s = {dask_s / local_s:.3f} x local ({local.clips_synthesized} clips)"
    )
    found["overhead"] = _dask_task_overhead()
    found["catalogue_client_seconds"] = local_s / reports
    print(f"dask scheduling overhead: {found['overhead'] * 1000:.2f} ms per task")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--document", default="convocation", help="a report in source/")
    parser.add_argument("--reports", type=int, default=20, help="generated catalogue size")
    parser.add_argument(
        "--quick", action="store_true", help="only the best arrangement; no Kokoro on dask"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-catalogue-") as folder:
        work = Path(folder)
        narrated = narration(work, args.document, args.quick)
        found = executors(work, args.document, args.reports, args.quick)
    print("\n== 3. inputs of the estimate in benchmarks/README.md")
    print(
        f"a clip costs {narrated['clip_core_seconds']:.2f} processor seconds of Kokoro (mean "
        f"of {narrated['sentences']} sentences of {args.document}); dask adds "
        f"{found['overhead'] * 1000:.2f} ms per task; the client's own work per report: "
        f"{narrated['client_seconds']:.1f} s for {args.document} (parse, translate, stitch, "
        f"encode, check), {found['catalogue_client_seconds']:.1f} s per generated report"
    )


if __name__ == "__main__":
    main()
