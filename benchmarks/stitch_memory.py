"""Peak memory of the stitch stage for a report and for one ten times longer: is it flat?

Run from the repository root (about a minute on two cores with espeak-ng installed):

    .venv/bin/python benchmarks/stitch_memory.py            # 1x and 10x source/convocation.md
    .venv/bin/python benchmarks/stitch_memory.py --times 20 --keep /tmp/bench

The long report repeats the sections of source/convocation.md under new headings, so its
narration costs little (the sentences are cached by content) while its book is ten times
longer. Both reports are narrated with espeak into a temporary cache; then the stitch stage
alone runs in a fresh child process per report (section WAVs, loudness, section MP3s, the
book, its tags). While it runs, its process tree (Python and the ffmpeg processes it starts)
is sampled from /proc every 20 ms: the peak of their summed RSS is the stage's footprint.
The child also reports its own peak RSS (``getrusage``); a baseline child that loads the
report and its scripts but stitches nothing shows what Python holds before any stitching.
(``RUSAGE_CHILDREN`` cannot measure ffmpeg here: a forked child inherits its parent's peak.)
Flat memory means a ratio near 1 (the target is ≤ 1.2×).
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source" / "convocation.md"


def _longer(text: str, times: int) -> str:
    """The report with its second-level sections repeated ``times`` times, renamed."""
    head, *sections = re.split(r"(?m)^(?=## )", text)
    parts = [head]
    for k in range(1, times + 1):
        for section in sections:
            title, _, body = section.partition("\n")
            parts.append(f"{title} (part {k})\n{body}")
    return "".join(parts)


def _options(work: Path, stages: frozenset[str], out: str):  # type: ignore[no-untyped-def]
    from pipeline.config import BuildOptions

    return BuildOptions(
        tts="espeak",
        languages=("en",),
        out_dir=work / out,
        cache_dir=work / "cache",
        stages=stages,
    )


def _child(source: Path, work: Path, stages: list[str], out: str) -> None:
    """Run one build stage in this process and print what it cost, as JSON."""
    from pipeline.build import build

    result = build(source, _options(work, frozenset(stages), out))
    language = result.report["languages"]["en"]
    print(
        json.dumps(
            {
                "python_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "stitch_seconds": result.report["stage_seconds"].get("stitch"),
                "book_seconds": language.get("duration_seconds"),
                "sections": language.get("sections"),
            }
        )
    )


def _rss_kb(pid: int) -> tuple[int, str] | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields.get("VmRSS", "0 kB").split()[0]), fields.get("Name", "").strip()


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        found.append(todo.pop())
        todo.extend(children.get(found[-1], []))
    return found


def _run_child(source: Path, work: Path, stages: list[str], out: str) -> dict:
    """Run a child build, sampling its process tree's RSS; return its figures."""
    command = [sys.executable, __file__, "--child", str(source), str(work), out, *stages]
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True, cwd=ROOT)
        tree_peak, ffmpeg_peak = 0, 0
        while child.poll() is None:
            sizes = [found for pid in _tree(child.pid) if (found := _rss_kb(pid))]
            tree_peak = max(tree_peak, sum(kb for kb, _ in sizes))
            ffmpeg_peak = max([ffmpeg_peak] + [kb for kb, name in sizes if name == "ffmpeg"])
            time.sleep(0.02)
        stdout.seek(0)
        stderr.seek(0)
        if child.returncode != 0:
            sys.exit(f"child build failed:\n{stderr.read().strip()}")
        figures = json.loads(stdout.read().strip().splitlines()[-1])
    figures.update(tree_kb=tree_peak, ffmpeg_kb=ffmpeg_peak)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=10, help="how much longer the long report")
    parser.add_argument("--keep", type=Path, help="work here and keep it (default: a temp dir)")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        source, work, out, *stages = args.child
        _child(Path(source), Path(work), stages, out)
        return

    with tempfile.TemporaryDirectory(prefix="stitch-bench-") as temp:
        work = args.keep or Path(temp)
        (work / "source").mkdir(parents=True, exist_ok=True)
        text = SOURCE.read_text(encoding="utf-8")
        reports = {
            "1x": (work / "source" / "short.md", text),
            f"{args.times}x": (work / "source" / "long.md", _longer(text, args.times)),
        }
        rows = {}
        for label, (source, body) in reports.items():
            source.write_text(body, encoding="utf-8")
            print(f"{label}: narrating with espeak …", file=sys.stderr, flush=True)
            _run_child(source, work, ["narrate"], "out-narrate")
            print(f"{label}: stitching …", file=sys.stderr, flush=True)
            baseline = _run_child(source, work, [], f"out-baseline-{label}")
            stitched = _run_child(source, work, ["stitch"], f"out-stitch-{label}")
            rows[label] = (baseline, stitched)

        print(
            f"{'report':>6} {'sections':>8} {'book':>9} {'stitch':>8} {'tree':>9} "
            f"{'python':>9} {'(base)':>9} {'ffmpeg':>9}"
        )
        for label, (baseline, stitched) in rows.items():
            print(
                f"{label:>6} {stitched['sections']:>8} {stitched['book_seconds']:>8.0f}s "
                f"{stitched['stitch_seconds']:>7.1f}s {stitched['tree_kb'] / 1024:>7.1f}MB "
                f"{stitched['python_kb'] / 1024:>7.1f}MB {baseline['python_kb'] / 1024:>7.1f}MB "
                f"{stitched['ffmpeg_kb'] / 1024:>7.1f}MB"
            )
        (_, short), (_, long) = rows.values()
        ratios = {k: long[f"{k}_kb"] / short[f"{k}_kb"] for k in ("tree", "python", "ffmpeg")}
        shown = ", ".join(f"{key} {ratio:.2f}" for key, ratio in ratios.items())
        print(f"peak RSS ratio {args.times}x/1x: {shown}")
        verdict = "flat" if ratios["tree"] <= 1.2 else "NOT flat"
        print(f"{verdict} (target ≤ 1.2x for the whole stage)")


if __name__ == "__main__":
    main()
