"""Publishing: every selected format's files written through one loop, fresh ones skipped."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from pipeline import atomic
from pipeline.publish.format import Artifact, Format, Stage, resolve
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
    """Write stale artifacts in order; consecutive parallel ones of a batch side by side.
    Each artifact is handed to ``ready`` as soon as its file is in place."""
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
            if run and run[-1].batch != artifact.batch:
                flush()
            run.append(artifact)
            continue
        flush()
        _write(artifact)
        state.remember(artifact.path, artifact.key)
        ready(artifact)
    flush()


def _nothing(_: Artifact) -> None:
    pass


def _publish_format(
    fmt: Format, publication: Publication, state: OutputState, ready: Ready
) -> list[Artifact]:
    reason = fmt.skipped(publication)
    if reason:
        log.warning("%s: %s", fmt.name, reason)
        return []
    artifacts = fmt.artifacts(publication)
    _write_all(artifacts, state, ready)
    current: set[Path] = {a.path for a in artifacts}
    for old in fmt.leftovers(publication, current):
        old.unlink(missing_ok=True)
    return artifacts


def waves(formats: list[Format]) -> list[list[Format]]:
    """The formats in groups that run side by side: each format in a group after every
    format it requires or follows (``resolve`` lists those before it)."""
    depth: dict[str, int] = {}
    for fmt in formats:
        before = [depth[name] for name in (*fmt.requires, *fmt.after) if name in depth]
        depth[fmt.name] = 1 + max(before, default=-1)
    grouped: list[list[Format]] = [[] for _ in range(max(depth.values(), default=-1) + 1)]
    for fmt in formats:
        grouped[depth[fmt.name]].append(fmt)
    return grouped


def prepare_formats(publication: Publication, stage: Stage) -> None:
    """Let every format of ``stage`` start, in the background, slow work its files will wait
    for (called before the stage's inputs are made: the audio stage's, before stitching)."""
    for fmt in resolve(publication.options.formats, stage):
        fmt.prepare(publication)


def publish(publication: Publication, stage: Stage, ready: Ready = _nothing) -> list[Artifact]:
    """Write the files of every format selected for ``stage``; return all their artifacts
    (written now or fresh from before), in the formats' order. Formats that do not read each
    other's files run side by side (an EPUB's Java leaves a core idle at times, which a
    sample's encoder takes). ``ready`` gets each artifact once its file is in place (the
    audio gate starts measuring it while the rest are written)."""
    state = OutputState(publication.out)
    formats = resolve(publication.options.formats, stage)
    made: dict[str, list[Artifact]] = {}
    for wave in waves(formats):
        with ThreadPoolExecutor(max_workers=len(wave)) as pool:
            running = [
                (fmt, pool.submit(_publish_format, fmt, publication, state, ready)) for fmt in wave
            ]
        # Every format of the wave has finished; the first failure, in their order, is raised.
        for fmt, done in running:
            made[fmt.name] = done.result()
    return [artifact for fmt in formats for artifact in made[fmt.name]]
