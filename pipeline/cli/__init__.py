"""The command line: a thin skin over the library. Errors are caught here, once.

One module per group of commands; each has ``register(main)``, so the commands' policy
lives in the library and this package only parses options and prints.
"""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path

import click

from pipeline import __version__
from pipeline.cli import audio, building, housekeeping, importing, text
from pipeline.errors import PipelineError


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


for _commands in (building, text, importing, audio, housekeeping):
    _commands.register(main)
