"""An onnxruntime session whose optimised graph is kept, per machine, beside the model.

Creating a session optimises the graph first: for Kokoro that is two thirds of loading the
model (0.3 of 0.5 s), paid by every worker of every build, an edit's included. onnxruntime
can save the optimised graph and load it back with nothing left to optimise, giving the same
samples at the same speed. Its fullest optimisations fit the processor they ran on, so the
saved graph is named after onnxruntime's version and this processor's features; another
machine sharing the models folder makes its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import platform
from pathlib import Path
from typing import Any

from pipeline import atomic
from pipeline.errors import DiskFull

log = logging.getLogger(__name__)


def _processor_features() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith(("flags", "Features")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return f"{platform.machine()} {platform.processor()}"


def optimised_path(model: Path, providers: list[str]) -> Path:
    """Where this machine keeps ``model``'s graph as optimised for ``providers``."""
    import onnxruntime

    machine = " ".join(
        [onnxruntime.__version__, *providers, platform.machine(), _processor_features()]
    )
    digest = hashlib.sha256(machine.encode()).hexdigest()[:16]
    return model.parent / "optimised" / f"{model.stem}.{digest}.onnx"


def _options(threads: int) -> Any:
    import onnxruntime

    settings = onnxruntime.SessionOptions()
    if threads:
        settings.intra_op_num_threads = threads
        settings.inter_op_num_threads = 1
    return settings


def session(model: Path, threads: int, providers: list[str]) -> Any:
    """An inference session for ``model`` (``threads``: intra-op threads, 0 for
    onnxruntime's default): from the optimised graph kept for this machine, else optimised
    now and the graph kept for the next load (where the models folder can be written)."""
    import onnxruntime

    kept = optimised_path(model, providers)
    if kept.is_file():
        settings = _options(threads)
        settings.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
        try:
            return onnxruntime.InferenceSession(str(kept), settings, providers=providers)
        except Exception as error:  # damaged or cut short: optimise again below
            log.debug("%s: cannot load (%s); optimising the model again", kept, error)
            with contextlib.suppress(OSError):
                kept.unlink()
    settings = _options(threads)
    # onnxruntime warns that such a graph fits this processor only: it is named so.
    settings.log_severity_level = 3
    try:
        with atomic.atomic_path(kept) as temp:
            settings.optimized_model_filepath = str(temp)
            made = onnxruntime.InferenceSession(str(model), settings, providers=providers)
        return made
    except (OSError, DiskFull) as error:
        # A models folder shared read-only, or full: optimise at every load, as before.
        log.debug("%s: cannot keep the optimised model (%s)", kept, error)
        return onnxruntime.InferenceSession(str(model), _options(threads), providers=providers)
