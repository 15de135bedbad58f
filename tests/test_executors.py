"""The executor seam: settings, a worker's engine checks, a local worker that dies."""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest
from catalogue_reports import write_catalogue

from pipeline.build.catalogue import CatalogueStatus, DocumentOutcome, build_catalogue
from pipeline.config import BuildOptions
from pipeline.errors import EngineUnavailable
from pipeline.executors import EXECUTORS, EngineSpec, work
from pipeline.settings import load_defaults
from pipeline.speech.script import VoiceChoice


def test_the_executor_is_a_setting_and_a_scheduler_address_reaches_the_build(tmp_path):
    settings = tmp_path / "pipeline.toml"
    settings.write_text(
        '[executor]\nname = "dask"\nscheduler = "tcp://10.0.0.5:8786"\nworkers = 4\ntimeout = 3\n',
        encoding="utf-8",
    )
    defaults = load_defaults(settings)
    assert defaults["executor"] == "dask" and defaults["scheduler"] == "tcp://10.0.0.5:8786"
    assert defaults["workers"] == 4 and defaults["connect_timeout"] == 3
    assert {"local", "dask"} <= set(EXECUTORS.names())


def test_a_worker_refuses_a_clip_for_another_engine_version():
    work.install({"espeak": EngineSpec("espeak")}, "worker test")
    voice = VoiceChoice("espeak", "espeak-ng 0.0", "en", "en-us", 1.0)
    with pytest.raises(EngineUnavailable, match=r"worker test has espeak-ng .*espeak-ng 0\.0"):
        work.synthesize_clip(voice, "A sentence.")


@pytest.mark.slow
@pytest.mark.kokoro
def test_a_worker_loads_its_model_before_its_first_clip_which_waits_for_it(monkeypatch):
    monkeypatch.setattr(work, "_specs", {})
    monkeypatch.setattr(work, "_engines", {})
    work.install({"kokoro": EngineSpec("kokoro")}, "worker test")
    work.load_engines_in_background()
    engine = work._engine("kokoro")  # the one the background thread loads, made once
    deadline = time.monotonic() + 60
    while engine._engine is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert engine._engine is not None  # loaded, and no clip asked for it
    voice = VoiceChoice("kokoro", engine.version, "en", "af_heart", 1.0)
    assert len(work.synthesize_clip(voice, "A sentence.")) > 12_000  # half a second at 24 kHz


def test_a_model_missing_when_preloading_is_reported_by_the_first_clip(monkeypatch, tmp_path):
    monkeypatch.setenv("PIPELINE_MODELS", str(tmp_path / "no-models"))
    monkeypatch.setattr(work, "_specs", {})
    monkeypatch.setattr(work, "_engines", {})
    work.install({"kokoro": EngineSpec("kokoro")}, "worker test")
    work.load_engines_in_background()  # fails quietly on its own thread
    voice = VoiceChoice("kokoro", work._engine("kokoro").version, "en", "af_heart", 1.0)
    with pytest.raises(EngineUnavailable, match=r"kokoro: .*no-models.*make setup"):
        work.synthesize_clip(voice, "A sentence.")


class _KillALocalWorker:
    def __init__(self) -> None:
        self.killed = False

    def update(self, status: CatalogueStatus) -> None:
        if not self.killed and status.clips_done >= 2:
            me = psutil.Process()
            workers = [c for c in me.children() if c.cmdline() == me.cmdline()]  # forked
            os.kill(workers[0].pid, signal.SIGKILL)
            self.killed = True

    def finished(self, outcome: DocumentOutcome) -> None:
        pass


@pytest.mark.slow
def test_a_local_worker_that_dies_is_replaced_and_the_build_finishes(tmp_path):
    sources = write_catalogue(tmp_path / "source")
    options = BuildOptions(tts="espeak", out_dir=tmp_path / "out", cache_dir=tmp_path / "c")
    killer = _KillALocalWorker()
    result = build_catalogue(sources, options, killer)
    assert killer.killed
    assert not result.failed, [str(o.error) for o in result.failed]
    for source in sources:
        assert (options.out_dir / source.stem / f"{source.stem}.es.mp3").exists()
