"""Catalogue builds on both executors: real processes, a real Dask LocalCluster, real signals.

Three reports share a paragraph (tests/catalogue_reports.py); espeak speaks, Apertium
translates. The cluster tests are marked slow.
"""

from __future__ import annotations

import hashlib
import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import psutil
import pytest
from catalogue_reports import SHARED, write_catalogue
from command_line import environment

from pipeline.build.catalogue import (
    CatalogueResult,
    CatalogueStatus,
    DocumentOutcome,
    build_catalogue,
    catalogue_sources,
    executor_for,
    expects_clips,
)
from pipeline.config import BuildOptions
from pipeline.errors import EngineUnavailable
from pipeline.executors import Done, Executor, Task
from pipeline.parsing import load_document
from pipeline.prepare import prepare
from pipeline.store import Store

# What a build writes that depends on where and when it ran, not on what it made.
_RUN_RECORDS = {"build-report.json", "audio-report.json", ".state.json", ".levels.json", ".lock"}


class Counting:
    """A real executor, with a record of every task handed to it."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self.name = inner.name
        self.shares_files = inner.shares_files
        self.submitted: list[str] = []

    def start(self) -> None:
        self.inner.start()

    def submit(self, task: Task) -> None:
        self.submitted.append(task.key)
        self.inner.submit(task)

    def wait(self, timeout: float | None = None) -> list[Done]:
        return self.inner.wait(timeout)

    @property
    def pending(self) -> int:
        return self.inner.pending

    def describe(self) -> str:
        return self.inner.describe()

    def close(self, cancel: bool = False) -> None:
        self.inner.close(cancel)


def _options(folder: Path, **extra: object) -> BuildOptions:
    return BuildOptions(tts="espeak", out_dir=folder / "out", cache_dir=folder / "cache", **extra)  # type: ignore[arg-type]


def _decoded(path: Path) -> str:
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    assert pcm, path
    return hashlib.sha256(pcm).hexdigest()


def _outputs(out: Path) -> dict[str, str]:
    """Every published file: MP3s by their decoded audio, the rest byte for byte."""
    found = {}
    for path in sorted(out.rglob("*")):
        if not path.is_file() or path.name in _RUN_RECORDS:
            continue
        if path.suffix == ".mp3":
            found[str(path.relative_to(out))] = _decoded(path)
        else:
            found[str(path.relative_to(out))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _clip_stamps(cache: Path) -> dict[str, tuple[int, int]]:
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in (cache / "store" / "clips").glob("*/*.wav")
    }


def _copied(catalogue: list[Path], tmp_path: Path) -> list[Path]:
    """The reports in a folder of this test's own (a build writes translation memories
    beside its sources)."""
    folder = tmp_path / "source"
    folder.mkdir()
    for source in catalogue:
        (folder / source.name).write_bytes(source.read_bytes())
    return sorted(folder.glob("*.md"))


def _shared_keys(sources: list[Path], options: BuildOptions) -> set[str]:
    """The clip keys every report of the catalogue needs (the shared paragraph's)."""
    keys = []
    for source in sources:
        document = load_document(source, "utf-8", "en")
        prepared = prepare(document, source, options, Store(options.store_dir), dry_run=True)
        keys.append({u.key for plan in prepared.languages for u in plan.utterances()})
    return set.intersection(*keys)


def _build(sources: list[Path], options: BuildOptions, executor: Executor, **kw):  # type: ignore[no-untyped-def]
    counting = Counting(executor)
    try:
        result = build_catalogue(sources, options, executor=counting, **kw)
    finally:
        counting.close()
    return result, counting.submitted


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_catalogue(tmp_path_factory.mktemp("catalogue") / "source")


@pytest.fixture(scope="module")
def local_build(
    catalogue: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> tuple[CatalogueResult, list[str], BuildOptions]:
    """The catalogue built once on the local executor: the reference every test compares."""
    options = _options(tmp_path_factory.mktemp("local"))
    result, submitted = _build(catalogue, options, executor_for(options))
    return result, submitted, options


def _assert_shared_paragraph_spoken_once(
    result: CatalogueResult, submitted: list[str], catalogue: list[Path], options: BuildOptions
) -> None:
    assert not result.failed, [str(o.error) for o in result.failed]
    assert len(submitted) == len(set(submitted)) == result.clips_synthesized
    shared = _shared_keys(catalogue, options)
    # Heading and two sentences, in English and in Spanish.
    assert len(shared) == 6 and shared <= set(submitted)
    assert result.dedup_saved == 2 * len(shared)
    for outcome in result.outcomes:
        assert outcome.result is not None
        report = outcome.result.report.to_dict()["languages"]
        assert report["en"]["clips_synthesized"] == report["en"]["clips"] > 0


def test_a_folder_is_its_markdown_files_and_a_file_named_twice_is_built_once(catalogue):
    folder = catalogue[0].parent
    assert catalogue_sources([folder]) == catalogue
    assert catalogue_sources([catalogue[1], folder]) == [catalogue[1], catalogue[0], catalogue[2]]


@pytest.mark.slow
def test_locally_a_shared_paragraph_is_synthesized_once_for_every_report(catalogue, local_build):
    result, submitted, options = local_build
    _assert_shared_paragraph_spoken_once(result, submitted, catalogue, options)
    assert SHARED.split(".")[0] in (options.out_dir / "ports" / "ports.en.md").read_text()


class HoldSpanish(Counting):
    """A real executor whose Spanish clips are handed back only once the report's English
    book has its level (its sections stitched and metered while Spanish was still out)."""

    def __init__(self, inner: Executor, levels: Path) -> None:
        super().__init__(inner)
        self.levels = levels
        self.held: list[Done] = []
        self.english_first: bool | None = None  # whether English was stitched before

    def _english_stitched(self) -> bool:
        return self.levels.is_file() and '"en ' in self.levels.read_text(encoding="utf-8")

    def wait(self, timeout: float | None = None) -> list[Done]:
        deadline, got = time.monotonic() + 60, []
        while True:
            for done in self.inner.wait(0.05):
                (self.held if done.task.args[0].language == "es" else got).append(done)
            if (
                self.inner.pending == 0
                and self.held
                and (self._english_stitched() or time.monotonic() > deadline)
            ):
                self.english_first = self._english_stitched()
                got, self.held = [*got, *self.held], []
            if got or timeout is not None:
                return got

    @property
    def pending(self) -> int:
        return self.inner.pending + len(self.held)


@pytest.mark.slow
def test_a_language_whose_clips_are_in_is_stitched_while_the_other_is_narrated(
    catalogue, local_build, tmp_path
):
    _, _, reference = local_build
    options = _options(tmp_path)
    [source] = _copied([catalogue[0]], tmp_path)
    holding = HoldSpanish(executor_for(options), options.out_dir / source.stem / ".levels.json")
    try:
        result = build_catalogue([source], options, executor=holding)
    finally:
        holding.close()
    assert not result.failed, [str(o.error) for o in result.failed]
    assert holding.english_first  # the English book's level was decided before Spanish came
    made, built = _outputs(options.out_dir / source.stem), _outputs(reference.out_dir / source.stem)
    assert made == built  # the same files as a report stitched all at once


@pytest.mark.slow
def test_a_rebuild_of_the_catalogue_submits_nothing(catalogue, local_build):
    _, _, options = local_build  # the same sources and cache
    result, submitted = _build(catalogue, options, executor_for(options))
    assert submitted == [] and not result.failed and result.clips_needed == 0


@pytest.mark.slow
def test_workers_load_the_model_early_only_for_a_report_changed_since_its_build(
    catalogue, local_build, tmp_path
):
    _, _, options = local_build  # every report built: a rebuild would be a no-op
    assert not expects_clips(catalogue, options)
    assert expects_clips(catalogue, replace(options, out_dir=tmp_path / "never-built"))
    edited = tmp_path / catalogue[1].name  # the same report, written after its build
    edited.write_text(catalogue[1].read_text(encoding="utf-8") + "\nOne more sentence.\n")
    assert expects_clips([catalogue[0], edited, catalogue[2]], options)
    assert not expects_clips([edited], replace(options, stages=frozenset({"stitch"})))


@pytest.mark.slow
def test_one_bad_report_is_named_and_the_others_finish(catalogue, tmp_path):
    folder = _copied(catalogue, tmp_path)[0].parent
    (folder / "empty.md").write_text("", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(folder), "--tts", "espeak",
         "--lang", "en", "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "c")],
        cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and str(folder / "empty.md") in errors[0], done.stderr
    for name in ("broadband", "disaster", "ports"):
        assert (tmp_path / "out" / name / f"{name}.en.mp3").exists()
        assert f"{name}: built in" in done.stdout
    assert "3 of 4 reports built, 1 failed" in done.stderr


# -- on a Dask cluster ------------------------------------------------------------------


@pytest.mark.slow
def test_dask_gives_the_same_output_as_local_and_speaks_the_shared_paragraph_once(
    catalogue, local_build, tmp_path
):
    _, local_submitted, local_options = local_build
    options = _options(tmp_path, executor="dask", workers=2)
    result, submitted = _build(_copied(catalogue, tmp_path), options, executor_for(options))
    _assert_shared_paragraph_spoken_once(result, submitted, catalogue, options)
    assert "2 workers" in result.executor
    assert _outputs(options.out_dir) == _outputs(local_options.out_dir)
    assert sorted(submitted) == sorted(local_submitted)


class _KillAWorker:
    """Progress that kills one Dask worker (SIGKILL) once a few clips are in."""

    def __init__(self, executor: Executor, after: int) -> None:
        self.executor, self.after = executor, after
        self.killed: tuple[int, int] | None = None

    def update(self, status: CatalogueStatus) -> None:
        if self.killed is None and status.clips_done >= self.after:
            pids = self.executor.worker_pids()  # type: ignore[attr-defined]
            os.kill(pids[min(pids)], signal.SIGKILL)
            self.killed = (status.clips_done, status.clips)

    def finished(self, outcome: DocumentOutcome) -> None:
        pass


@pytest.mark.slow
def test_a_worker_killed_mid_build_is_replaced_and_every_report_comes_out_whole(
    catalogue, local_build, tmp_path
):
    _, _, local_options = local_build
    options = _options(tmp_path, executor="dask", workers=2)
    executor = executor_for(options)
    killer = _KillAWorker(executor, after=4)
    try:
        result = build_catalogue(_copied(catalogue, tmp_path), options, killer, executor=executor)
    finally:
        executor.close()
    assert killer.killed is not None and killer.killed[0] < killer.killed[1]
    assert not result.failed, [str(o.error) for o in result.failed]
    assert _outputs(options.out_dir) == _outputs(local_options.out_dir)


_PROGRESS = re.compile(r"(\d+)/(\d+) clips")


def _run_until_clips(
    command: list[str], cwd: Path, at_least: int, timeout: float
) -> subprocess.Popen:
    """Start a build; return once its progress line says ``at_least`` clips are done."""
    process = subprocess.Popen(
        command, cwd=cwd, env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    deadline = time.monotonic() + timeout
    seen = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stderr, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no progress past {at_least} clips: {seen[-300:]!r}"
            if not selector.select(left):
                continue
            chunk = os.read(process.stderr.fileno(), 4096)
            assert chunk, f"the build ended early: {seen[-300:]!r}"
            seen += chunk
            counts = [int(done) for done, _ in _PROGRESS.findall(seen.decode(errors="replace"))]
            if counts and max(counts) >= at_least:
                return process


@pytest.mark.slow
@pytest.mark.parametrize("executor", ["local", "dask"])
def test_a_client_killed_mid_build_resumes_without_redoing_a_finished_clip(
    catalogue, local_build, tmp_path, executor
):
    _, _, local_options = local_build
    out, cache = tmp_path / "out", tmp_path / "cache"
    folder = _copied(catalogue, tmp_path)[0].parent
    command = [
        sys.executable, "-m", "pipeline", "build", str(folder), "--tts", "espeak",
        "--executor", executor, "--workers", "2", "--out", str(out), "--cache-dir", str(cache),
    ]  # fmt: skip
    client = _run_until_clips(command, tmp_path, at_least=6, timeout=60)
    workers = psutil.Process(client.pid).children(recursive=True)
    client.send_signal(signal.SIGKILL)
    client.wait(timeout=30)
    client.stderr.close()  # type: ignore[union-attr]
    _, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive, f"workers outlived their build: {alive}"
    kept = _clip_stamps(cache)
    assert 6 <= len(kept) < 42
    rerun = subprocess.run(
        command, cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=300
    )
    assert rerun.returncode == 3, rerun.stderr  # 3: machine translations await review
    now = _clip_stamps(cache)
    assert {name: now[name] for name in kept} == kept  # not one finished clip made again
    assert len(now) == 42
    assert _outputs(out) == _outputs(local_options.out_dir)


@pytest.mark.slow
def test_a_worker_without_the_model_files_says_so(catalogue, tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_MODELS", str(tmp_path / "no-models"))  # workers inherit it
    options = replace(_options(tmp_path, executor="dask", workers=1), tts="kokoro")
    missing = r"dask worker tcp://.*kokoro: .*no-models.*make setup"
    with pytest.raises(EngineUnavailable, match=missing):
        build_catalogue(_copied(catalogue, tmp_path), options)


def test_an_unreachable_scheduler_is_one_line_naming_it_and_nothing_is_written(catalogue, tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    folder = catalogue[0].parent
    before = sorted(p.name for p in folder.iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "build", str(folder), "--tts", "espeak",
         "--scheduler", address, "--connect-timeout", "1",
         "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache")],
        cwd=tmp_path, env=environment(), capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and address in lines[0], lines
    assert "unreachable" in lines[0]
    assert not (tmp_path / "out").exists() and not (tmp_path / "cache").exists()
    assert sorted(p.name for p in folder.iterdir()) == before
