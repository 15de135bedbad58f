"""What a published format is: a name, what it needs from the build, and its artifacts.

Like a Sphinx builder: a format lists the files it would write, each with the key of what it
is made from and a writer; the runner writes only the files whose key changed. A new format
is one module in ``pipeline/formats/`` that registers itself here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pipeline.registry import Registry

if TYPE_CHECKING:
    from pipeline.publish.publication import Publication

# "text": made from the editions, right after translation (before any audio exists);
# "audio": made after stitching, from the stitched audio and its timeline.
Stage = Literal["text", "audio"]


@dataclass(frozen=True)
class Artifact:
    """One file a format publishes.

    ``write`` gets a temporary path beside ``path`` and writes the whole file there; the
    runner renames it into place, so a killed build leaves the old file or the new one.
    """

    path: Path
    key: str  # a content key of everything the file is made from
    write: Callable[[Path], None]
    # A published audio file, measured against the output profile after the build.
    audio: bool = False
    # Neighbouring parallel artifacts may be written at the same time (ffmpeg encodes),
    # those of one ``batch`` together: a batch starts once the one before it is written.
    parallel: bool = False
    batch: str = ""
    # The key of the sound alone, where tags can change without it (the audio gate measures
    # a sound once); "" when ``key`` is that.
    sound_key: str = ""
    # Other files are joined from this one frame for frame: the audio gate measures it as
    # soon as it is written (and keeps what their figures are composed from), judged or not.
    part: bool = False
    # The files this one is, frame for frame, in order (a book: its sections, each a
    # ``part``): the gate composes its figures from theirs instead of decoding it whole.
    parts: tuple[Path, ...] = ()

    @property
    def sound(self) -> str:
        return self.sound_key or self.key


class Format:
    """A published format; subclasses set the class attributes and list their artifacts."""

    name: str = ""
    summary: str = ""  # one line for --help
    stage: Stage = "audio"
    requires: tuple[str, ...] = ()  # formats whose files this one reads
    # Formats whose files this one offers when they are made too (it runs after them), but
    # does not need.
    after: tuple[str, ...] = ()
    always: bool = False  # made by every build, whatever --format says

    def artifacts(self, publication: Publication) -> list[Artifact]:
        """Every file this format publishes for ``publication``, in the order to write them."""
        raise NotImplementedError

    def prepare(self, publication: Publication) -> None:
        """Start, in the background, slow work this format's files will wait for (called
        before the stage's inputs are made, by ``prepare_formats``); nothing by default."""

    def leftovers(self, publication: Publication, current: set[Path]) -> list[Path]:
        """Files of an earlier build this format no longer makes (removed after writing)."""
        return []

    def skipped(self, publication: Publication) -> str | None:
        """Why this format makes nothing for this build (said once), or None."""
        return None


FORMATS: Registry[Format] = Registry("format", "pipeline.formats")


def register_format(cls: type[Format]) -> type[Format]:
    """A class decorator: register the format under its ``name``."""
    FORMATS.register(cls.name, cls.summary)(cls)
    return cls


def resolve(names: set[str] | frozenset[str], stage: Stage) -> list[Format]:
    """The formats to run at ``stage``: the ones named, the always-on ones, and what they
    require, each after what it requires or follows."""
    wanted = {entry.name for entry in FORMATS.entries() if entry.factory.always}
    wanted |= set(names)
    ordered: list[Format] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        fmt = FORMATS.make(name)
        for required in fmt.requires:
            visit(required)
        for earlier in fmt.after:
            if earlier in wanted:
                visit(earlier)
        ordered.append(fmt)

    for name in sorted(wanted):
        visit(name)
    return [fmt for fmt in ordered if fmt.stage == stage]
