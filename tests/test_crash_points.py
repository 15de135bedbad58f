"""A build killed, or out of disk, at an exact point resumes to what an uninterrupted build
makes. The points (``pipeline.crashpoints``): a clip written but not yet in the store, an
MP3 encoded but not yet renamed, a published book tagged but not yet renamed, the
translation memory written but not yet renamed. Each is proven reached.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from command_line import decodes, espeak_build, memory_entries, pipeline, published
from sample_reports import SMALL_REPORT

from pipeline.crashpoints import CRASH_AT, CRASH_LOG, parse

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

# The Spanish side has every point: clips, encodes, the book, the memory.
LANGUAGE = ("--lang", "es")
EDIT = ("They discussed trade.", "They discussed travel and trade.")


@dataclass(frozen=True)
class Run:
    """A report's folder: its source (and memory beside it), outputs and cache."""

    root: Path

    @property
    def source(self) -> Path:
        return self.root / "source" / "short.md"

    @property
    def memory(self) -> Path:
        return self.root / "source" / "short.es.po"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def book(self) -> Path:
        return self.out / "short" / "short.es.mp3"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def log(self) -> Path:
        return self.root / "reached.log"

    def build(self, crash_at: str | None = None):  # type: ignore[no-untyped-def]
        env = {CRASH_AT: crash_at, CRASH_LOG: str(self.log)} if crash_at else {}
        args = espeak_build(self.source, self.out, self.cache, *LANGUAGE)
        return pipeline(*args, cwd=self.root, env=env)

    def reached(self) -> list[tuple[str, int]]:
        if not self.log.exists():
            return []
        lines = self.log.read_text(encoding="utf-8").splitlines()
        return [(line.split()[0], int(line.split()[1])) for line in lines]

    def clips(self) -> dict[str, tuple[int, int]]:
        return {
            p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (self.cache / "store" / "clips").glob("*/*.wav")
        }

    def edit(self) -> None:
        text = self.source.read_text(encoding="utf-8")
        self.source.write_text(text.replace(*EDIT), encoding="utf-8")


def _fresh(root: Path) -> Run:
    run = Run(root)
    run.source.parent.mkdir(parents=True)
    run.source.write_text(SMALL_REPORT, encoding="utf-8")
    return run


def _copy(reference: Run, root: Path) -> Run:
    shutil.copytree(reference.root, root, ignore=shutil.ignore_patterns("reached.log*"))
    return Run(root)


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The report built once, uninterrupted."""
    run = _fresh(tmp_path_factory.mktemp("first"))
    assert run.build().returncode == 3  # built; the Spanish awaits review
    return run


@pytest.fixture(scope="module")
def edited(first: Run, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The built report, then one sentence edited and built again, uninterrupted."""
    run = _copy(first, tmp_path_factory.mktemp("edited") / "r")
    run.edit()
    assert run.build().returncode == 3
    return run


def _same_result(run: Run, reference: Run) -> None:
    assert published(run.out) == published(reference.out)
    assert memory_entries(run.memory) == memory_entries(reference.memory)
    assert not list(run.out.rglob("*.part"))


# -- killed ---------------------------------------------------------------------------------


def test_killed_after_clips_it_keeps_them_and_resumes(first, tmp_path):
    run = _fresh(tmp_path / "r")
    killed = run.build("clip:3")
    assert killed.returncode == -9 and run.reached() == [("clip", 3)]
    kept = run.clips()
    assert 1 <= len(kept) <= 2  # the third was not in the store yet (two voices at a time)
    assert run.build().returncode == 3
    now = run.clips()
    assert all(now[name] == stamp for name, stamp in kept.items())  # never made again
    _same_result(run, first)


def test_killed_mid_encode_it_leaves_no_half_file_in_place_and_resumes(first, tmp_path):
    run = _fresh(tmp_path / "r")
    killed = run.build("encode:2")
    assert killed.returncode == -9 and run.reached() == [("encode", 2)]
    # The encode it stopped was mid-way (a section is encoded in the store while its level
    # is metered, and taken from there when published)...
    assert list(run.out.rglob(".*.part")) + list(run.cache.rglob(".*.part"))
    assert all(decodes(mp3) for mp3 in run.out.rglob("*.mp3"))  # ...and not in place
    assert not run.book.exists()
    assert run.build().returncode == 3
    _same_result(run, first)


def test_killed_between_tagging_and_renaming_the_book_it_keeps_the_old_book(
    first, edited, tmp_path
):
    run = _copy(first, tmp_path / "r")
    run.edit()
    killed = run.build("publish@short.es.mp3")
    assert killed.returncode == -9 and run.reached() == [("publish", 1)]
    assert run.book.read_bytes() == first.book.read_bytes()  # the old book, whole
    assert run.build().returncode == 3
    _same_result(run, edited)


def test_killed_mid_memory_write_it_keeps_the_old_memory(first, edited, tmp_path):
    run = _copy(first, tmp_path / "r")
    run.edit()
    before = run.memory.read_bytes()
    killed = run.build("memory")
    assert killed.returncode == -9 and run.reached() == [("memory", 1)]
    assert run.memory.read_bytes() == before
    assert run.build().returncode == 3
    _same_result(run, edited)


# -- out of disk ----------------------------------------------------------------------------

# (point, whether it starts from the edited report, the file the one line names)
FULL_DISK = [
    ("clip:3", False, lambda run: re.escape(str(run.cache)) + r"/store/clips/\w\w/\w{64}\.wav"),
    # A section is encoded in the store while its level is metered (``audio.encodes``).
    ("encode:2", False, lambda run: re.escape(str(run.cache)) + r"/store/encodes/\w\w/\w{64}\.mp3"),
    ("publish@short.es.mp3", True, lambda run: re.escape(str(run.book))),
    ("memory", True, lambda run: re.escape(str(run.memory))),
]


@pytest.mark.parametrize(("point", "from_edit", "named"), FULL_DISK, ids=[p[0] for p in FULL_DISK])
def test_a_full_disk_is_one_line_keeps_sources_and_memory_and_a_rerun_resumes(
    first, edited, tmp_path, point, from_edit, named
):
    if from_edit:
        run = _copy(first, tmp_path / "r")
        run.edit()
    else:
        run = _fresh(tmp_path / "r")
    source = run.source.read_bytes()
    memory = run.memory.read_bytes() if run.memory.exists() else None
    reference = edited if from_edit else first

    full = run.build(f"{point}:enospc")
    assert full.returncode == 1
    asked = parse(point)
    assert run.reached() == [(asked.name, asked.count)]
    [line] = full.stderr.splitlines()
    assert re.fullmatch(rf"error: {named(run)}: no space left on the device", line), line
    assert run.source.read_bytes() == source
    if point == "memory":
        assert run.memory.read_bytes() == memory  # not a byte of it changed
    else:  # written whole before the disk filled up
        assert memory_entries(run.memory) == memory_entries(reference.memory)
    if from_edit:
        assert run.book.read_bytes() == first.book.read_bytes()
    assert all(decodes(mp3) for mp3 in run.out.rglob("*.mp3"))

    assert run.build().returncode == 3
    _same_result(run, reference)
