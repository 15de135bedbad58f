"""split, translate, status and po: the text side, for authors and translators."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from pipeline.cli.common import (
    CACHE_DIR,
    ENCODING,
    NO_MEMORY,
    SOURCES,
    TRANSLATOR,
    build_options,
    engine_options,
    fail_cleanly,
    sources_or_all,
)
from pipeline.config import BuildOptions, memory_path
from pipeline.errors import ExitCode


def register(main: click.Group) -> None:
    @main.command()
    @click.argument("source", type=click.Path(path_type=Path))
    @ENCODING
    @click.option("--json", "as_json", is_flag=True, help="Print the structure as JSON.")
    @fail_cleanly
    def split(source: Path, encoding: str, as_json: bool) -> None:
        """Show how a report splits into sections, blocks and sentences."""
        from pipeline.outline import outline, render_outline
        from pipeline.parsing import load_document

        tree = outline(load_document(source, encoding))
        if as_json:
            click.echo(json.dumps(tree, indent=2, ensure_ascii=False))
        else:
            click.echo(render_outline(tree))

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
    @TRANSLATOR
    @NO_MEMORY
    @click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path),
        default=None,
        help="Write the translation here (default: standard output).",
    )
    @CACHE_DIR
    @ENCODING
    @fail_cleanly
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
        marker = editions.UNREVIEWED_MARKERS[target]
        text = editions.render_markdown(result.document, flagged, marker)
        for miss in result.glossary_misses:
            click.echo(f"glossary: {miss.term!r} should read {miss.expected!r}", err=True)
        if output is None:
            click.echo(text, nl=False)
        else:
            atomic.write_text(output, text)

    @main.command()
    @SOURCES
    @fail_cleanly
    def status(sources: tuple[Path, ...]) -> None:
        """List the Spanish blocks that still need a translator's review (exit 3 if any)."""
        from pipeline.parsing import load_document
        from pipeline.translate.memory import TranslationMemory
        from pipeline.translate.review import pending_review

        pending = 0
        for source in sources_or_all(sources):
            english = load_document(source)
            memory = TranslationMemory.load(memory_path(source, "es"), "es", english.name)
            stats = memory.stats()
            click.echo(
                f"{source}: {stats['reviewed']} reviewed, {stats['fuzzy']} to review, "
                f"{stats['untranslated']} untranslated, {stats['obsolete']} obsolete"
            )
            for item in pending_review(english, memory):
                note = f"  (left in English: {', '.join(item.unknown)})" if item.unknown else ""
                click.echo(f"  [{item.state}] {item.section}: {item.text[:70]}{note}")
                pending += 1
        sys.exit(ExitCode.UNREVIEWED if pending else ExitCode.OK)

    @main.command()
    @click.argument("source", type=click.Path(path_type=Path))
    @TRANSLATOR
    @click.option("--csv", "as_csv", is_flag=True, help="Print rows for the glossary CSV instead.")
    @ENCODING
    @fail_cleanly
    def terms(source: Path, translator: str, as_csv: bool, encoding: str) -> None:
        """List names, acronyms and repeated phrases the glossary lacks, as the engine renders
        them, so a translator settles them in one pass."""
        from pipeline.config import glossary_path
        from pipeline.parsing import load_document
        from pipeline.translate import make_translator
        from pipeline.translate.glossary import report_glossary
        from pipeline.translate.terms import (
            candidate_terms,
            render_terms,
            terms_csv,
            with_renderings,
        )

        glossary = report_glossary(glossary_path(source, "es"))
        found = candidate_terms(load_document(source, encoding), glossary)
        found = with_renderings(found, make_translator(translator, glossary=glossary))
        if as_csv:
            click.echo(terms_csv(found), nl=False)
            return
        click.echo(f"{source}: {len(found)} candidate terms not in {glossary_path(source, 'es')}")
        if found:
            click.echo(render_terms(found, translator))

    @main.group()
    def po() -> None:
        """Work on the translation memories (source/<doc>.es.po) without building audio."""

    @po.command("stats")
    @SOURCES
    @fail_cleanly
    def po_stats(sources: tuple[Path, ...]) -> None:
        """Count entries: reviewed, fuzzy, untranslated and obsolete."""
        from pipeline.translate.memory import TranslationMemory

        for source in sources_or_all(sources):
            path = memory_path(source, "es")
            stats = TranslationMemory.load(path, "es", source.stem).stats()
            click.echo(f"{path}: " + ", ".join(f"{n} {name}" for name, n in stats.items()))

    @po.command("update")
    @SOURCES
    @engine_options
    @fail_cleanly
    def po_update(sources: tuple[Path, ...], **kwargs: Any) -> None:
        """Bring the memory up to date with the English (and the credits a build would say):
        new blocks in (fuzzy), gone ones obsolete."""
        from pipeline.parsing import load_document
        from pipeline.prepare import credits_source, translate_for_build
        from pipeline.store import Store

        options = build_options(**kwargs)
        for source in sources_or_all(sources):
            english = load_document(source, options.encoding)
            credits = credits_source(english, options.for_report(english.metadata))
            store = Store(options.store_dir)
            _, memory = translate_for_build(english, source, options, store, credits=credits)
            assert memory is not None
            click.echo(
                f"{memory.path}: {len(memory.changes.added)} added (fuzzy), "
                f"{len(memory.changes.obsoleted)} made obsolete"
            )
