"""The narration stage of a build: every missing clip synthesized, for every language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pipeline import speed
from pipeline.config import BuildOptions
from pipeline.errors import PipelineError
from pipeline.prepare import LanguagePlan, fallback_for
from pipeline.speech import Synthesizer
from pipeline.speech.narrate import NarrationCounts, missing_utterances, synthesize_missing
from pipeline.speech.script import Step, Utterance
from pipeline.store import Store

Progress = Callable[[str, int, int], None]  # (what, done, total)


def narrate(
    plans: list[LanguagePlan],
    synthesizer: Synthesizer,
    options: BuildOptions,
    store: Store,
    progress: Progress | None = None,
) -> dict[str, NarrationCounts]:
    """Synthesize what the store lacks; point each plan's scripts at the clips that speak
    them (a fallback engine's, or none for a sentence left out)."""
    counts = {}
    for plan in plans:
        utterances = plan.utterances()
        if "narrate" not in options.stages:
            missing = missing_utterances(utterances, store)
            if missing:
                raise PipelineError(
                    f"{len(missing)} {plan.language} sentences are not narrated yet "
                    f"(run `pipeline narrate` or `pipeline build`)"
                )
        label = f"narrating ({plan.language})"
        done = synthesize_missing(
            utterances,
            synthesizer,
            plan.voice,
            store,
            (lambda n, total, label=label: progress(label, n, total)) if progress else None,
            keep_going=options.keep_going,
            fallback=fallback_for(options, plan.language),
        )
        plan.scripts = with_replacements(plan.scripts, done.replaced)
        speed.record(options.cache_dir, plan.voice, done.characters, done.seconds)
        counts[plan.language] = done
    return counts


def with_replacements(
    scripts: list[list[Step]], replaced: dict[str, str | None]
) -> list[list[Step]]:
    """Point failed sentences at their fallback clips; drop those left out (--keep-going)."""
    if not replaced:
        return scripts
    updated = []
    for script in scripts:
        steps: list[Step] = []
        for step in script:
            if isinstance(step, Utterance) and step.key in replaced:
                key = replaced[step.key]
                if key is None:
                    continue
                step = replace(step, key=key)
            steps.append(step)
        updated.append(steps)
    return updated
