"""Which formats run side by side: each after the formats it requires or follows."""

from __future__ import annotations

from pipeline.publish.format import resolve
from pipeline.publish.runner import waves


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
