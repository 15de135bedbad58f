"""The Dask worker plugin that sets each worker up once (its own module: it imports
distributed, which a local build never needs)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from pipeline.executors import EngineSpec, work


class EnginePlugin(WorkerPlugin):
    """Makes a worker's engines when it joins and loads their models, so the first clip costs
    no more than the next; a worker without the model files fails here, naming itself."""

    def __init__(self, engines: Mapping[str, EngineSpec]) -> None:
        self.engines = dict(engines)

    def setup(self, worker: Any) -> None:
        work.install(self.engines, f"dask worker {worker.address}")
        work.use_threads(1)
        work.load_engines()
