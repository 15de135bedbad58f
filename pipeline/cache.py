"""Looking after the store: what it holds, and removing what no current source uses."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import SOURCE_LANGUAGE, BuildOptions
from pipeline.parsing import load_document
from pipeline.prepare import glossary_for, prepare
from pipeline.speech.script import script_key
from pipeline.store import Store
from pipeline.translate import make_translator
from pipeline.translate.stage import machine_key
from pipeline.verify import transcript_key

# Measurements of published files ("audio-checks", "audio-parts", "epub-checks",
# "epub-structures") are small (a section's parts, tens of KB beside its clips' megabytes)
# and not collected. A sample's encoded sound ("samples") is keyed by the stitched audio it is
# cut from, which only a build knows: gc removes every one, and the next build encodes each
# report's samples once more (seconds). So does it every section MP3 encoded while its level
# was metered ("encodes"): publishing takes each from the store, so one left there is for a
# level the book was not published at.
KINDS = ("clips", "sections", "translations", "transcripts", "samples", "encodes")


@dataclass(frozen=True)
class KindStats:
    kind: str
    entries: int
    bytes: int


def stats(store: Store) -> list[KindStats]:
    found = []
    for kind in KINDS:
        files = [p for p in (store.root / kind).glob("*/*") if p.is_file()]
        found.append(KindStats(kind, len(files), sum(p.stat().st_size for p in files)))
    return found


def keys_in_use(sources: list[Path], options: BuildOptions) -> set[str]:
    """Every store key a build of ``sources`` with ``options`` would read."""
    store = Store(options.store_dir)
    used: set[str] = set()
    for source in sources:
        english = load_document(source, options.encoding, SOURCE_LANGUAGE)
        own = options.for_report(english.metadata)
        prepared = prepare(english, source, own, store, dry_run=True)
        glossary = glossary_for(source, own)
        translator = make_translator(options.translator, glossary=glossary)
        used |= {machine_key(b.text, translator, glossary, "en-es") for b in english.blocks}
        for language in prepared.languages:
            used |= {u.key for u in [*language.utterances(), *language.ahead]}
            used |= {transcript_key(u.key, language.language) for u in language.utterances()}
            credits = [h.script for h in (language.opening, language.closing) if h]
            used |= {script_key(script) for script in [*language.scripts, *credits]}
    return used


def garbage(store: Store, used: set[str]) -> list[Path]:
    """Store entries whose key is not in ``used``."""
    return sorted(
        path
        for kind in KINDS
        for path in (store.root / kind).glob("*/*")
        if path.is_file() and path.name.split(".")[0] not in used
    )


@dataclass(frozen=True)
class Collected:
    paths: list[Path]
    bytes: int


def collect_garbage(store: Store, used: set[str], dry_run: bool = False) -> Collected:
    """Remove (or with ``dry_run`` only list) the entries no current source uses."""
    unused = garbage(store, used)
    size = sum(path.stat().st_size for path in unused)
    if not dry_run:
        for path in unused:
            path.unlink(missing_ok=True)
    return Collected(unused, size)


def remove_outputs(names: list[str], out_dir: Path) -> list[Path]:
    """Remove ``out_dir/<name>/`` for each report name; return the folders removed."""
    removed = []
    for name in names:
        folder = out_dir / name
        if folder.is_dir():
            shutil.rmtree(folder)
            removed.append(folder)
    return removed
