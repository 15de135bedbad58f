"""cache and clean: what the cache holds, and removing what is no longer needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from pipeline.cli.common import (
    CACHE_DIR,
    OUT,
    SOURCES,
    build_options,
    engine_options,
    fail_cleanly,
    sources_or_all,
)
from pipeline.config import BuildOptions


def register(main: click.Group) -> None:
    @main.group()
    def cache() -> None:
        """Look after the cache of clips, sections and machine translations."""

    @cache.command("stats")
    @CACHE_DIR
    @fail_cleanly
    def cache_stats(cache_dir: Path) -> None:
        """How many entries of each kind the cache holds, and their size."""
        from pipeline.cache import stats
        from pipeline.store import Store

        for kind in stats(Store(BuildOptions(cache_dir=cache_dir).store_dir)):
            click.echo(f"{kind.kind:<13} {kind.entries:6d} entries {kind.bytes / 1e6:9.1f} MB")

    @cache.command("gc")
    @SOURCES
    @engine_options
    @click.option("--dry-run", is_flag=True, help="Only list what would be removed.")
    @fail_cleanly
    def cache_gc(sources: tuple[Path, ...], dry_run: bool, **kwargs: Any) -> None:
        """Remove cache entries no current source uses (with these engines and voices)."""
        from pipeline.cache import collect_garbage, keys_in_use
        from pipeline.store import Store

        options = build_options(**kwargs)
        used = keys_in_use(sources_or_all(sources), options)
        collected = collect_garbage(Store(options.store_dir), used, dry_run)
        if dry_run:
            for path in collected.paths:
                click.echo(f"would remove {path}")
        verb = "would free" if dry_run else "freed"
        click.echo(f"{len(collected.paths)} unused entries, {verb} {collected.bytes / 1e6:.1f} MB")

    @main.command()
    @SOURCES
    @OUT
    @click.option(
        "--cache-dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Also remove this cache folder (everything will be made again).",
    )
    @fail_cleanly
    def clean(sources: tuple[Path, ...], out_dir: Path, cache_dir: Path | None) -> None:
        """Remove the built outputs of the reports (the cache stays unless named)."""
        import shutil

        from pipeline.cache import remove_outputs

        for folder in remove_outputs([s.stem for s in sources_or_all(sources)], out_dir):
            click.echo(f"removed {folder}")
        if cache_dir is not None and cache_dir.is_dir():
            shutil.rmtree(cache_dir)
            click.echo(f"removed {cache_dir}")
