"""What every command shares: error handling, the progress line, options, source lists."""

from __future__ import annotations

import functools
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from pipeline.config import LANGUAGES, BuildOptions
from pipeline.credits import CreditsSettings
from pipeline.errors import BuildInterrupted, ExitCode, PipelineError, disk_full
from pipeline.speech.blocks import NarrationSettings


def fail_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into one line on stderr and an exit code; no traceback.

    A full disk is ours too, wherever it struck: one line naming the file (atomic writes
    name their target; any other write, the file the system names)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except BuildInterrupted as stopped:
            click.echo(str(stopped), err=True)
            sys.exit(stopped.exit_code)
        except PipelineError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo(
                "interrupted: finished clips and translations are kept; rerun to resume", err=True
            )
            sys.exit(ExitCode.INTERRUPTED)
        except Exception as error:
            full = disk_full(error)
            if full is None:
                raise
            click.echo(f"error: {full}", err=True)
            sys.exit(full.exit_code)

    return run


def sources_or_all(paths: tuple[Path, ...]) -> list[Path]:
    """The sources named, or every ``source/*.md``."""
    if paths:
        return list(paths)
    found = sorted(Path("source").glob("*.md"))
    if not found:
        raise PipelineError("no source given and no source/*.md found")
    return found


class ProgressBar:
    """One progress line on stderr: done of total, and an estimate of the time left."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.started: dict[str, float] = {}

    def __call__(self, label: str, done: int, total: int) -> None:
        if self.quiet or not total:
            return
        start = self.started.setdefault(label, time.monotonic())
        elapsed = time.monotonic() - start
        eta = elapsed / done * (total - done) if done else 0.0
        width = 24
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        click.echo(
            f"\r{label} [{bar}] {done}/{total} sentences, ETA {eta:4.0f} s", nl=False, err=True
        )
        if done >= total:
            click.echo("", err=True)


class RegistryOption(click.Option):
    """An option whose help lists a registry's choices, read only when help is shown (so
    the engine modules are not imported for every command)."""

    def __init__(self, *args: Any, choices_from: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices_from = choices_from
        self._help_prefix = self.help or ""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = f"{self._help_prefix} Choices: {self._choices_from()}."
        return super().get_help_record(ctx)


def registered(registry_of: Callable[[], Any]) -> Callable[[click.Context, Any, Any], Any]:
    """An option callback refusing a name the registry lacks, before any work is done (an
    unknown engine found mid-build would leave a translated memory behind)."""

    def check(context: click.Context, parameter: Any, value: str | None) -> str | None:
        registry = registry_of()
        if value is not None and value not in registry:
            choices = ", ".join(registry.names())
            raise click.BadParameter(f"unknown {registry.noun} {value!r}; choose one of: {choices}")
        return value

    return check


def _translators() -> Any:
    from pipeline.translate import TRANSLATORS

    return TRANSLATORS


def speech_engines() -> Any:
    from pipeline.speech import SYNTHESIZERS

    return SYNTHESIZERS


def _translator_help() -> str:
    from pipeline.translate import TRANSLATORS

    return TRANSLATORS.help_text()


def _speech_help() -> str:
    from pipeline.speech import SYNTHESIZERS

    return SYNTHESIZERS.help_text()


TRANSLATOR = click.option(
    "--translator",
    cls=RegistryOption,
    choices_from=_translator_help,
    default="apertium",
    show_default=True,
    callback=registered(_translators),
    help="Machine translation engine for blocks the memory lacks.",
)
TTS = click.option(
    "--tts",
    cls=RegistryOption,
    choices_from=_speech_help,
    default="kokoro",
    show_default=True,
    callback=registered(speech_engines),
    help="Speech engine.",
)
OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Output folder.",
)
CACHE_DIR = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=Path(".cache"),
    show_default=True,
    help="Where clips and translations are kept.",
)
NO_MEMORY = click.option(
    "--no-memory",
    "use_memory",
    is_flag=True,
    default=True,
    flag_value=False,
    help="Ignore the translation memory (source/<doc>.es.po).",
)
ENCODING = click.option(
    "--encoding", default="utf-8", show_default=True, help="Encoding of the source files."
)
SOURCES = click.argument("sources", nargs=-1, type=click.Path(path_type=Path))


def _speed(name: str, help_text: str, default: float | None = None) -> Callable[..., Any]:
    return click.option(
        name,
        type=click.FloatRange(0.5, 2.0),
        default=default,
        show_default=default is not None,
        help=help_text,
    )


ENGINE_OPTIONS = [
    TRANSLATOR,
    TTS,
    click.option("--voice-en", default=None, help="English voice (default: the engine's)."),
    click.option("--voice-es", default=None, help="Spanish voice (default: the engine's)."),
    _speed("--speed", "Speaking speed.", 1.0),
    _speed("--speed-en", "English speed (default: --speed)."),
    _speed("--speed-es", "Spanish speed (default: --speed)."),
    click.option(
        "--lang",
        type=click.Choice([*LANGUAGES, "both"]),
        default="both",
        show_default=True,
        help="Which audiobooks to make.",
    ),
    click.option(
        "--table-rows",
        type=click.IntRange(0),
        default=NarrationSettings.table_rows,
        show_default=True,
        help="Tables of up to this many rows are read row by row; longer ones are announced.",
    ),
    click.option(
        "--figures",
        type=click.Choice(["describe", "silent"]),
        default=NarrationSettings.figures,
        show_default=True,
        help="Figures in the narration: their alt text read as 'Figure: …', or nothing.",
    ),
    click.option(
        "--footnotes",
        type=click.Choice(["skip", "read"]),
        default=NarrationSettings.footnotes,
        show_default=True,
        help="Footnote texts: not narrated, or read after the section that cites them.",
    ),
    click.option(
        "--author", default="", help="The report's author: books' artist tag and credits."
    ),
    click.option("--publisher", default="", help="Publisher: tags and credits."),
    click.option("--year", default="", help="Year: tags and credits."),
    click.option(
        "--credits/--no-credits",
        default=CreditsSettings.enabled,
        show_default=True,
        help=(
            "Opening and closing credits in each book (title, author, the synthetic voice); "
            "a project turns them on with [credits] enabled = true in pipeline.toml."
        ),
    ),
    click.option(
        "--narrator",
        default="",
        help="How the credits name the voice (default: its engine and name).",
    ),
    click.option(
        "--translator-name",
        default="",
        help="The translator the Spanish credits name once every block is reviewed.",
    ),
    OUT,
    CACHE_DIR,
    NO_MEMORY,
    ENCODING,
]


def with_options(options: list[Callable[..., Any]]) -> Callable[..., Any]:
    """Apply a list of click options to a command, in the order listed."""

    def apply(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


engine_options = with_options(ENGINE_OPTIONS)


def build_options(**kwargs: Any) -> BuildOptions:
    """BuildOptions from the engine (and build) options' values."""
    voices = {lang: kwargs.pop(f"voice_{lang}") for lang in LANGUAGES}
    speeds = {lang: kwargs.pop(f"speed_{lang}") for lang in LANGUAGES}
    chosen = kwargs.pop("lang")
    narration = NarrationSettings(
        kwargs.pop("table_rows"), kwargs.pop("figures"), kwargs.pop("footnotes")
    )
    credits = CreditsSettings(
        kwargs.pop("credits"), kwargs.pop("narrator"), kwargs.pop("translator_name")
    )
    return BuildOptions(
        narration=narration,
        credits=credits,
        voices={lang: v for lang, v in voices.items() if v},
        speeds={lang: s for lang, s in speeds.items() if s},
        languages=LANGUAGES if chosen == "both" else (chosen,),
        **kwargs,
    )


class LazyChoices(Sequence[str]):
    """A choice list read from a registry when first needed (help, or checking a value)."""

    def __init__(self, names: Callable[[], list[str]]) -> None:
        self._names = names

    def _list(self) -> list[str]:
        return self._names()

    def __getitem__(self, index: Any) -> Any:
        return self._list()[index]

    def __len__(self) -> int:
        return len(self._list())


def _format_names() -> list[str]:
    from pipeline.publish.format import FORMATS

    return FORMATS.names()


def _profile_names() -> list[str]:
    from pipeline.audio.profiles import PROFILES

    return sorted(PROFILES)


FORMAT_CHOICES = click.Choice(LazyChoices(_format_names))
PROFILE_CHOICES = click.Choice(LazyChoices(_profile_names))


def _formats_help() -> str:
    from pipeline.publish.format import FORMATS

    return FORMATS.help_text()


PROFILE = click.option(
    "--profile",
    "audio_profile",
    type=PROFILE_CHOICES,
    default="podcast",
    show_default=True,
    help="Publishing target: podcast (-19 LUFS mono, -1 dBTP) or acx (audiobook rules).",
)
FORMAT = click.option(
    "--format",
    "formats",
    cls=RegistryOption,
    choices_from=_formats_help,
    type=FORMAT_CHOICES,
    multiple=True,
    default=(),
    callback=lambda _c, _p, value: frozenset(value),
    help="A published format to make besides those always made (repeatable).",
)
