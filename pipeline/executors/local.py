"""The local executor: worker processes on this machine, one engine and one thread each.

Processes are forked when the first task comes (a build with nothing to synthesize starts
none), so they inherit the engines the build registered, its options included. Each dies with
the build (a killed build leaves no worker behind) and ignores Ctrl-C, which the build
handles: it lets the clips in flight finish and keeps them.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pipeline.executors import (
    EngineSpec,
    ExecutorFailed,
    FutureQueue,
    Task,
    register_executor,
    work,
)

_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    # Linux: the kernel kills this worker when the build that forked it dies (even SIGKILL).
    # Elsewhere (no prctl) the pool's own shutdown is all there is.
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _start_worker(parent: int) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The build's own SIGTERM handler (stop cleanly) is not the worker's to run.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    work.use_threads(1)


class LocalExecutor(FutureQueue):
    name = "local"

    def __init__(
        self, engines: Mapping[str, EngineSpec], workers: int | None = None, **_: object
    ) -> None:
        super().__init__()
        self.engines = dict(engines)
        self.workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Nothing to connect to; the processes start with the first task."""

    def describe(self) -> str:
        return f"local: {self.workers} worker processes, one engine thread each"

    def submit(self, task: Task) -> None:
        if self._queued(task.key):
            return
        if self._pool is None:
            # Forked workers inherit the engines (options and all: nothing is pickled).
            work.install(self.engines, "a local worker process")
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
        self._track(task, self._pool.submit(work.run, task))

    def _explained(self, error: BaseException) -> BaseException:
        if isinstance(error, BrokenProcessPool):
            return ExecutorFailed("a local worker process died (out of memory?); rerun to resume")
        return error

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None


@register_executor("local", "worker processes on this machine, one per core (the default)")
def _make(
    engines: Mapping[str, EngineSpec], workers: int | None = None, **_: object
) -> LocalExecutor:
    return LocalExecutor(engines, workers)
