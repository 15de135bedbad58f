"""Where the work runs: one small protocol, implementations registered by name.

A build hands an executor named units of work (``Task``: synthesize a clip, keyed by the
clip's content key) and takes the results back as they finish, writing each into the store at
once; so the same build runs on worker processes here (``local``, the default) or on a Dask
cluster (``dask``), with the same output, and a killed build resumes from the store.

Each executor module registers itself with ``@register_executor(name, summary)``; the
registry imports every module of this package on first use.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

from pipeline.errors import PipelineError
from pipeline.registry import Registry


class ExecutorUnavailable(PipelineError):
    """The executor cannot run: a scheduler is unreachable, or workers cannot start."""


class ExecutorFailed(PipelineError):
    """The executor lost a task: a worker died too often, or the scheduler went away."""


@dataclass(frozen=True)
class EngineSpec:
    """A speech engine as workers make it: its registered name and its factory's options."""

    name: str
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    """One unit of work: ``unit`` names a function of ``pipeline.executors.work``.

    ``key`` is the task's content key (a clip's key), so one piece of work needed twice is
    one task; a higher ``priority`` runs first where the executor can order tasks.
    """

    key: str
    unit: str
    args: tuple[Any, ...]
    priority: int = 0


@dataclass(frozen=True)
class Done:
    """A finished task: its result, or the exception it raised."""

    task: Task
    result: Any = None
    error: BaseException | None = None


class Executor(Protocol):
    """Runs tasks somewhere and hands their results back as they finish.

    ``shares_files``: the workers run on the build's machine and may write into its store
    themselves (a clip then crosses back as its length, not its samples).
    """

    name: str
    shares_files: bool

    def start(self) -> None:
        """Connect now where that can fail (a scheduler address), before anything is
        written; ExecutorUnavailable names what is wrong."""
        ...

    def submit(self, task: Task) -> None:
        """Queue ``task`` (a key already queued is not queued again)."""
        ...

    def wait(self, timeout: float | None = None) -> list[Done]:
        """The tasks finished since the last call: waits until one finishes (or ``timeout``
        seconds pass); nothing when no task is pending."""
        ...

    @property
    def pending(self) -> int:
        """Tasks queued or running whose result has not been taken by ``wait``."""
        ...

    def describe(self) -> str:
        """Where the work runs, for a person ("local: 2 worker processes")."""
        ...

    def close(self, cancel: bool = False) -> None:
        """Stop the workers; with ``cancel``, drop what has not started (running tasks end
        and their results stay to be taken by ``wait``)."""
        ...


EXECUTORS: Registry[Executor] = Registry("executor", "pipeline.executors")
register_executor = EXECUTORS.register


class FutureQueue:
    """What both executors share: futures by task key, and a queue their completions land in
    (concurrent.futures and Dask futures both call back when done)."""

    def __init__(self) -> None:
        self._futures: dict[str, tuple[Task, Any]] = {}
        self._finished: queue.SimpleQueue[str] = queue.SimpleQueue()

    def _track(self, task: Task, future: Future[Any] | Any) -> None:
        self._futures[task.key] = (task, future)
        future.add_done_callback(lambda _, key=task.key: self._finished.put(key))

    def _queued(self, key: str) -> bool:
        return key in self._futures

    @property
    def pending(self) -> int:
        return len(self._futures)

    def wait(self, timeout: float | None = None) -> list[Done]:
        if not self._futures:
            return []
        try:
            keys = [self._finished.get(timeout=timeout)]
        except queue.Empty:
            return []
        while True:
            try:
                keys.append(self._finished.get_nowait())
            except queue.Empty:
                break
        return [self._take(key) for key in keys if key in self._futures]

    def _take(self, key: str) -> Done:
        task, future = self._futures.pop(key)
        try:
            return Done(task, future.result())
        except BaseException as error:  # the task's own failure, or the executor's
            return Done(task, error=self._explained(error))

    def _explained(self, error: BaseException) -> BaseException:
        """The error a task ended with, as the build should see it."""
        return error


class ForkGate:
    """Forking worker processes and work that waits on subprocesses exclude each other.

    A process forked while another thread of the build waits on a subprocess (ffmpeg) keeps
    a copy of that subprocess's pipes for its whole life, and the wait never ends. So the
    build's own threads do such work under ``work()`` (many at once), and executors fork
    under ``fork()`` (alone, once that work is done).
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._working = 0
        self._forking = False

    @contextlib.contextmanager
    def work(self) -> Iterator[None]:
        with self._changed:
            self._changed.wait_for(lambda: not self._forking)
            self._working += 1
        try:
            yield
        finally:
            with self._changed:
                self._working -= 1
                self._changed.notify_all()

    @contextlib.contextmanager
    def fork(self) -> Iterator[None]:
        with self._changed:
            self._forking = True
            self._changed.wait_for(lambda: self._working == 0)
        try:
            yield
        finally:
            with self._changed:
                self._forking = False
                self._changed.notify_all()


FORK_GATE = ForkGate()


def make_executor(name: str, engines: Mapping[str, EngineSpec], **settings: Any) -> Executor:
    """The executor registered as ``name`` (``engines``: what its workers speak with, by
    engine name); ConfigError names the choices if unknown."""
    return EXECUTORS.make(name, engines=engines, **settings)
