"""The command line: a thin skin over the library. Errors are caught here, once."""

from __future__ import annotations

import functools
import json
import logging
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from pipeline import __version__
from pipeline.config import LANGUAGES, BuildOptions, memory_path
from pipeline.errors import BuildInterrupted, PipelineError
from pipeline.speech.script import Pauses

if TYPE_CHECKING:
    from pipeline.verify import VerifyReport

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNREVIEWED, EXIT_WOULD_WORK, EXIT_NONCOMPLIANT = (
    0,
    1,
    2,
    3,
    4,
    5,
)


def _fail_cleanly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn our errors into one line on stderr and an exit code; no traceback."""

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
            sys.exit(130)

    return run


def _sources(paths: tuple[Path, ...]) -> list[Path]:
    if paths:
        return list(paths)
    found = sorted(p for p in Path("source").glob("*.md"))
    if not found:
        raise PipelineError("no source given and no source/*.md found")
    return found


class _ProgressBar:
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
        end = "\n" if done >= total else ""
        click.echo(
            f"\r{label} [{bar}] {done}/{total} sentences, ETA {eta:4.0f} s", nl=False, err=True
        )
        if end:
            click.echo("", err=True)


def _languages(value: str) -> tuple[str, ...]:
    return LANGUAGES if value == "both" else (value,)


def _options(**kwargs: Any) -> BuildOptions:
    voices = {
        lang: v for lang, v in (("en", kwargs.pop("voice_en")), ("es", kwargs.pop("voice_es"))) if v
    }
    speeds = {
        lang: s for lang, s in (("en", kwargs.pop("speed_en")), ("es", kwargs.pop("speed_es"))) if s
    }
    lang = kwargs.pop("lang")
    return BuildOptions(voices=voices, speeds=speeds, languages=_languages(lang), **kwargs)


_TRANSLATOR = click.option(
    "--translator",
    default="apertium",
    show_default=True,
    help="Machine translation engine for blocks the memory lacks "
    "(apertium, google, deepl, microsoft, libre, mymemory).",
)
_OUT = click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Output folder.",
)
_CACHE_DIR = click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=Path(".cache"),
    show_default=True,
    help="Where clips and translations are kept.",
)
_NO_MEMORY = click.option(
    "--no-memory",
    "use_memory",
    is_flag=True,
    default=True,
    flag_value=False,
    help="Ignore the translation memory (source/<doc>.es.po).",
)
_ENCODING = click.option(
    "--encoding", default="utf-8", show_default=True, help="Encoding of the source files."
)


def _engine_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        _TRANSLATOR,
        click.option(
            "--tts",
            default="kokoro",
            show_default=True,
            help="Speech engine (kokoro, espeak, gtts).",
        ),
        click.option("--voice-en", default=None, help="English voice (default: the engine's)."),
        click.option("--voice-es", default=None, help="Spanish voice (default: the engine's)."),
        click.option(
            "--speed",
            default=1.0,
            show_default=True,
            type=click.FloatRange(0.5, 2.0),
            help="Speaking speed.",
        ),
        click.option(
            "--speed-en",
            type=click.FloatRange(0.5, 2.0),
            default=None,
            help="English speed (default: --speed).",
        ),
        click.option(
            "--speed-es",
            type=click.FloatRange(0.5, 2.0),
            default=None,
            help="Spanish speed (default: --speed).",
        ),
        click.option(
            "--lang",
            type=click.Choice(["en", "es", "both"]),
            default="both",
            show_default=True,
            help="Which audiobooks to make.",
        ),
        _OUT,
        _CACHE_DIR,
        _NO_MEMORY,
        _ENCODING,
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="pipeline")
@click.option("-v", "--verbose", count=True, help="More detail (repeat for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors.")
@click.option(
    "--config",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Settings file (default: pipeline.toml here, if there is one); flags win over it.",
)
@click.pass_context
def main(context: click.Context, verbose: int, quiet: bool, config: Path | None) -> None:
    """Turn a Markdown report into a Spanish edition and narrated MP3 audiobooks."""
    from pipeline.settings import DEFAULT_FILE, default_map

    if config is not None and not config.exists():
        raise click.BadParameter(f"{config}: no such file", param_hint="--config")
    try:
        context.default_map = default_map(config or DEFAULT_FILE)
    except PipelineError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)
    level = (
        logging.ERROR
        if quiet
        else (logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)
    )
    logging.basicConfig(level=level, format="%(levelname)s: %(message)s")
    context.obj = {"quiet": quiet}
    # SIGTERM (CI timeouts, `kill`) stops a build the way Ctrl-C does: cleanly, keeping work.
    signal.signal(signal.SIGTERM, _interrupt)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _run_builds(
    context: click.Context, sources: tuple[Path, ...], stages: set[str], **kwargs: Any
) -> None:
    from pipeline.build import build as build_one

    dry_run = kwargs.pop("dry_run")
    max_wer = kwargs.pop("max_wer")
    check = kwargs.pop("verify") or max_wer is not None
    draft = kwargs.pop("draft")
    options = replace(_options(**kwargs), stages=frozenset(stages))
    if draft:
        options = _as_draft(options)
    if dry_run:
        _print_plans(sources, options)
        return
    quiet = context.obj["quiet"]
    unreviewed = failures = 0
    reports = []
    for source in _sources(sources):
        result = build_one(source, options, _ProgressBar(quiet))
        unreviewed += result.unreviewed
        failures += result.speech_failures
        if not quiet:
            click.echo(_summary(result.report, result.out_dir))
        if check:
            reports.append(_verify_one(source, options, max_wer, quiet, worst=5))
    if failures:
        click.echo(
            f"note: {failures} sentences were spoken by the fallback engine or left out "
            "(build-report.json lists them with the engine's message)",
            err=True,
        )
    if unreviewed:
        click.echo(
            f"note: {unreviewed} Spanish blocks are machine translations awaiting review "
            "(`pipeline status` lists them)",
            err=True,
        )
    for report in reports:
        report.check()  # NarrationUnclear (exit 1): the first book above --max-wer
    if unreviewed or failures:
        sys.exit(EXIT_UNREVIEWED)


def _as_draft(options: BuildOptions) -> BuildOptions:
    """Publishing runs stop on any failure; a draft gets through and says what it skipped."""
    fallback = options.fallback_tts or ("espeak" if options.tts != "espeak" else None)
    return replace(options, keep_going=True, fallback_tts=fallback, audio_check="warn")


def _verify_one(
    source: Path, options: BuildOptions, max_wer: float | None, quiet: bool, worst: int
) -> VerifyReport:
    """Listen to one built report; write output/<doc>/verify-report.json and show the table."""
    from pipeline import atomic
    from pipeline.verify import verify_build

    report = verify_build(source, options, options.languages, max_wer, _ProgressBar(quiet))
    atomic.write_text(options.out_dir / report.document / "verify-report.json", report.to_json())
    if not quiet:
        click.echo(report.render(worst))
    return report


def _print_plans(sources: tuple[Path, ...], options: BuildOptions) -> None:
    from pipeline.plan import plan, render_plan

    work = False
    for source in _sources(sources):
        found = plan(source, options)
        click.echo(render_plan(found))
        work = work or found.has_work
    sys.exit(EXIT_WOULD_WORK if work else EXIT_OK)


_MAX_WER = click.option(
    "--max-wer",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Verify, and fail (exit 1) if a book's word error rate is above this, e.g. 0.05.",
)
_FALLBACK = click.option(
    "--fallback",
    "fallback_tts",
    default=None,
    help="Speech engine for sentences the main one fails on (e.g. espeak); flagged.",
)


def _parse_pauses(
    context: click.Context, parameter: click.Parameter, values: tuple[str, ...]
) -> Pauses:
    pauses = Pauses()
    names = {f.name for f in fields(Pauses)}
    for value in values:
        name, _, ms = value.partition("=")
        if name not in names or not ms.isdigit():
            raise click.BadParameter(
                f"{value!r}: use NAME=MILLISECONDS with NAME one of {', '.join(sorted(names))}"
            )
        pauses = replace(pauses, **{name: int(ms)})
    return pauses


_BUILD_OPTIONS = [
    click.option(
        "--urls",
        type=click.Choice(["speak", "skip"]),
        default="speak",
        show_default=True,
        help="Web addresses and e-mails in the narration: read them out, or leave them out.",
    ),
    click.option("--author", default=BuildOptions.author, help="Artist/author tag of the books."),
    click.option("--publisher", default=BuildOptions.publisher, help="Publisher tag."),
    click.option("--year", default=BuildOptions.year, help="Year tag."),
    click.option(
        "--profile",
        "audio_profile",
        type=click.Choice(["podcast", "acx"]),
        default="podcast",
        show_default=True,
        help="Publishing target: podcast (-19 LUFS mono, -1 dBTP) or acx (audiobook rules).",
    ),
    click.option(
        "--audio-check",
        type=click.Choice(["fail", "warn"]),
        default="fail",
        show_default=True,
        help="When the output misses the profile: fail the build or only warn.",
    ),
    click.option(
        "--id3v2",
        "id3v2_version",
        type=click.Choice(["3", "4"]),
        default="3",
        show_default=True,
        callback=lambda _c, _p, value: int(value),
        help="ID3v2 version of the tags (2.3 is read by the most players).",
    ),
    click.option(
        "--format",
        "formats",
        type=click.Choice(["mp3", "m4b"]),
        multiple=True,
        default=("mp3",),
        show_default=True,
        callback=lambda _c, _p, value: frozenset({"mp3", *value}),
        help="Also make an M4B audiobook (AAC, MP4 chapters, cover) beside each MP3.",
    ),
    click.option(
        "--verify",
        is_flag=True,
        help="Then listen to the narration (whisper-base, offline) and report word error rates.",
    ),
    _MAX_WER,
    click.option(
        "--pause",
        "pauses",
        multiple=True,
        callback=_parse_pauses,
        metavar="NAME=MS",
        help="A pause in milliseconds (repeatable). Defaults: "
        + ", ".join(f"{f.name}={getattr(Pauses(), f.name)}" for f in fields(Pauses))
        + ".",
    ),
    click.option(
        "--dry-run",
        is_flag=True,
        help="Only say what would be translated and synthesized (exit 4 if anything).",
    ),
    click.option(
        "--draft",
        is_flag=True,
        help="A draft, not a publishing run: keep going past speech failures (espeak speaks "
        "them) and only warn when the audio misses its profile.",
    ),
    click.option(
        "--keep-going/--stop-on-error",
        default=False,
        show_default=True,
        help="Leave out a sentence the speech engine fails on, instead of stopping.",
    ),
    _FALLBACK,
    click.option(
        "--wait-lock",
        "lock_wait_seconds",
        default=0.0,
        type=click.FloatRange(0),
        help="Seconds to wait for another build of the same report to finish (default: fail).",
    ),
    click.option(
        "--require-reviewed",
        is_flag=True,
        help="Fail (exit 3) before narrating if any Spanish block is unreviewed.",
    ),
    click.option(
        "--no-review-marks",
        "mark_unreviewed",
        is_flag=True,
        default=True,
        flag_value=False,
        help="Do not mark machine-translated blocks in the edition.",
    ),
]


def _stage_command(name: str, stages: set[str], doc: str) -> None:
    def command(context: click.Context, sources: tuple[Path, ...], **kwargs: Any) -> None:
        _run_builds(context, sources, stages, **kwargs)

    command.__doc__ = doc
    command = _fail_cleanly(command)
    command = click.pass_context(command)
    for option in reversed(_BUILD_OPTIONS):
        command = option(command)
    command = _engine_options(command)
    command = click.argument("sources", nargs=-1, type=click.Path(path_type=Path))(command)
    main.command(name)(command)


_stage_command(
    "build",
    {"narrate", "stitch"},
    "Build every report (default: source/*.md): editions, section MP3s and books.",
)
_stage_command(
    "narrate", {"narrate"}, "Translate and synthesize every sentence into the clip cache; no MP3s."
)
_stage_command("stitch", {"stitch"}, "Make the section MP3s and books from clips already narrated.")


def _summary(report: dict, out: Path) -> str:
    lines = [f"{report['document']}: built in {out}"]
    for lang, entry in report["languages"].items():
        if "clips" in entry:
            audio = entry["duration_seconds"]
            lines.append(
                f"  {lang}: {entry['sections']} sections, {entry['sentences']} sentences, "
                f"{entry['clips_synthesized']} clips synthesized, {entry['clips_reused']} reused"
                + (f", {audio:.1f} s of audio" if audio is not None else "")
            )
        if "translation" in entry:
            t = entry["translation"]
            lines.append(
                f"  {lang} text: {t['blocks_from_reviewed_memory']} blocks from reviewed memory, "
                f"{t['blocks_machine_translated']} machine-translated, "
                f"{t['blocks_machine_reused']} machine reused, {t['blocks_unreviewed']} unreviewed"
            )
    return "\n".join(lines)


@main.command("plan")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_engine_options
@_fail_cleanly
def plan_command(sources: tuple[Path, ...], **kwargs: Any) -> None:
    """Say what a build would translate and synthesize, with a time estimate (exit 4 if any)."""
    _print_plans(sources, _options(**kwargs))


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@_ENCODING
@click.option("--json", "as_json", is_flag=True, help="Print the structure as JSON.")
@_fail_cleanly
def split(source: Path, encoding: str, as_json: bool) -> None:
    """Show how a report splits into sections, blocks and sentences."""
    from pipeline.parsing import inline_plain_text, load_document
    from pipeline.segment import split_sentences

    document = load_document(source, encoding)
    tree = [
        {
            "section": s.title,
            "slug": s.slug,
            "blocks": [
                {
                    "kind": b.kind.value,
                    "sentences": split_sentences(inline_plain_text(b.text), document.language),
                }
                for b in s.blocks
            ],
        }
        for s in document.sections
    ]
    if as_json:
        click.echo(
            json.dumps({"title": document.title, "sections": tree}, indent=2, ensure_ascii=False)
        )
        return
    click.echo(document.title)
    for n, section in enumerate(tree, 1):
        click.echo(f"{n:02d} {section['section']}  [{section['slug']}]")
        for block in section["blocks"]:
            for sentence in block["sentences"]:
                click.echo(f"     {block['kind']:<9} {sentence}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--to",
    "target",
    default="es",
    show_default=True,
    type=click.Choice(["es"]),
    help="Target language.",
)
@_TRANSLATOR
@_NO_MEMORY
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="Write the translation here (default: standard output).",
)
@_CACHE_DIR
@_ENCODING
@_fail_cleanly
def translate(
    source: Path,
    target: str,
    translator: str,
    use_memory: bool,
    output: Path | None,
    cache_dir: Path,
    encoding: str,
) -> None:
    """Translate any Markdown file through the same memory, glossary and engines."""
    from pipeline import atomic, editions
    from pipeline.parsing import load_document
    from pipeline.prepare import translate_for_build
    from pipeline.store import Store

    options = BuildOptions(
        translator=translator, use_memory=use_memory, cache_dir=cache_dir, encoding=encoding
    )
    english = load_document(source, encoding)
    result, _ = translate_for_build(english, source, options, Store(options.store_dir), target)
    flagged = [b.block for _, b in result.unreviewed()]
    text = editions.render_markdown(result.document, flagged, editions.UNREVIEWED_MARKERS[target])
    for miss in result.glossary_misses:
        click.echo(f"glossary: {miss.term!r} should read {miss.expected!r}", err=True)
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic.write_text(output, text)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_fail_cleanly
def status(sources: tuple[Path, ...]) -> None:
    """List the Spanish blocks that still need a translator's review."""
    from pipeline.parsing import load_document
    from pipeline.translate.memory import TranslationMemory

    pending = 0
    for source in _sources(sources):
        english = load_document(source)
        memory = TranslationMemory.load(memory_path(source, "es"), "es", english.name)
        stats = memory.stats()
        click.echo(
            f"{source}: {stats['reviewed']} reviewed, {stats['fuzzy']} to review, "
            f"{stats['untranslated']} untranslated, {stats['obsolete']} obsolete"
        )
        for section in english.sections:
            for block in section.blocks:
                entry = memory.lookup(block.text)
                if entry is None or not entry.msgstr or "fuzzy" in entry.flags:
                    pending += 1
                    state = "missing" if entry is None or not entry.msgstr else "fuzzy"
                    note = _untranslated_note(entry)  # issue 10
                    click.echo(f"  [{state}] {section.title}: {block.text[:70]}{note}")
    sys.exit(EXIT_UNREVIEWED if pending else EXIT_OK)


@main.command()
@click.option("--tts", default=None, help="Only this engine.")
@_fail_cleanly
def voices(tts: str | None) -> None:
    """List the voices each installed speech engine offers."""
    from pipeline.speech import make_synthesizer, synthesizer_names

    for name in [tts] if tts else synthesizer_names():
        engine = make_synthesizer(name)
        click.echo(f"{name}:")
        try:
            listed = engine.voices()
        except PipelineError as error:
            click.echo(f"  (unavailable: {error})")
            continue
        for voice in listed:
            default = " (default)" if voice.name == engine.default_voice(voice.language) else ""
            click.echo(f"  {voice.language}  {voice.name:<12} {voice.description}{default}")


@main.group()
def po() -> None:
    """Work on the translation memories (source/<doc>.es.po) without building audio."""


@po.command("stats")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_fail_cleanly
def po_stats(sources: tuple[Path, ...]) -> None:
    """Count entries: reviewed, fuzzy, untranslated and obsolete."""
    from pipeline.translate.memory import TranslationMemory

    for source in _sources(sources):
        path = memory_path(source, "es")
        stats = TranslationMemory.load(path, "es", source.stem).stats()
        click.echo(f"{path}: " + ", ".join(f"{n} {name}" for name, n in stats.items()))


@po.command("update")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_TRANSLATOR
@_CACHE_DIR
@_fail_cleanly
def po_update(sources: tuple[Path, ...], translator: str, cache_dir: Path) -> None:
    """Bring the memory up to date with the English: new blocks in (fuzzy), gone ones obsolete."""
    from pipeline.parsing import load_document
    from pipeline.prepare import translate_for_build
    from pipeline.store import Store

    options = BuildOptions(translator=translator, cache_dir=cache_dir)
    for source in _sources(sources):
        english = load_document(source)
        _, memory = translate_for_build(english, source, options, Store(options.store_dir))
        assert memory is not None
        click.echo(
            f"{memory.path}: {len(memory.changes.added)} added (fuzzy), "
            f"{len(memory.changes.obsoleted)} made obsolete"
        )


@main.group()
def cache() -> None:
    """Look after the cache of clips, sections and machine translations."""


@cache.command("stats")
@_CACHE_DIR
@_fail_cleanly
def cache_stats(cache_dir: Path) -> None:
    """How many entries of each kind the cache holds, and their size."""
    from pipeline.cache import stats
    from pipeline.store import Store

    for kind in stats(Store(BuildOptions(cache_dir=cache_dir).store_dir)):
        click.echo(f"{kind.kind:<13} {kind.entries:6d} entries {kind.bytes / 1e6:9.1f} MB")


@cache.command("gc")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_engine_options
@click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
@_fail_cleanly
def cache_gc(sources: tuple[Path, ...], dry_run: bool, **kwargs: Any) -> None:
    """Remove cache entries no current source uses (with these engines and voices)."""
    from pipeline.cache import garbage, keys_in_use
    from pipeline.store import Store

    options = _options(**kwargs)
    unused = garbage(Store(options.store_dir), keys_in_use(_sources(sources), options))
    size = sum(p.stat().st_size for p in unused)
    for path in unused:
        if dry_run:
            click.echo(f"would remove {path}")
        else:
            path.unlink()
    verb = "would free" if dry_run else "freed"
    click.echo(f"{len(unused)} unused entries, {verb} {size / 1e6:.1f} MB")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_OUT
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Also remove this cache folder (everything will be made again).",
)
@_fail_cleanly
def clean(sources: tuple[Path, ...], out_dir: Path, cache_dir: Path | None) -> None:
    """Remove the built outputs of the reports (the cache stays unless named)."""
    import shutil

    for source in _sources(sources):
        folder = out_dir / source.stem
        if folder.is_dir():
            shutil.rmtree(folder)
            click.echo(f"removed {folder}")
    if cache_dir is not None and cache_dir.is_dir():
        shutil.rmtree(cache_dir)
        click.echo(f"removed {cache_dir}")


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@_engine_options
@_FALLBACK
@_MAX_WER
@click.option(
    "--worst",
    default=5,
    show_default=True,
    type=click.IntRange(0),
    help="How many of the worst sentences to show per language.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@_fail_cleanly
def verify(
    context: click.Context,
    sources: tuple[Path, ...],
    max_wer: float | None,
    worst: int,
    as_json: bool,
    **kwargs: Any,
) -> None:
    """Listen to the narration (whisper-base, offline) and report word error rates.

    Hears the clips a build made (cached transcripts make a rerun free), compares them with
    the text each voice was sent, and writes output/<doc>/verify-report.json.
    """
    options = _options(**kwargs)
    quiet = context.obj["quiet"] or as_json
    reports = [_verify_one(s, options, max_wer, quiet, worst) for s in _sources(sources)]
    if as_json:
        click.echo(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
    for report in reports:
        report.check()  # NarrationUnclear (exit 1): the first book above --max-wer


@main.command("check-audio")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--profile",
    type=click.Choice(["podcast", "acx"]),
    default="podcast",
    show_default=True,
    help="Publishing target to check against.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
@_fail_cleanly
def check_audio(files: tuple[Path, ...], profile: str, as_json: bool) -> None:
    """Measure MP3 files and check them against a publishing profile (exit 5 on a miss)."""
    from pipeline.audio import compliance, profiles

    reports = [compliance.check(f, profiles.profile_named(profile)) for f in files]
    if as_json:
        click.echo(compliance.reports_json(reports))
    else:
        click.echo("\n\n".join(compliance.render_table(r) for r in reports))
    if not all(r.passed for r in reports):
        sys.exit(EXIT_NONCOMPLIANT)


# --- helper: issue 10 ---
def _untranslated_note(entry: Any) -> str:
    """ " (untranslated: opposed, underutilized)" for a machine entry that has such words."""
    from pipeline.translate.memory import TranslationMemory

    words = TranslationMemory.unknown_words(entry) if entry is not None else []
    return f"  (left in English: {', '.join(words)})" if words else ""


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@_TRANSLATOR
@click.option("--csv", "as_csv", is_flag=True, help="Print rows for the glossary CSV instead.")
@_ENCODING
@_fail_cleanly
def terms(source: Path, translator: str, as_csv: bool, encoding: str) -> None:
    """List names, acronyms and repeated phrases the glossary lacks, as the engine renders them."""
    from pipeline.config import glossary_path
    from pipeline.parsing import load_document
    from pipeline.translate import make_translator
    from pipeline.translate.glossary import load_glossary
    from pipeline.translate.terms import candidate_terms, render_terms, terms_csv, with_renderings

    glossary = load_glossary(glossary_path(source, "es"))
    found = candidate_terms(load_document(source, encoding), glossary)
    found = with_renderings(found, make_translator(translator, glossary=glossary))
    if as_csv:
        click.echo(terms_csv(found), nl=False)
        return
    click.echo(f"{source}: {len(found)} candidate terms not in {glossary_path(source, 'es')}")
    if found:
        click.echo(render_terms(found, translator))


# --- end helper: issue 10 ---
