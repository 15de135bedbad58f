"""The dask executor: a Dask distributed cluster, or a LocalCluster on this machine.

Each clip is one Dask task whose key is the clip's content key, so a sentence two reports
share is one task. Workers make their engines once, when they join (``EnginePlugin``), and
a worker that lacks the model files says so when the build connects. Dask reschedules the
tasks of a worker that dies; the build writes each result into its store as it arrives.

Start a cluster with ``dask scheduler`` on one machine and ``dask worker tcp://HOST:8786
--nthreads 1`` on each machine after ``make setup`` (README, "A cluster").
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Mapping
from typing import Any

from pipeline.executors import (
    EngineSpec,
    ExecutorFailed,
    ExecutorUnavailable,
    FutureQueue,
    Task,
    register_executor,
    work,
)

_PLUGIN = "pipeline-engines"


class DaskExecutor(FutureQueue):
    name = "dask"
    shares_files = False  # workers may be other machines: the build writes every clip

    def __init__(
        self,
        engines: Mapping[str, EngineSpec],
        scheduler: str | None = None,
        workers: int | None = None,
        connect_timeout: float = 10.0,
    ) -> None:
        super().__init__()
        self.engines = dict(engines)
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.connect_timeout = connect_timeout
        self._client: Any = None
        self._cluster: Any = None

    def start(self) -> None:
        # A scheduler address is checked before anything is written; a LocalCluster starts
        # with the first task (a build with nothing to synthesize starts none).
        if self.scheduler:
            self._connected()

    def describe(self) -> str:
        where = f"scheduler {self.scheduler}" if self.scheduler else "a LocalCluster here"
        if self._client is None:
            return f"dask: {where}"
        count = len(self._client.scheduler_info().get("workers", {}))
        return f"dask: {where}, {count} workers"

    def _connected(self) -> Any:
        if self._client is not None:
            return self._client
        from distributed import Client, LocalCluster

        # Dask narrates its every step at INFO; a build shows its warnings (a worker lost and
        # restarted) and errors, and nothing when it is asked to be quiet.
        quiet = logging.getLogger().getEffectiveLevel() >= logging.ERROR
        logging.getLogger("distributed").setLevel(logging.ERROR if quiet else logging.WARNING)
        if self.scheduler:
            try:
                client = Client(self.scheduler, timeout=self.connect_timeout, set_as_default=False)
            except (OSError, TimeoutError, ValueError, TypeError) as error:
                reason = str(error).splitlines()[0] if str(error) else type(error).__name__
                raise ExecutorUnavailable(
                    f"dask scheduler {self.scheduler} is unreachable ({reason})"
                ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            client = Client(self._cluster, set_as_default=False)
        from pipeline.executors._dask_plugin import EnginePlugin

        try:
            client.register_plugin(EnginePlugin(self.engines), name=_PLUGIN)
        except Exception:
            client.close()
            if self._cluster is not None:
                self._cluster.close()
            raise
        self._client = client
        return client

    def submit(self, task: Task) -> None:
        if self._queued(task.key):
            return
        future = self._connected().submit(
            work.run, task, key=task.key, priority=task.priority, pure=False
        )
        self._track(task, future)

    def _explained(self, error: BaseException) -> BaseException:
        from distributed.scheduler import KilledWorker

        if isinstance(error, KilledWorker):
            return ExecutorFailed(f"dask: the workers running a task died too often ({error})")
        if type(error).__name__.endswith("CancelledError"):
            where = self.scheduler or "the LocalCluster"
            return ExecutorFailed(f"dask: {where} dropped a task (did the scheduler stop?)")
        return error

    def worker_pids(self) -> dict[str, int]:
        """Each worker's process id, by address (for tests that stop a worker)."""
        return self._connected().run(os.getpid)

    def close(self, cancel: bool = False) -> None:
        if self._client is None:
            return
        if cancel:
            self._client.cancel([future for _, future in self._futures.values()])
        if self._cluster is not None:
            # Our own workers' last heartbeat may race the scheduler's shutdown and log a
            # traceback (at ERROR) that tells the user nothing: past this point only a crash is
            # news.
            with contextlib.suppress(Exception):
                self._client.run(_quiet_workers)
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


def _quiet_workers() -> None:
    logging.getLogger("distributed").setLevel(logging.CRITICAL)


@register_executor("dask", "Dask distributed: a cluster at --scheduler, or a LocalCluster here")
def _make(
    engines: Mapping[str, EngineSpec],
    scheduler: str | None = None,
    workers: int | None = None,
    connect_timeout: float = 10.0,
    **_: object,
) -> DaskExecutor:
    return DaskExecutor(engines, scheduler, workers, connect_timeout)
