"""Publishing: every selected format's files written through one loop, fresh ones skipped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline import atomic
from pipeline.publish.format import Artifact, Stage, resolve
from pipeline.publish.publication import Publication
from pipeline.publish.state import OutputState

log = logging.getLogger(__name__)

# ffmpeg encodes run beside each other on two cores; more only queue.
PARALLEL_WRITES = 2


def _write(artifact: Artifact) -> None:
    with atomic.atomic_path(artifact.path, "publish") as temp:
        artifact.write(temp)


Ready = Callable[[Artifact], None]


def _write_all(artifacts: list[Artifact], state: OutputState, ready: Ready) -> None:
    """Write stale artifacts in order; consecutive parallel ones side by side. Each artifact
    is handed to ``ready`` as soon as its file is in place."""
    run: list[Artifact] = []

    def flush() -> None:
        if not run:
            return
        with ThreadPoolExecutor(max_workers=PARALLEL_WRITES) as pool:
            for artifact, _ in zip(run, pool.map(_write, run), strict=True):
                state.remember(artifact.path, artifact.key)
                ready(artifact)
        run.clear()

    for artifact in artifacts:
        if state.fresh(artifact.path, artifact.key):
            ready(artifact)
            continue
        if artifact.parallel:
            run.append(artifact)
            continue
        flush()
        _write(artifact)
        state.remember(artifact.path, artifact.key)
        ready(artifact)
    flush()


def _nothing(_: Artifact) -> None:
    pass


def publish(publication: Publication, stage: Stage, ready: Ready = _nothing) -> list[Artifact]:
    """Write the files of every format selected for ``stage``; return all their artifacts
    (written now or fresh from before). ``ready`` gets each one once its file is in place
    (the audio gate starts measuring it while the rest are written)."""
    state = OutputState(publication.out)
    published: list[Artifact] = []
    for fmt in resolve(publication.options.formats, stage):
        reason = fmt.skipped(publication)
        if reason:
            log.warning("%s: %s", fmt.name, reason)
            continue
        artifacts = fmt.artifacts(publication)
        _write_all(artifacts, state, ready)
        current: set[Path] = {a.path for a in artifacts}
        for old in fmt.leftovers(publication, current):
            old.unlink(missing_ok=True)
        published += artifacts
    return published
