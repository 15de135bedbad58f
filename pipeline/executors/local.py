"""The local executor: worker processes on this machine, one engine and one thread each.

Processes are forked when the build starts (a fork costs milliseconds) and inherit the
engines the build registered, options included. An engine loads with its worker's first clip,
so a build with nothing to synthesize loads none; or, when the build expects clips
(``preload``), at once, while the build is still reading its reports. Each worker dies with
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
    FORK_GATE,
    Done,
    EngineSpec,
    ExecutorFailed,
    FutureQueue,
    Task,
    register_executor,
    work,
)

_PR_SET_PDEATHSIG = 1
# New pools started after workers died, before a build gives up.
MAX_RESTARTS = 3


def _die_with_parent() -> None:
    # Linux: the kernel kills this worker when the build that forked it dies (even SIGKILL).
    # Elsewhere (no prctl) the pool's own shutdown is all there is.
    with contextlib.suppress(AttributeError, OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _start_worker(parent: int, preload: bool) -> None:
    _die_with_parent()
    if os.getppid() != parent:  # the build died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The build's own SIGTERM handler (stop cleanly) is not the worker's to run.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    work.use_threads(1)
    if preload:
        work.load_engines_in_background()


class LocalExecutor(FutureQueue):
    name = "local"
    # A result crosses back through one pipe all workers share: a worker killed while writing
    # a large one would leave half a message there. Clips go into the store from the workers.
    shares_files = True

    def __init__(
        self,
        engines: Mapping[str, EngineSpec],
        workers: int | None = None,
        preload: bool = False,
        **_: object,
    ) -> None:
        super().__init__()
        self.engines = dict(engines)
        self.workers = workers or os.cpu_count() or 1
        self.preload = preload
        self._pool: ProcessPoolExecutor | None = None
        self._generation = 0  # which pool: a worker's death breaks the whole pool
        self._submitted_to: dict[str, int] = {}
        self.restarts = 0

    def start(self) -> None:
        """Fork the workers now, before the build's threads run subprocesses (a worker forked
        later would hold their pipes open); each loads its engine with its first task."""
        if self._pool is None:
            with FORK_GATE.fork():
                self._pool = self._new_pool()
                self._pool.submit(os.getpid).result()  # a fork pool starts every worker at once

    def describe(self) -> str:
        return f"local: {self.workers} worker processes, one engine thread each"

    def _new_pool(self) -> ProcessPoolExecutor:
        # Forked workers inherit the engines (options and all: nothing is pickled).
        work.install(self.engines, "a local worker process")
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
            initargs=(os.getpid(), self.preload),
        )

    def _restart(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
        with FORK_GATE.fork():
            self._pool = self._new_pool()
            self._pool.submit(os.getpid).result()
        self._generation += 1
        self.restarts += 1

    def submit(self, task: Task) -> None:
        if not self._queued(task.key):
            self._run(task)

    def _run(self, task: Task) -> None:
        if self._pool is None:
            self.start()
        assert self._pool is not None
        try:
            future = self._pool.submit(work.run, task)
        except BrokenProcessPool:  # a worker died since the last result came back
            self._restart()
            future = self._pool.submit(work.run, task)
        self._submitted_to[task.key] = self._generation
        self._track(task, future)

    def wait(self, timeout: float | None = None) -> list[Done]:
        # A worker that died (killed, out of memory) takes the pool with it: a new pool runs
        # what was lost, as Dask reschedules a dead worker's tasks, a few times at most.
        finished = []
        for done in super().wait(timeout):
            if not isinstance(done.error, BrokenProcessPool):
                finished.append(done)
            elif self.restarts < MAX_RESTARTS or (
                self._submitted_to[done.task.key] < self._generation
            ):
                if self._submitted_to[done.task.key] == self._generation:
                    self._restart()
                self._run(done.task)
            else:
                died = ExecutorFailed(
                    f"local worker processes died {self.restarts + 1} times "
                    "(out of memory?); rerun to resume"
                )
                finished.append(Done(done.task, error=died))
        return finished

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None


@register_executor("local", "worker processes on this machine, one per core; the default")
def _make(
    engines: Mapping[str, EngineSpec],
    workers: int | None = None,
    preload: bool = False,
    **_: object,
) -> LocalExecutor:
    return LocalExecutor(engines, workers, preload)
