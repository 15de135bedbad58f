"""build, narrate, stitch and plan: one report or many, end to end or a stage at a time."""

from __future__ import annotations

import sys
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import click

from pipeline.cli.common import (
    FORMAT,
    PROFILE,
    SOURCES,
    LazyChoices,
    ProgressBar,
    RegistryOption,
    build_options,
    engine_options,
    fail_cleanly,
    registered,
    sources_or_all,
    speech_engines,
    with_options,
)
from pipeline.cli.display import CatalogueDisplay
from pipeline.config import BuildOptions
from pipeline.errors import ExitCode
from pipeline.provenance.signing import UNSIGNED, SigningConfig, check_signing
from pipeline.speech.script import Pauses

MAX_WER = click.option(
    "--max-wer",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Verify, and fail (exit 1) if a book's word error rate is above this, e.g. 0.05.",
)
FALLBACK = click.option(
    "--fallback",
    "fallback_tts",
    default=None,
    callback=registered(speech_engines),
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


def _base_url(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    # Checked before the build, not after its narration (pipeline.formats.feed).
    from pipeline.errors import ConfigError
    from pipeline.formats.feed import checked_base_url

    try:
        return checked_base_url(value) if value else None
    except ConfigError as error:
        raise click.BadParameter(str(error)) from None


def _executor_names() -> list[str]:
    from pipeline.executors import EXECUTORS

    return EXECUTORS.names()


def _executor_help() -> str:
    from pipeline.executors import EXECUTORS

    return EXECUTORS.help_text()


EXECUTOR_OPTIONS = [
    click.option(
        "--executor",
        cls=RegistryOption,
        choices_from=_executor_help,
        type=click.Choice(LazyChoices(_executor_names)),
        default=BuildOptions.executor,
        show_default=True,
        help="Where synthesis runs.",
    ),
    click.option(
        "--scheduler",
        default=None,
        metavar="tcp://HOST:8786",
        help="A Dask scheduler: synthesize on its cluster (implies --executor dask).",
    ),
    click.option(
        "--workers",
        type=click.IntRange(1),
        default=None,
        help="Worker processes on this machine (local, or dask without --scheduler); "
        "default: one per core.",
    ),
    click.option(
        "--connect-timeout",
        type=click.FloatRange(0.1),
        default=BuildOptions.connect_timeout,
        show_default=True,
        help="Seconds to wait for the scheduler before giving up.",
    ),
]


def _signing(kwargs: dict[str, Any]) -> SigningConfig | None:
    cert, key = kwargs.pop("signing_cert"), kwargs.pop("signing_key")
    algorithm, tsa = kwargs.pop("signing_algorithm"), kwargs.pop("signing_tsa")
    if not (cert or key):
        return None
    if not (cert and key):
        raise click.BadParameter("signing needs both --signing-cert and --signing-key")
    return SigningConfig(Path(cert), Path(key), algorithm.lower(), tsa or None)


BUILD_OPTIONS = [
    click.option(
        "--urls",
        type=click.Choice(["speak", "skip"]),
        default="speak",
        show_default=True,
        help="Web addresses and e-mails in the narration: read them out, or leave them out.",
    ),
    PROFILE,
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
    FORMAT,
    click.option(
        "--sample-seconds",
        type=(click.FloatRange(10), click.FloatRange(10)),
        default=BuildOptions.sample_seconds,
        show_default=True,
        metavar="SHORTEST LONGEST",
        help="The retail sample (--format sample): its length, cut at a sentence end.",
    ),
    click.option(
        "--signing-cert",
        type=click.Path(dir_okay=False),
        default=None,
        help="Sign the audio with Content Credentials: the certificate chain (PEM).",
    ),
    click.option(
        "--signing-key",
        type=click.Path(dir_okay=False),
        default=None,
        help="The signing certificate's private key (PEM).",
    ),
    click.option("--signing-algorithm", default="es256", show_default=True, help="Signature."),
    click.option("--signing-tsa", default=None, help="A timestamp authority's URL (optional)."),
    click.option(
        "--base-url",
        default=None,
        callback=_base_url,
        help="Where output/ is served (https://…): the podcast feed's links start with it.",
    ),
    click.option(
        "--verify",
        is_flag=True,
        help="Then listen to the narration (whisper-base, offline) and report word error rates.",
    ),
    MAX_WER,
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
    FALLBACK,
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


def print_plans(sources: list[Path], options: BuildOptions) -> None:
    """Show each report's plan; exit 4 if any would translate or synthesize something."""
    from pipeline.plan import plan, render_plan

    verbose = click.get_current_context().find_root().params.get("verbose", 0) > 0
    work = False
    for source in sources:
        found = plan(source, options)
        click.echo(render_plan(found, verbose))
        work = work or found.has_work
    sys.exit(ExitCode.WOULD_WORK if work else ExitCode.OK)


def verify_one(source: Path, options: BuildOptions, max_wer: float | None, quiet: bool, worst: int):
    """Listen to one built report; write output/<doc>/verify-report.json and show the table."""
    from pipeline import atomic
    from pipeline.verify import verify_build

    report = verify_build(source, options, options.languages, max_wer, ProgressBar(quiet))
    atomic.write_text(options.out_dir / report.document / "verify-report.json", report.to_json())
    if not quiet:
        click.echo(report.render(worst))
    return report


def _run_builds(
    context: click.Context, sources: tuple[Path, ...], stages: set[str], **kwargs: Any
) -> None:
    from pipeline.build.catalogue import build_catalogue, catalogue_sources

    dry_run = kwargs.pop("dry_run")
    max_wer = kwargs.pop("max_wer")
    check = kwargs.pop("verify") or max_wer is not None
    draft = kwargs.pop("draft")
    signing = _signing(kwargs)
    options = replace(build_options(**kwargs), stages=frozenset(stages), signing=signing)
    if draft:
        options = options.as_draft()
    paths = catalogue_sources(sources_or_all(sources))
    if dry_run:
        print_plans(paths, options)
        return
    quiet = context.obj["quiet"]
    if signing is not None:
        check_signing(signing)  # a certificate that will not do fails before any work
    display = CatalogueDisplay(quiet, len(paths))
    try:
        built = build_catalogue(paths, options, display)
    finally:
        display.close()
    if len(paths) == 1 and built.failed:
        raise built.failed[0].error  # type: ignore[misc]  # one line, the error's own exit code
    results = [o.result for o in built.outcomes if o.result is not None]
    unreviewed = sum(r.unreviewed for r in results)
    failures = sum(r.speech_failures for r in results)
    reports = [
        verify_one(o.source, options, max_wer, quiet, worst=5)
        for o in built.outcomes
        if o.result is not None and check
    ]
    if len(paths) > 1 and not quiet:
        click.echo(CatalogueDisplay.summary(built), err=True)
    if signing is None and "stitch" in stages and results and not quiet:
        click.echo(f"note: {UNSIGNED}", err=True)
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
    if built.failed:
        codes = {o.error.exit_code for o in built.failed if o.error is not None}
        sys.exit(codes.pop() if len(codes) == 1 else ExitCode.FAILED)
    if unreviewed or failures:
        sys.exit(ExitCode.UNREVIEWED)


def _stage_command(group: click.Group, name: str, stages: set[str], doc: str) -> None:
    def command(context: click.Context, sources: tuple[Path, ...], **kwargs: Any) -> None:
        _run_builds(context, sources, stages, **kwargs)

    command.__doc__ = doc
    command = fail_cleanly(command)
    command = click.pass_context(command)
    command = with_options(BUILD_OPTIONS + EXECUTOR_OPTIONS)(command)
    command = engine_options(command)
    command = SOURCES(command)
    group.command(name)(command)


def register(main: click.Group) -> None:
    _stage_command(
        main,
        "build",
        {"narrate", "stitch"},
        "Build every report (default: source/*.md): editions, section MP3s and books.",
    )
    _stage_command(
        main,
        "narrate",
        {"narrate"},
        "Translate and synthesize every sentence into the clip cache; no MP3s.",
    )
    _stage_command(
        main, "stitch", {"stitch"}, "Make the section MP3s and books from clips already narrated."
    )

    @main.command("plan")
    @SOURCES
    @engine_options
    @fail_cleanly
    def plan_command(sources: tuple[Path, ...], **kwargs: Any) -> None:
        """Say what a build would translate and synthesize, with a time estimate (exit 4 if
        any)."""
        print_plans(sources_or_all(sources), build_options(**kwargs))
