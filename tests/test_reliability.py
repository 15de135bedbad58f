"""A build you can kill, rerun and trust: real processes, real signals, real files."""

import re
import signal
from pathlib import Path

import pytest
from command_line import decodes, espeak_build, wait_for_line
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.build import build
from pipeline.config import BuildOptions
from pipeline.crashpoints import CRASH_AT, CRASH_LOG
from pipeline.errors import InputError
from pipeline.parsing import parse_markdown
from pipeline.plan import plan
from pipeline.slug import slugify


def _clips(cache: Path) -> set[str]:
    return {p.name for p in (cache / "store" / "clips").glob("*/*.wav")}


@pytest.mark.slow
def test_a_truncated_clip_is_detected_and_made_again(small_report, tmp_path):
    options = BuildOptions(tts="espeak", out_dir=tmp_path / "out", cache_dir=tmp_path / "c")
    build(small_report, options)
    clip = sorted((tmp_path / "c" / "store" / "clips").glob("*/*.wav"))[0]
    clip.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])
    report = build(small_report, options).report
    synthesized = sum(lang["clips_synthesized"] for lang in report.to_dict()["languages"].values())
    assert synthesized == 1
    for mp3 in (tmp_path / "out").rglob("*.mp3"):
        assert decodes(mp3)


@pytest.mark.slow
def test_plan_after_an_edit_lists_exactly_what_the_build_synthesizes(small_report, tmp_path):
    options = BuildOptions(tts="espeak", out_dir=tmp_path / "out", cache_dir=tmp_path / "c")
    build(small_report, options)
    assert not plan(small_report, options).has_work
    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("They discussed trade.", "They discussed travel."))
    planned = plan(small_report, options)
    assert planned.has_work
    before = _clips(tmp_path / "c")
    report = build(small_report, options).report
    made = _clips(tmp_path / "c") - before
    for work in planned.languages:
        listed = [t for s in work.sections for t in s.to_synthesize]
        assert report.languages[work.language].narration.clips_synthesized == len(listed)
    english = next(w for w in planned.languages if w.language == "en")
    assert [t for s in english.sections for t in s.to_synthesize] == ["They discussed travel."]
    assert len(made) == sum(w.to_synthesize for w in planned.languages)


@pytest.mark.slow
def test_a_killed_build_leaves_no_temp_files_after_the_next_run(small_report, tmp_path):
    out = tmp_path / "out" / "short"
    out.mkdir(parents=True)
    (out / ".short.en.mp3.abc123.part").write_bytes(b"half")
    build(
        small_report, BuildOptions(tts="espeak", out_dir=tmp_path / "out", cache_dir=tmp_path / "c")
    )
    assert not list(out.rglob("*.part"))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                ["# ", "## ", "### ", "- ", "1. ", "> ", "```", "\n", "\n\n", "*", "[", "](", ")"]
            ),
        ),
        max_size=30,
    )
)
def test_the_parser_never_crashes_and_always_gives_safe_sections(pieces):
    text = "".join(pieces)
    try:
        document = parse_markdown(text, "doc")
    except InputError:
        return
    assert document.sections
    slugs = [s.slug for s in document.sections]
    assert len(set(slugs)) == len(slugs)
    for section in document.sections:
        assert section.blocks and section.slug == slugify(section.slug)
        assert "/" not in section.slug and ".." not in section.slug


@pytest.mark.slow
def test_emoji_and_symbols_alone_are_not_sent_to_the_voice(tmp_path):
    source = tmp_path / "source" / "odd.md"
    source.parent.mkdir()
    source.write_text("# Odd 🎉\n\n🎉🎉 ★\n\nA real sentence.\n", encoding="utf-8")
    result = build(
        source, BuildOptions(tts="espeak", out_dir=tmp_path / "o", cache_dir=tmp_path / "c")
    )
    assert result.report.languages["en"].narration.clips == 2


def _long_report(tmp_path: Path) -> Path:
    source = tmp_path / "source" / "long.md"
    source.parent.mkdir()
    paragraphs = [f"Paragraph {n} says a different thing, number {n}." for n in range(400)]
    source.write_text("# Long\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return source


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_build_says_in_one_line_what_it_kept_and_exits_130(tmp_path, stop, started):
    source = _long_report(tmp_path)
    clips = tmp_path / "cache" / "store" / "clips"
    log = tmp_path / "reached.log"
    run = started(
        *espeak_build(source, tmp_path / "out", tmp_path / "cache", "--lang", "en"),
        cwd=tmp_path,
        env={CRASH_AT: "clip:5:note", CRASH_LOG: str(log)},
    )
    wait_for_line(log, run)  # the fifth clip is being written: narration is under way
    run.send_signal(stop)
    assert run.wait(timeout=120) == 130
    lines = run.stderr.read().splitlines()
    assert len(lines) == 1, lines
    found = re.fullmatch(
        r"interrupted: (\d+) clips finished this run are kept; rerun to resume", lines[0]
    )
    assert found, lines
    # Clips in flight are finished and kept, and the count says exactly what is there.
    kept = int(found.group(1))
    assert kept >= 5 and len(list(clips.glob("*/*.wav"))) == kept
    assert not (tmp_path / "out" / "long" / "long.en.mp3").exists()
