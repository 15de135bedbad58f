"""The narration stage, shared by every report of a build: each clip the store lacks is one
task on the executor, however many reports need it; each result is written into the store
the moment it arrives (a killed build keeps every clip that came back), by the build, or by
the worker itself where it runs on the build's machine.

A sentence the engine fails on stops the reports that need it, unless a fallback engine
speaks it or ``keep_going`` leaves it out; either way each report lists it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from pipeline import speed
from pipeline.config import BuildOptions
from pipeline.errors import EngineError, PipelineError
from pipeline.executors import Done, Executor, ExecutorFailed, Task
from pipeline.prepare import LanguagePlan, fallback_for
from pipeline.speech.narrate import ClipFailure, Fallback, NarrationCounts, missing_utterances
from pipeline.speech.script import Step, Utterance, VoiceChoice, clip_key
from pipeline.store import Store
from pipeline.wav import write_clip

# A report's priority outweighs any sentence's length (which orders its own clips).
_PRIORITY_STEP = 1_000_000
# Below every report's: a clip spoken ahead takes a core no report's clip is waiting for.
_AHEAD_PRIORITY = -(2**62)


@dataclass
class Narration:
    """One report's narration: the clips it still waits for, and what happened per language."""

    plans: list[LanguagePlan]
    counts: dict[str, NarrationCounts] = field(default_factory=dict)
    # The clips each language still waits for: a language whose are all in can be stitched
    # while the report's other language is still being narrated.
    waiting_in: dict[str, set[str]] = field(default_factory=dict)
    error: PipelineError | None = None
    started: float = field(default_factory=time.monotonic)
    seconds: float = 0.0
    reported: bool = False  # handed back as complete (by ``add`` or ``collect``)

    @property
    def complete(self) -> bool:
        return self.error is not None or not any(self.waiting_in.values())

    def language_ready(self, language: str) -> bool:
        """Whether every clip of ``language`` is in, none of them replaced or left out (such
        a language is stitched with the rest, once the report is complete)."""
        return (
            self.error is None
            and not self.waiting_in.get(language)
            and not self.counts[language].replaced
        )

    def point_scripts_at_clips(self) -> None:
        """Point failed sentences at their fallback clips; drop those left out."""
        for plan in self.plans:
            plan.scripts = with_replacements(plan.scripts, self.counts[plan.language].replaced)


@dataclass(frozen=True)
class _Outcome:
    """How a clip ended, for every report that needs it."""

    failure: ClipFailure | None = None  # the engine failed on it: each report lists it
    replacement: str | None = None  # the key of the fallback clip that speaks it instead
    error: PipelineError | None = None  # it stops the reports that need it


_SPOKEN = _Outcome()


@dataclass
class _Clip:
    """A clip this build synthesizes, and the reports (and languages) waiting for it."""

    utterance: Utterance
    voice: VoiceChoice
    waiting: list[tuple[Narration, str]] = field(default_factory=list)
    outcome: _Outcome | None = None  # None while it is being made
    ahead: bool = False  # for a likely next build; no report of this one needs it (yet)


class Narrator:
    """Every clip a build's reports need, each synthesized once, results stored on arrival."""

    def __init__(self, executor: Executor, store: Store, options: BuildOptions) -> None:
        self.executor = executor
        self.store = store
        self.options = options
        self._clips: dict[str, _Clip] = {}
        self._ready: list[tuple[Narration, str]] = []
        self._fallbacks: dict[str, Fallback | None] = {}
        self._characters: dict[VoiceChoice, int] = {}
        self.done = 0
        self.needed = 0  # clips the reports needed, counted once per report
        self._started: float | None = None

    @property
    def total(self) -> int:
        """Distinct clips synthesized this build for its reports (fallback clips included;
        those spoken ahead for a next build are not)."""
        return sum(1 for clip in self._clips.values() if not clip.ahead)

    @property
    def busy(self) -> bool:
        return self.executor.pending > 0

    def add(self, plans: list[LanguagePlan], priority: int = 0) -> Narration:
        """Schedule what a report's languages need; its Narration says when it is complete
        (``collect`` hands it back then, unless it already is)."""
        narration = self._scheduled(plans, priority)
        narration.reported = narration.complete
        return narration

    def _scheduled(self, plans: list[LanguagePlan], priority: int) -> Narration:
        narration = Narration(plans)
        new: dict[str, tuple[Utterance, VoiceChoice]] = {}
        wanted: list[tuple[str, str]] = []
        for plan in plans:
            counts = NarrationCounts()
            narration.counts[plan.language] = counts
            utterances = plan.utterances()
            if "narrate" not in self.options.stages:
                missing = missing_utterances(utterances, self.store)
                if missing:
                    narration.error = PipelineError(
                        f"{len(missing)} {plan.language} sentences are not narrated yet "
                        f"(run `pipeline narrate` or `pipeline build`)"
                    )
                    return narration
                counts.reused = len({u.key for u in utterances})
                continue
            for key, utterance in {u.key: u for u in utterances}.items():
                if key not in self._clips and self.store.has_wav("clips", key):
                    counts.reused += 1
                    continue
                counts.synthesized += 1
                counts.characters += len(utterance.speech)
                self.needed += 1
                if key not in self._clips and key not in new:
                    new[key] = (utterance, plan.voice)
                wanted.append((plan.language, key))
        # Longest first: the last clips to finish are short ones, so no core idles long
        # while another speaks a long sentence at the end.
        for key, (utterance, voice) in sorted(new.items(), key=lambda kv: -len(kv[1][0].speech)):
            self._submit(key, utterance, voice, priority * _PRIORITY_STEP + len(utterance.speech))
        for language, key in wanted:
            self._attach(narration, language, key)
        if "narrate" in self.options.stages:
            self._speak_ahead(plans)
        return narration

    def _speak_ahead(self, plans: list[LanguagePlan]) -> None:
        """Queue, after every clip a report needs, those a next build likely will."""
        for plan in plans:
            for utterance in plan.ahead:
                key = utterance.key
                if key not in self._clips and not self.store.has_wav("clips", key):
                    self._submit(key, utterance, plan.voice, _AHEAD_PRIORITY)
                    self._clips[key].ahead = True

    def _submit(self, key: str, utterance: Utterance, voice: VoiceChoice, priority: int) -> None:
        if self._started is None:
            self._started = time.monotonic()
        self._clips[key] = _Clip(utterance, voice)
        if self.executor.shares_files:
            path = str(self.store.path("clips", key, ".wav"))
            task = Task(key, "clip-into", (voice, utterance.speech, path), priority)
        else:
            task = Task(key, "clip", (voice, utterance.speech), priority)
        self.executor.submit(task)

    def _attach(self, narration: Narration, language: str, key: str) -> None:
        clip = self._clips[key]
        if clip.ahead:  # a report of this build needs it after all: it counts as its clip
            clip.ahead = False
            self.done += clip.outcome is not None
        if clip.outcome is None:
            clip.waiting.append((narration, language))
            narration.waiting_in.setdefault(language, set()).add(key)
        else:
            self._apply(clip, key, narration, language)

    def collect(self, timeout: float | None = None) -> list[Narration]:
        """Store the clips that finished (waiting up to ``timeout`` seconds for one); return
        the reports whose narration is now complete."""
        completed: list[Narration] = []
        for done in self.executor.wait(timeout):
            self._arrived(done, completed)
        return completed

    def _arrived(self, done: Done, completed: list[Narration]) -> None:
        key = done.task.key
        clip = self._clips[key]
        if clip.ahead and done.error is not None:
            # Nothing waits for it: forgotten, a report that needs it later asks again.
            del self._clips[key]
            return
        self.done += not clip.ahead
        if done.error is None:
            if done.task.unit == "clip":  # else the worker wrote it into the store
                write_clip(self.store.path("clips", key, ".wav"), done.result)
            self._characters[clip.voice] = self._characters.get(clip.voice, 0) + len(
                clip.utterance.speech
            )
            clip.outcome = _SPOKEN
        else:
            clip.outcome = self._failure_outcome(clip, done.error)
        waiting, clip.waiting = clip.waiting, []
        for narration, language in waiting:
            narration.waiting_in[language].discard(key)
            self._apply(clip, key, narration, language)
            if narration.complete and not narration.reported:
                narration.reported = True
                narration.seconds = time.monotonic() - narration.started
                completed.append(narration)
            elif not narration.complete and narration.language_ready(language):
                self._ready.append((narration, language))

    def ready_languages(self) -> list[tuple[Narration, str]]:
        """The languages whose clips all came in since the last call, of reports still
        waiting for another language's (each once)."""
        ready, self._ready = self._ready, []
        return [(n, language) for n, language in ready if not n.complete]

    def _failure_outcome(self, clip: _Clip, error: BaseException) -> _Outcome:
        if not isinstance(error, EngineError):
            if not isinstance(error, PipelineError):
                error = ExecutorFailed(f"{type(error).__name__}: {error}")
            return _Outcome(error=error)
        if clip.voice.engine != self.options.tts:  # a fallback engine failed too
            return _Outcome(error=error)
        sentence = clip.utterance.sentence
        fallback = self._fallback(clip.voice.language)
        if fallback is not None:
            key = clip_key(clip.utterance.speech, fallback.voice)
            if key not in self._clips and not self.store.has_wav("clips", key):
                self._submit(key, clip.utterance, fallback.voice, priority=_PRIORITY_STEP)
            failure = ClipFailure(sentence, clip.voice.engine, str(error), fallback.voice.engine)
            return _Outcome(failure, replacement=key)
        if self.options.keep_going:
            return _Outcome(ClipFailure(sentence, clip.voice.engine, str(error)))
        return _Outcome(error=EngineError(f"{error} (on {sentence[:70]!r})"))

    def _fallback(self, language: str) -> Fallback | None:
        if language not in self._fallbacks:
            self._fallbacks[language] = fallback_for(self.options, language)
        return self._fallbacks[language]

    def _apply(self, clip: _Clip, key: str, narration: Narration, language: str) -> None:
        """What a finished clip means for one report that needs it."""
        outcome = clip.outcome
        assert outcome is not None
        if outcome.error is not None:
            narration.error = narration.error or outcome.error
        elif outcome.failure is not None:
            counts = narration.counts[language]
            counts.failures.append(outcome.failure)
            counts.replaced[key] = outcome.replacement
            if outcome.replacement in self._clips:  # being made: wait for it
                self._attach(narration, language, outcome.replacement)

    def kept(self) -> int:
        """How many clips this build synthesized are in the store."""
        return sum(1 for key in self._clips if self.store.path("clips", key, ".wav").exists())

    def record_speed(self) -> None:
        """Add this build's pace to each voice's measured speed (the plan's estimates): the
        narration's wall time shared among the voices by characters spoken."""
        if self._started is None or not self._characters:
            return
        seconds = time.monotonic() - self._started
        total = sum(self._characters.values())
        for voice, characters in self._characters.items():
            speed.record(self.options.cache_dir, voice, characters, seconds * characters / total)


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


def needed_engines(options: BuildOptions) -> Iterable[tuple[str, dict]]:
    """The engines a build's workers speak with: the main one (with its options) and the
    fallback, if any."""
    yield options.tts, dict(options.tts_options)
    if options.fallback_tts and options.fallback_tts != options.tts:
        yield options.fallback_tts, {}
