"""The project's exceptions: one base, a subclass per cause, caught once at the CLI.

Each class carries its exit code; ``ExitCode`` names the codes a command returns without
an error (a plan with work to do, unreviewed text, an audio file off its profile).
"""

import errno
from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1
    USAGE = 2
    UNREVIEWED = 3  # built, with unreviewed Spanish or fallback/left-out sentences
    WOULD_WORK = 4  # a plan or dry run: the build would translate or synthesize something
    NONCOMPLIANT = 5  # check-audio: a file misses the profile
    INTERRUPTED = 130


def line_mentioning(text: str, key: str) -> int:
    """The first line of ``text`` that mentions ``key`` (1 if none): to point a message at."""
    for number, line in enumerate(text.splitlines(), start=1):
        if key in line:
            return number
    return 1


class PipelineError(Exception):
    """A failure the user can act on; its message is one line, shown without a traceback."""

    exit_code = ExitCode.FAILED


class InputError(PipelineError):
    """The source file is missing, empty, binary, mis-encoded or holds no text."""


class ConfigError(PipelineError):
    """An unknown engine or voice, or an option that makes no sense."""

    exit_code = ExitCode.USAGE


class DiskFull(PipelineError):
    """The disk (or the user's quota) filled up while a file was being written."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(f"{path}: no space left on the device")
        self.path = Path(path)

    def __reduce__(self) -> tuple[type, tuple[Path]]:
        # Raised in a worker process, it crosses back pickled: rebuilt from its path.
        return DiskFull, (self.path,)


# A full disk and a full quota look the same to a user: nothing more can be written.
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def disk_full(error: BaseException, path: Path | str | None = None) -> DiskFull | None:
    """The DiskFull that ``error`` amounts to (naming ``path``, else the error's file), or
    None if it is some other failure.

    The full disk may be what caused ``error``: a library that wraps the OSError in its own
    exception (mutagen does, writing tags) still ran out of space."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, OSError) and cause.errno in _DISK_FULL:
            return DiskFull(path or cause.filename or "a file being written")
        cause = cause.__cause__ or cause.__context__
    return None


class EngineError(PipelineError):
    """An engine (translation or speech) failed on some input."""


class EngineUnavailable(EngineError):
    """An engine cannot run here: a program, model or the network is missing."""


class TranslationMemoryError(PipelineError):
    """The translation memory (PO file) cannot be read or would be damaged."""


class AudioError(PipelineError):
    """ffmpeg or the tag writer failed, or an output does not read back as written."""


class BuildLocked(PipelineError):
    """Another build holds the output folder."""


class BuildInterrupted(PipelineError):
    """Ctrl-C or SIGTERM: the build stopped; what it finished is kept."""

    exit_code = ExitCode.INTERRUPTED
