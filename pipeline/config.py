"""What a build is asked to do: engines, voices, languages and where things live."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.credits import CreditsSettings
from pipeline.languages import LANGUAGES, SOURCE_LANGUAGE
from pipeline.model import ReportMetadata
from pipeline.provenance.signing import SigningConfig
from pipeline.speech.blocks import NarrationSettings
from pipeline.speech.script import Pauses

__all__ = ["LANGUAGES", "SOURCE_LANGUAGE", "BuildOptions", "glossary_path", "memory_path"]


@dataclass(frozen=True)
class BuildOptions:
    out_dir: Path = Path("output")
    cache_dir: Path = Path(".cache")
    translator: str = "apertium"
    tts: str = "kokoro"
    voices: dict[str, str] = field(default_factory=dict)  # language → voice; else the default
    speed: float = 1.0
    speeds: dict[str, float] = field(default_factory=dict)  # language → speed; else ``speed``
    languages: tuple[str, ...] = LANGUAGES
    use_memory: bool = True
    encoding: str = "utf-8"
    pauses: Pauses = field(default_factory=Pauses)
    narration: NarrationSettings = field(default_factory=NarrationSettings)
    credits: CreditsSettings = field(default_factory=CreditsSettings)
    sample_seconds: tuple[float, float] = (60.0, 240.0)  # a retail sample's shortest, longest
    signing: SigningConfig | None = None  # Content Credentials on the audio files, if set
    mark_unreviewed: bool = True
    require_reviewed: bool = False
    author: str = ""  # the books' artist tag ([book] author in pipeline.toml)
    year: str = ""
    lock_wait_seconds: float = 0.0
    audio_profile: str = "podcast"  # or "acx" (pipeline.audio.profiles)
    audio_check: str = "fail"  # "fail" or "warn" when the output misses the profile
    id3v2_version: int = 3  # 3 is what most players read; 4 on request
    publisher: str = ""
    formats: frozenset[str] = frozenset({"mp3"})  # published formats (pipeline.formats)
    urls: str = "speak"  # web addresses and e-mails: "speak" them or "skip" them
    base_url: str | None = None  # where output/ is served: the feed's absolute URLs
    tts_options: dict[str, object] = field(default_factory=dict)  # passed to the engine
    keep_going: bool = False  # a sentence the engine fails on is left out, not fatal
    fallback_tts: str | None = None  # speaks what the engine failed on (flagged)
    # "narrate" synthesizes missing clips; "stitch" makes the MP3s. Both, for a build.
    stages: frozenset[str] = frozenset({"narrate", "stitch"})
    # Where the work runs (pipeline.executors): "local" processes on this machine, or "dask"
    # (a cluster at ``scheduler``, or a LocalCluster here when no scheduler is given).
    executor: str = "local"
    scheduler: str | None = None
    workers: int | None = None  # processes here (local, LocalCluster); default: the cores
    connect_timeout: float = 10.0  # seconds to reach the scheduler

    @property
    def store_dir(self) -> Path:
        return self.cache_dir / "store"

    def for_report(self, metadata: ReportMetadata) -> BuildOptions:
        """These options with the report's own author, publisher and year where its front
        matter gives them: more particular than the project's, or a flag for every report."""
        return replace(
            self,
            author=metadata.author or self.author,
            publisher=metadata.publisher or self.publisher,
            year=metadata.year or self.year,
        )

    def as_draft(self) -> BuildOptions:
        """A draft, not a publishing run: get through speech failures (espeak speaks them
        unless another fallback is set) and only warn when the audio misses its profile.
        Publishing runs stop on any failure."""
        fallback = self.fallback_tts or ("espeak" if self.tts != "espeak" else None)
        return replace(self, keep_going=True, fallback_tts=fallback, audio_check="warn")


def memory_path(source: Path, language: str) -> Path:
    """The translation memory beside a source: ``source/<doc>.<lang>.po``."""
    return source.with_name(f"{source.stem}.{language}.po")


def glossary_path(source: Path, language: str) -> Path:
    return source.with_name(f"glossary.{language}.csv")
