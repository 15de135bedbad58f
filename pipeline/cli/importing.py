"""import: a report as it arrives (web page, Word, PDF, plain text) → source Markdown."""

from __future__ import annotations

import json
from pathlib import Path

import click

from pipeline.cli.common import fail_cleanly


def register(main: click.Group) -> None:
    @main.command("import")
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option(
        "--name", "name", help="Document name: writes source/<name>.md (default: from FILE)."
    )
    @click.option(
        "--force", is_flag=True, help="Replace an existing source/<name>.md (never its .es.po)."
    )
    @click.option(
        "--source-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("source"),
        show_default=True,
        help="Folder of the source documents.",
    )
    @click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
    @fail_cleanly
    def import_command(
        file: Path, name: str | None, force: bool, source_dir: Path, as_json: bool
    ) -> None:
        """Turn a web page, Word file, PDF or text FILE into source Markdown, and say what was
        kept and what was dropped."""
        from pipeline.importing import import_file

        report = import_file(file, name=name, source_dir=source_dir, force=force)
        if as_json:
            click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        else:
            click.echo(report.render())
