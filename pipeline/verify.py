"""The intelligibility check: transcribe each narrated clip and count the words it got wrong.

A speech recogniser (whisper-base through faster-whisper, offline) listens to every clip of a
build; its transcript is compared word by word with the text the voice was sent. The word
error rate (WER) per section and per book says how well a listener can follow the narration,
and the worst sentences show what the narrator said instead of what was meant.

Transcripts are kept in the store under a key made of the clip's key, the recogniser's model
and its settings, so checking a book again costs only the clips that changed.

Both sides go through one comparison normaliser (``comparable_words``): the recogniser writes
"U.S.", "2020" and "12%" where the narrator was sent "U S", "two thousand twenty" and "twelve
percent", so the transcript is first put through the project's own speech normalisation, then
both are lowercased and stripped of punctuation and accents, and any digits left are said in
words. What remains differs only where the recogniser heard different words.
"""

from __future__ import annotations

import importlib.metadata
import itertools
import json
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from num2words import num2words

from pipeline import assets
from pipeline.config import LANGUAGES, SOURCE_LANGUAGE, BuildOptions
from pipeline.errors import ConfigError, EngineError, PipelineError
from pipeline.model import Document
from pipeline.speech.normalise import Lexicon, load_lexicon, normalise_for_speech
from pipeline.speech.script import Step, Utterance, VoiceChoice, clip_key
from pipeline.store import Store, content_key

Progress = Callable[[str, int, int], None]  # (what, done, total), as the build's

# The recogniser's settings; all of them are part of each transcript's cache key.
# Beam size barely matters here: on the convocation report (Kokoro, 64 clips) beams 1, 2 and 5
# made 7, 9 and 6 English and 15, 19 and 18 Spanish errors in 1564 words, and CPU time was
# within 10%, because encoding each clip's 30-second window is most of the cost.
BEAM_SIZE = 2
CPU_THREADS = 2
COMPUTE_TYPE = "int8"
WORST_SHOWN = 10
_ASR_RATE = 16_000
# On noise or mumbling whisper can loop ("so I'm going to… so I'm going to…") to its 448-token
# limit, which takes seconds and means nothing. Speech is under ~5 tokens a second, so a clip
# gets a budget in proportion to its length, with room to spare.
_TOKENS_PER_SECOND = 8
_TOKENS_BASE = 24
_TOKENS_MAX = 440


def _token_budget(seconds: float) -> int:
    return min(_TOKENS_MAX, _TOKENS_BASE + round(_TOKENS_PER_SECOND * seconds))


class NarrationUnclear(PipelineError):
    """A book's word error rate is above the limit asked for."""


# -- word error rate ------------------------------------------------------------------------


def edit_distance(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Return the fewest substitutions, deletions and insertions turning one into the other."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, 1):
        current = [i]
        for j, hyp in enumerate(hypothesis, 1):
            current.append(
                min(
                    previous[j] + 1,  # a reference word the recogniser did not hear
                    current[j - 1] + 1,  # a word heard that was not meant
                    previous[j - 1] + (ref != hyp),  # the same word, or another in its place
                )
            )
        previous = current
    return previous[-1]


def wer(reference: Sequence[str], hypothesis: Sequence[str]) -> float:
    """Return the word error rate: edit distance over the number of reference words.

    Nothing meant and nothing heard is 0.0; nothing meant but something heard is 1.0 (the
    ratio has no finite value there, and "all wrong" is what a listener would say).
    """
    if not reference:
        return float(bool(hypothesis))
    return edit_distance(reference, hypothesis) / len(reference)


# -- the comparison normaliser --------------------------------------------------------------

# Runs of single capital letters are one initialism, however they are written: "U.S.",
# "U. S." and "U S" (how the narrator is sent it) all become "US".
_INITIALS = re.compile(r"(?<!\w)[A-Z](?:\.?\s*[A-Z](?!\w))+\.?")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_NOT_WORD = re.compile(r"[^\w\s]|_")
_APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")
_TILDE_N = {"ñ": "\0n", "Ñ": "\0N"}


# One-letter words that may stand before an initialism: "A U S ambassador", "Y U S M F".
_LETTER_WORDS = frozenset("AIYOE")


def _join_initials(text: str) -> str:
    def join(match: re.Match[str]) -> str:
        found = match.group(0)
        letters = re.sub(r"[.\s]", "", found)
        if len(letters) > 2 and letters[0] in _LETTER_WORDS and found[1].isspace():
            return f"{letters[0]} {letters[1:]} "
        return letters + " "

    return _INITIALS.sub(join, text)


def _strip_accents(text: str) -> str:
    # "más"/"mas", "también"/"tambien": the recogniser's accents are spelling, not hearing,
    # so they are not counted. Ñ is kept: "año" and "ano" are different words to a listener.
    for letter, placeholder in _TILDE_N.items():
        text = text.replace(letter, placeholder)
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("\0n", "ñ").replace("\0N", "Ñ")


def _number_words(match: re.Match[str], language: str) -> str:
    written = match.group(0)
    # "1,000" in English, "1.000" in Spanish: a group separator; the other mark is a decimal.
    group, point = (",.") if language == "en" else (".", ",")
    whole, _, fraction = written.replace(group, "").partition(point)
    words = num2words(int(whole), lang=language)
    if language == "en":
        words = words.replace(" and ", " ")  # American, as the narrator is sent numbers
    if fraction:
        words += f" {'point' if language == 'en' else 'coma'} " + " ".join(
            num2words(int(d), lang=language) for d in fraction
        )
    return f" {words} "


def comparable_words(text: str, language: str) -> list[str]:
    """Return the words of ``text`` as compared: initialisms joined, lowercase, no punctuation.

    Digits become words (num2words, in ``language``); apostrophes inside words join them
    ("Center's" → "centers"); hyphens part them, like any punctuation ("U.S.-Mexico" → "us
    mexico", as it is said; ``align_compounds`` forgives "non profit" heard as "nonprofit");
    accents go, ñ stays.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _join_initials(text)
    text = _DIGITS.sub(lambda m: _number_words(m, language), text)
    text = _APOSTROPHES.sub("", text)
    text = _strip_accents(text.casefold())
    return _NOT_WORD.sub(" ", text).split()


def heard_words(transcript: str, language: str, lexicon: Lexicon | None = None) -> list[str]:
    """Return a transcript's comparable words, after the project's own speech normalisation.

    The recogniser writes what it hears as text ("U.S.", "$5 billion", "2020"); saying that
    text the way the narrator was told to say it puts both sides in the same form.
    """
    spoken = normalise_for_speech(transcript, language, lexicon or load_lexicon(language))
    return comparable_words(spoken, language)


def align_compounds(reference: list[str], hypothesis: list[str]) -> list[str]:
    """Return ``hypothesis`` with compounds split or joined as ``reference`` has them.

    "nonprofit" and "non profit", "wilsoncenter" and "wilson center" are one spelling choice,
    not a word misheard: a heard word that is two adjacent meant words run together is split,
    and two adjacent heard words that run together into one meant word are joined.
    """
    meant = set(reference)
    pairs = {a + b: (a, b) for a, b in itertools.pairwise(reference)}
    split: list[str] = []
    for word in hypothesis:
        split.extend(pairs[word] if word not in meant and word in pairs else (word,))
    joined: list[str] = []
    i = 0
    while i < len(split):
        pair = split[i : i + 2]
        both = "".join(pair)
        # Joined only where a piece is not itself meant: "a" + "cross" stays when both are.
        if len(pair) == 2 and both in meant and not (pair[0] in meant and pair[1] in meant):
            joined.append(both)
            i += 2
        else:
            joined.append(split[i])
            i += 1
    return joined


# -- the recogniser -------------------------------------------------------------------------


class Transcriber:
    """whisper-base through faster-whisper: one model, loaded on first use, offline only."""

    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = model_dir
        self.calls = 0  # transcriptions run (not cached): what the tests count
        self._model: Any = None
        self._lock = threading.Lock()

    @cached_property
    def id(self) -> str:
        """Everything besides the audio that decides a transcript; part of its cache key."""
        version = importlib.metadata.version("faster-whisper")
        return (
            f"faster-whisper {version} whisper-base {assets.WHISPER_MODEL_SHA256[:16]} "
            f"{COMPUTE_TYPE} beam {BEAM_SIZE} t0 no-vad no-context "
            f"tokens {_TOKENS_BASE}+{_TOKENS_PER_SECOND}/s"
        )

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                folder = self.model_dir or assets.whisper_dir()
                # A folder path never reaches the hub; the flag makes sure nothing else does.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                from faster_whisper import WhisperModel

                try:
                    self._model = WhisperModel(
                        str(folder),
                        device="cpu",
                        compute_type=COMPUTE_TYPE,
                        cpu_threads=CPU_THREADS,
                    )
                except (RuntimeError, ValueError, OSError) as error:
                    raise EngineError(f"whisper: cannot load {folder}: {error}") from None
            return self._model

    def transcribe(self, audio: Path, language: str) -> str:
        """Return what the recogniser hears in a WAV or MP3 file, in ``language``."""
        model = self._loaded()
        from faster_whisper.audio import decode_audio

        try:
            samples = decode_audio(str(audio), sampling_rate=_ASR_RATE)
            segments, _ = model.transcribe(
                samples,
                language=language,
                beam_size=BEAM_SIZE,
                # One try at temperature 0: the fallbacks re-decode a clip up to five times
                # when it sounds bad, which is slow and only hides what a listener hears.
                temperature=0.0,
                vad_filter=False,
                condition_on_previous_text=False,
                max_new_tokens=_token_budget(len(samples) / _ASR_RATE),
            )
            text = " ".join(segment.text.strip() for segment in segments)
        except (RuntimeError, ValueError, OSError) as error:
            raise EngineError(f"whisper: cannot transcribe {audio.name}: {error}") from None
        self.calls += 1
        return text.strip()


_shared: Transcriber | None = None


def default_transcriber() -> Transcriber:
    """Return the process's one recogniser (its model takes 2 s and 300 MB to load)."""
    global _shared
    if _shared is None:
        _shared = Transcriber()
    return _shared


def transcribe(audio: Path, language: str) -> str:
    """Return what whisper-base hears in a WAV or MP3 file (language forced: "en" or "es")."""
    return default_transcriber().transcribe(audio, language)


def transcript_key(clip: str, language: str, asr: str | None = None) -> str:
    """The store key of the transcript of the clip keyed ``clip`` (``asr``: a Transcriber's
    id; default: the one this module uses)."""
    return content_key("transcript", clip, language, asr or Transcriber().id)


def cached_transcript(
    clip: str, audio: Path, language: str, store: Store, transcriber: Transcriber
) -> tuple[str, bool]:
    """Return (transcript, made now): from the store when the clip keyed ``clip`` was heard."""
    key = transcript_key(clip, language, transcriber.id)
    found = store.get_json("transcripts", key)
    if isinstance(found, dict) and isinstance(found.get("text"), str):
        return found["text"], False
    text = transcriber.transcribe(audio, language)
    store.put_json("transcripts", key, {"text": text, "asr": transcriber.id})
    return text, True


# -- the report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClipCheck:
    """One clip: what the voice was sent ("meant") and what the recogniser heard ("said")."""

    section: str
    sentence: str
    meant: str
    said: str
    words: int
    errors: int

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else float(bool(self.errors))


@dataclass
class SectionCheck:
    title: str
    clips: int = 0
    words: int = 0
    errors: int = 0
    not_narrated: int = 0

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0


@dataclass
class LanguageCheck:
    language: str
    voice: str
    engine: str
    sections: list[SectionCheck] = field(default_factory=list)
    worst: list[ClipCheck] = field(default_factory=list)
    transcribed: int = 0  # clips heard this run
    reused: int = 0  # transcripts taken from the store

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sections)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.sections)

    @property
    def not_narrated(self) -> int:
        return sum(s.not_narrated for s in self.sections)

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0


@dataclass
class VerifyReport:
    document: str
    asr: str
    languages: list[LanguageCheck] = field(default_factory=list)
    max_wer: float | None = None

    def failing(self) -> list[LanguageCheck]:
        """The languages whose book WER is above ``max_wer`` (none if no limit)."""
        if self.max_wer is None:
            return []
        return [lang for lang in self.languages if lang.wer > self.max_wer]

    @property
    def passed(self) -> bool:
        return not self.failing()

    def check(self) -> None:
        """Raise NarrationUnclear if a book is above the limit."""
        failing = self.failing()
        if failing:
            worst = ", ".join(f"{lang.language} {lang.wer:.1%}" for lang in failing)
            raise NarrationUnclear(
                f"{self.document}: word error rate above {self.max_wer:.1%} ({worst}); "
                f"verify-report.json lists the worst sentences"
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "asr": self.asr,
            "max_wer": self.max_wer,
            "passed": self.passed,
            "languages": {
                lang.language: {
                    "voice": lang.voice,
                    "engine": lang.engine,
                    "words": lang.words,
                    "errors": lang.errors,
                    "wer": round(lang.wer, 4),
                    "not_narrated": lang.not_narrated,
                    "transcribed": lang.transcribed,
                    "reused": lang.reused,
                    "sections": [
                        {**asdict(section), "wer": round(section.wer, 4)}
                        for section in lang.sections
                    ],
                    "worst": [{**asdict(clip), "wer": round(clip.wer, 4)} for clip in lang.worst],
                }
                for lang in self.languages
            },
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False)

    def render(self, worst: int = 5) -> str:
        """Return a plain-text table per language, then its worst sentences."""
        lines = [f"{self.document}: intelligibility ({self.asr})"]
        for lang in self.languages:
            lines.append("")
            lines.append(f"{lang.language} ({lang.engine}, {lang.voice})")
            lines.append(f"  {'section':<48} {'clips':>5} {'words':>6} {'errors':>6} {'WER':>6}")
            for s in lang.sections:
                title = s.title if len(s.title) <= 48 else s.title[:47] + "…"
                note = f"  ({s.not_narrated} not narrated)" if s.not_narrated else ""
                lines.append(
                    f"  {title:<48} {s.clips:>5} {s.words:>6} {s.errors:>6} {s.wer:>6.1%}{note}"
                )
            clips = sum(s.clips for s in lang.sections)
            lines.append(
                f"  {'book':<48} {clips:>5} {lang.words:>6} {lang.errors:>6} {lang.wer:>6.1%}"
            )
            if lang.not_narrated:
                lines.append(
                    f"  {lang.not_narrated} sentences have no clip (edited since the build?): "
                    "not counted"
                )
            shown = [c for c in lang.worst if c.errors][:worst]
            if shown:
                lines.append("  worst sentences:")
            for clip in shown:
                lines.append(f"    {clip.errors}/{clip.words} in {clip.section}")
                lines.append(f"      meant: {clip.meant}")
                lines.append(f"      said:  {clip.said}")
        if self.max_wer is not None:
            verdict = "passed" if self.passed else "FAILED"
            lines.append("")
            lines.append(f"limit {self.max_wer:.1%}: {verdict}")
        return "\n".join(lines)


# -- checking a document --------------------------------------------------------------------


def check_clip(
    section: str, utterance: Utterance, said: str, language: str, lexicon: Lexicon | None
) -> ClipCheck:
    """Compare what the voice was sent with what was heard."""
    meant_words = comparable_words(utterance.speech, language)
    said_words = align_compounds(meant_words, heard_words(said, language, lexicon))
    return ClipCheck(
        section=section,
        sentence=utterance.sentence,
        meant=utterance.speech,
        said=said,
        words=len(meant_words),
        errors=edit_distance(meant_words, said_words),
    )


def _narrated_key(
    utterance: Utterance, store: Store, fallback_voice: VoiceChoice | None
) -> str | None:
    """The key of the clip that speaks ``utterance`` in the book, or None if there is none."""
    if store.has_wav("clips", utterance.key):
        return utterance.key
    if fallback_voice is not None:
        key = clip_key(utterance.speech, fallback_voice)
        if store.has_wav("clips", key):
            return key
    return None


def verify_document(
    document: Document,
    scripts: list[list[Step]],
    voice: VoiceChoice,
    store: Store,
    transcriber: Transcriber,
    lexicon: Lexicon | None = None,
    progress: Progress | None = None,
    worst: int = WORST_SHOWN,
    fallback_voice: VoiceChoice | None = None,
) -> LanguageCheck:
    """Hear every clip of one language's scripts (cached) and count errors per section.

    A sentence the main engine failed on is heard in the fallback engine's clip, as the book
    has it. A sentence with no clip at all (the source was edited since the build, or
    ``--keep-going`` left it out) is counted as not narrated rather than failing the check.
    """
    language = voice.language
    lexicon = lexicon or load_lexicon(language)
    result = LanguageCheck(language, voice.voice, voice.engine)
    checks: list[ClipCheck] = []
    total = sum(1 for script in scripts for s in script if isinstance(s, Utterance))
    done = 0
    heard: dict[str, str] = {}  # a clip said twice is heard once
    for section, script in zip(document.sections, scripts, strict=True):
        tally = SectionCheck(section.title)
        for step in script:
            if not isinstance(step, Utterance):
                continue
            done += 1
            if step.key not in heard:
                key = _narrated_key(step, store, fallback_voice)
                if key is not None:
                    audio = store.path("clips", key, ".wav")
                    heard[step.key], made = cached_transcript(
                        key, audio, language, store, transcriber
                    )
                    result.transcribed += made
                    result.reused += not made
            if step.key in heard:
                check = check_clip(section.title, step, heard[step.key], language, lexicon)
                checks.append(check)
                tally.clips += 1
                tally.words += check.words
                tally.errors += check.errors
            else:
                tally.not_narrated += 1
            if progress is not None:
                progress(f"verifying ({language})", done, total)
        result.sections.append(tally)
    result.worst = sorted(checks, key=lambda c: (c.errors, c.wer), reverse=True)[:worst]
    return result


def verify_build(
    source: Path,
    options: BuildOptions,
    languages: Sequence[str] | None = None,
    max_wer: float | None = None,
    progress: Progress | None = None,
    transcriber: Transcriber | None = None,
) -> VerifyReport:
    """Check the narration of a built report, its scripts derived exactly as the build does.

    ``prepare`` runs as a dry run: the translation memory is not saved (checking never
    changes the translator's PO file) and no engine is asked for what the store lacks. Only
    clips already in the store are heard; transcripts are the one thing written (to the store).
    """
    from pipeline.parsing import load_document
    from pipeline.prepare import fallback_for, prepare

    transcriber = transcriber or default_transcriber()
    if languages:
        unknown = sorted(set(languages) - set(LANGUAGES))
        if unknown:
            raise ConfigError(f"cannot verify {', '.join(unknown)}; choose from en, es")
        options = replace(options, languages=tuple(languages))
    store = Store(options.store_dir)
    english = load_document(source, options.encoding, SOURCE_LANGUAGE)
    prepared = prepare(english, source, options, store, dry_run=True)
    report = VerifyReport(english.name, transcriber.id, max_wer=max_wer)
    for plan in prepared.languages:
        report.languages.append(
            verify_document(
                plan.document,
                plan.scripts,
                plan.voice,
                store,
                transcriber,
                load_lexicon(plan.language, source.parent),
                progress,
                fallback_voice=fallback.voice
                if (fallback := fallback_for(options, plan.language))
                else None,
            )
        )
    return report
