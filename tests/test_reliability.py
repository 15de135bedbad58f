"""A build you can kill, rerun and trust: real processes, real signals, real files."""

import hashlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.build import build
from pipeline.config import BuildOptions
from pipeline.errors import InputError
from pipeline.parsing import parse_markdown
from pipeline.plan import plan
from pipeline.slug import slugify

ROOT = Path(__file__).resolve().parents[1]


def _start(source: Path, out: Path, cache: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline",
            "-q",
            "build",
            str(source),
            "--tts",
            "espeak",
            "--out",
            str(out),
            "--cache-dir",
            str(cache),
            *extra,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _decodes(path: Path) -> bool:
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0 and not done.stderr.strip()


def _pcm_digest(path: Path) -> str:
    pcm = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-f", "s16le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return hashlib.sha256(pcm).hexdigest()


def _clips(cache: Path) -> dict[str, tuple[int, int]]:
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in (cache / "store" / "clips").glob("*/*.wav")
    }


def test_a_build_killed_at_several_points_resumes_to_the_same_result(small_report, tmp_path):
    reference = _start(small_report, tmp_path / "ref-out", tmp_path / "ref-cache")
    assert reference.wait(timeout=300) == 3, reference.stderr.read()

    out, cache = tmp_path / "out", tmp_path / "cache"
    finished_before: dict[str, tuple[int, int]] = {}
    for delay in (0.6, 1.5, 2.5, 4.0):
        run = _start(small_report, out, cache)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        now = _clips(cache)
        # A clip finished before an earlier kill was never made again.
        for name, stamp in finished_before.items():
            assert now[name] == stamp
        finished_before = now
        # Nothing half-written is in place: every published MP3 decodes.
        for mp3 in out.rglob("*.mp3"):
            assert _decodes(mp3), mp3
    final = _start(small_report, out, cache)
    assert final.wait(timeout=300) == 3, final.stderr.read()
    for name, stamp in finished_before.items():
        assert _clips(cache)[name] == stamp

    ref = tmp_path / "ref-out" / "short"
    got = out / "short"
    published = sorted(p.relative_to(ref) for p in ref.rglob("*") if p.suffix in (".mp3", ".md"))
    assert published == sorted(
        p.relative_to(got) for p in got.rglob("*") if p.suffix in (".mp3", ".md")
    )
    for relative in published:
        if relative.suffix == ".md":
            assert (got / relative).read_bytes() == (ref / relative).read_bytes()
        else:
            assert _decodes(got / relative)
            assert _pcm_digest(got / relative) == _pcm_digest(ref / relative), relative
    assert not list(got.rglob("*.part"))
    report = json.loads((got / "build-report.json").read_text(encoding="utf-8"))
    total = report["languages"]["en"]["clips"]
    assert report["languages"]["en"]["clips_synthesized"] < total


def test_a_second_build_of_the_same_output_waits_or_says_why(small_report, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = _start(small_report, out, cache)
    lock = out / "short" / ".lock"
    deadline = time.monotonic() + 30
    while not (lock.exists() and lock.read_text()):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    second = _start(small_report, out, cache)
    assert second.wait(timeout=60) == 1
    message = second.stderr.read().strip()
    assert message.startswith("error: ") and "another build is running (pid " in message
    assert first.wait(timeout=300) == 3
    waiting = _start(small_report, out, cache, "--wait-lock", "120")
    assert waiting.wait(timeout=300) == 3
    for mp3 in out.rglob("*.mp3"):
        assert _decodes(mp3)


def test_a_truncated_clip_is_detected_and_made_again(small_report, tmp_path):
    options = BuildOptions(tts="espeak", out_dir=tmp_path / "out", cache_dir=tmp_path / "c")
    build(small_report, options)
    clip = sorted((tmp_path / "c" / "store" / "clips").glob("*/*.wav"))[0]
    clip.write_bytes(clip.read_bytes()[: clip.stat().st_size // 2])
    report = build(small_report, options).report
    synthesized = sum(lang["clips_synthesized"] for lang in report.to_dict()["languages"].values())
    assert synthesized == 1
    for mp3 in (tmp_path / "out").rglob("*.mp3"):
        assert _decodes(mp3)


def test_plan_after_an_edit_lists_exactly_what_the_build_synthesizes(small_report, tmp_path):
    options = BuildOptions(tts="espeak", out_dir=tmp_path / "out", cache_dir=tmp_path / "c")
    build(small_report, options)
    assert not plan(small_report, options).has_work
    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("They discussed trade.", "They discussed travel."))
    planned = plan(small_report, options)
    assert planned.has_work
    before = set(_clips(tmp_path / "c"))
    report = build(small_report, options).report
    made = set(_clips(tmp_path / "c")) - before
    for work in planned.languages:
        listed = [t for s in work.sections for t in s.to_synthesize]
        assert report.languages[work.language].narration.clips_synthesized == len(listed)
    english = next(w for w in planned.languages if w.language == "en")
    assert [t for s in english.sections for t in s.to_synthesize] == ["They discussed travel."]
    assert len(made) == sum(w.to_synthesize for w in planned.languages)


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


def test_emoji_and_symbols_alone_are_not_sent_to_the_voice(tmp_path):
    source = tmp_path / "source" / "odd.md"
    source.parent.mkdir()
    source.write_text("# Odd 🎉\n\n🎉🎉 ★\n\nA real sentence.\n", encoding="utf-8")
    result = build(
        source, BuildOptions(tts="espeak", out_dir=tmp_path / "o", cache_dir=tmp_path / "c")
    )
    assert result.report.languages["en"].narration.clips == 2


def test_ctrl_c_stops_with_one_line_saying_what_was_kept(tmp_path):
    source = tmp_path / "source" / "long.md"
    source.parent.mkdir()
    paragraphs = [f"Paragraph {n} says a different thing, number {n}." for n in range(400)]
    source.write_text("# Long\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    run = _start(source, tmp_path / "out", tmp_path / "cache", "--lang", "en")
    clips = tmp_path / "cache" / "store" / "clips"
    deadline = time.monotonic() + 60
    while len(list(clips.glob("*/*.wav"))) < 5:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    run.send_signal(signal.SIGINT)
    assert run.wait(timeout=60) == 130
    lines = run.stderr.read().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("interrupted: "), lines
    kept = int(lines[0].split()[1])
    assert kept >= 5 and len(list(clips.glob("*/*.wav"))) == kept
    assert not (tmp_path / "out" / "long" / "long.en.mp3").exists()
