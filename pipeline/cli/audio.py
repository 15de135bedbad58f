"""voices, verify and check-audio: what the narration sounds like, and whether it passes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from pipeline.cli.building import FALLBACK, MAX_WER, verify_one
from pipeline.cli.common import (
    PROFILE_CHOICES,
    SOURCES,
    build_options,
    engine_options,
    fail_cleanly,
    sources_or_all,
)
from pipeline.errors import ExitCode, PipelineError


def register(main: click.Group) -> None:
    @main.command()
    @click.option("--tts", default=None, help="Only this engine.")
    @fail_cleanly
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

    @main.command()
    @SOURCES
    @engine_options
    @FALLBACK
    @MAX_WER
    @click.option(
        "--worst",
        default=5,
        show_default=True,
        type=click.IntRange(0),
        help="How many of the worst sentences to show per language.",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
    @click.pass_context
    @fail_cleanly
    def verify(
        context: click.Context,
        sources: tuple[Path, ...],
        max_wer: float | None,
        worst: int,
        as_json: bool,
        **kwargs: Any,
    ) -> None:
        """Listen to the narration (whisper-base, offline) and report word error rates.

        Hears the clips a build made (cached transcripts make a rerun free), compares them
        with the text each voice was sent, and writes output/<doc>/verify-report.json.
        """
        options = build_options(**kwargs)
        quiet = context.obj["quiet"] or as_json
        reports = [verify_one(s, options, max_wer, quiet, worst) for s in sources_or_all(sources)]
        if as_json:
            click.echo(json.dumps([r.as_dict() for r in reports], indent=2, ensure_ascii=False))
        for report in reports:
            report.check()  # NarrationUnclear (exit 1): the first book above --max-wer

    @main.command("check-audio")
    @click.argument(
        "files",
        nargs=-1,
        required=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
    )
    @click.option(
        "--profile",
        type=PROFILE_CHOICES,
        default="podcast",
        show_default=True,
        help="Publishing target to check against.",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the reports as JSON.")
    @fail_cleanly
    def check_audio(files: tuple[Path, ...], profile: str, as_json: bool) -> None:
        """Measure MP3 files and check them against a publishing profile, and read their
        Content Credentials (exit 5 on a miss, or on credentials that do not validate)."""
        from pipeline.audio import compliance, profiles
        from pipeline.provenance.credentials import read_credentials

        reports = [compliance.check(f, profiles.profile_named(profile)) for f in files]
        credentials = [read_credentials(f) for f in files]
        if as_json:
            listed = [
                {**r.to_dict(), "content_credentials": c.to_dict()}
                for r, c in zip(reports, credentials, strict=True)
            ]
            document = {"passed": all(r.passed for r in reports), "files": listed}
            click.echo(json.dumps(document, indent=2, ensure_ascii=False))
        else:
            click.echo(
                "\n\n".join(
                    f"{compliance.render_table(r)}\n{c.line()}"
                    for r, c in zip(reports, credentials, strict=True)
                )
            )
        signed_but_broken = any(c.present and not c.valid for c in credentials)
        if not all(r.passed for r in reports) or signed_but_broken:
            sys.exit(ExitCode.NONCOMPLIANT)
