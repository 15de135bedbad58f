"""Which formats run side by side: each after the formats it requires or follows."""

from __future__ import annotations

import threading
from pathlib import Path

from pipeline.publish.format import Artifact, resolve
from pipeline.publish.runner import _write_all, waves
from pipeline.publish.state import OutputState


def _names(formats: list) -> list[list[str]]:
    return [sorted(f.name for f in wave) for wave in waves(formats)]


def test_formats_that_read_no_other_run_side_by_side_after_the_mp3s():
    formats = resolve(frozenset({"web", "epub", "sample", "feed", "m4b"}), "audio")
    assert _names(formats) == [
        ["mp3"],
        ["epub", "m4b", "sample", "transcripts"],
        ["feed", "web"],  # feed and web read the transcripts; web offers the M4B
    ]


def test_a_format_followed_only_when_asked_for_is_not_made_for_its_follower():
    formats = resolve(frozenset({"web"}), "audio")
    assert "m4b" not in {f.name for f in formats}
    assert _names(formats) == [["mp3"], ["transcripts"], ["web"]]


def test_the_text_stage_is_one_wave():
    assert _names(resolve(frozenset({"web"}), "text")) == [["editions"]]


def test_a_batch_of_parallel_files_starts_once_the_batch_before_it_is_written(tmp_path):
    # Books join their sections' files: the books' batch must not start beside them.
    events: list[str] = []
    lock = threading.Lock()
    # Each file waits for the other of its batch: only files written side by side get past.
    together = {"": threading.Barrier(2, timeout=30), "books": threading.Barrier(2, timeout=30)}

    def writer(name: str, batch: str):
        def write(temp: Path) -> None:
            with lock:
                events.append(f"start {name}")
            together[batch].wait()
            temp.write_text(name, encoding="utf-8")
            with lock:
                events.append(f"end {name}")

        return write

    artifacts = [
        Artifact(tmp_path / f"{name}.txt", name, writer(name, batch), parallel=True, batch=batch)
        for name, batch in (("s1", ""), ("s2", ""), ("b1", "books"), ("b2", "books"))
    ]
    ready: list[str] = []
    _write_all(artifacts, OutputState(tmp_path), lambda a: ready.append(a.key))
    sections_done = max(events.index("end s1"), events.index("end s2"))
    books_started = min(events.index("start b1"), events.index("start b2"))
    assert sections_done < books_started
    assert ready == ["s1", "s2", "b1", "b2"]
    assert (tmp_path / "b2.txt").read_text(encoding="utf-8") == "b2"
