"""The build's progress on stderr: one line redrawn in place, each report's summary."""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pipeline.build.catalogue import CatalogueResult, CatalogueStatus, DocumentOutcome


class CatalogueDisplay:
    """Progress on stderr: one line for the whole build (reports done, clips done of total,
    time left), and a line per report as each finishes (its summary, for a single report)."""

    def __init__(self, quiet: bool, documents: int) -> None:
        self.quiet = quiet
        self.single = documents == 1
        # On a terminal the line is redrawn in place; in a log, a line each tenth done.
        self.terminal = sys.stderr.isatty()
        self._shown = 0  # length of the progress line on screen
        self._tenth = -1  # the last tenth written to a log
        self._ended = False  # a single report's summary is out: no progress after it
        self._handlers = list(logging.getLogger().handlers)
        for handler in self._handlers:  # a warning starts on a line of its own
            handler.addFilter(self._before_log)

    def _before_log(self, record: logging.LogRecord) -> bool:
        self._clear()
        return True

    def update(self, status: CatalogueStatus) -> None:
        if self.quiet or self._ended or not status.clips:
            return
        eta = status.eta_seconds
        left = f"ETA {eta:4.0f} s" if eta is not None else "ETA    ? s"
        done = f"{status.clips_done}/{status.clips} clips"
        if self.single:
            filled = int(24 * status.clips_done / status.clips)
            line = f"narrating [{'#' * filled}{'-' * (24 - filled)}] {done}, {left}"
        else:
            line = f"reports {status.documents_done}/{status.documents}, {done}, {left}"
        if not self.terminal:
            tenth = 10 * status.clips_done // status.clips
            if tenth != self._tenth:
                self._tenth = tenth
                click.echo(line, err=True)
            return
        click.echo("\r" + line.ljust(self._shown), nl=False, err=True)
        self._shown = len(line)

    def close(self) -> None:
        """End the progress line."""
        self._clear()
        for handler in self._handlers:
            handler.removeFilter(self._before_log)

    def _clear(self) -> None:
        if self._shown:
            click.echo("\r" + " " * self._shown + "\r", nl=False, err=True)
            self._shown = 0

    def finished(self, outcome: DocumentOutcome) -> None:
        if outcome.error is not None and not self.single:
            self._clear()
            message = str(outcome.error)
            named = message if str(outcome.source) in message else f"{outcome.source}: {message}"
            click.echo(f"error: {named}", err=True)
        if self.quiet or outcome.result is None:
            return
        self._clear()
        self._ended = self.single
        report, out = outcome.result.report, outcome.result.out_dir
        click.echo(report.render(out) if self.single else report.one_line(out))

    @staticmethod
    def summary(built: CatalogueResult) -> str:
        failed = len(built.failed)
        return (
            f"{len(built.outcomes) - failed} of {len(built.outcomes)} reports built"
            f"{f', {failed} failed' if failed else ''} in {built.seconds:.0f} s "
            f"({built.executor}); {built.clips_synthesized} clips synthesized, "
            f"{built.dedup_saved} more shared by reports and made once"
        )
