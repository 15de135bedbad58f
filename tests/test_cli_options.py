"""The options and commands the README promises, through the command line: each test would
fail if the behaviour broke, not only if the option vanished."""

from __future__ import annotations

import json
import re

import polib
import pytest
from command_line import decodes, espeak_build, pipeline

# After GAO-21-105014 (public domain), in Latin-1 as an old word processor saves it.
LATIN1_REPORT = "# Café Workers\n\nThe café sector employs 1.2 million workers.\n".encode("latin-1")


# -- --encoding ----------------------------------------------------------------------------


def test_encoding_reads_a_report_in_another_encoding(tmp_path):
    source = tmp_path / "cafe.md"
    source.write_bytes(LATIN1_REPORT)
    refused = pipeline("split", source, cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        f"error: {source}: not valid utf-8: byte 0xe9 at line 1 "
        "(use --encoding to read it as another encoding)"
    )
    done = pipeline("split", source, "--encoding", "latin-1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "The café sector employs 1.2 million workers." in done.stdout
    planned = pipeline(
        "plan", source, "--encoding", "latin-1", "--tts", "espeak", "--lang", "en",
        "--cache-dir", tmp_path / "c", cwd=tmp_path,
    )  # fmt: skip
    assert planned.returncode == 4, planned.stderr
    assert "synthesize: The café sector employs one point two million workers." in planned.stdout


# -- --config ------------------------------------------------------------------------------


def test_config_names_the_settings_file_and_flags_still_win(tmp_path, small_report):
    (tmp_path / "pipeline.toml").write_text('[voices]\nen = "en-gb"\n', encoding="utf-8")
    other = tmp_path / "other.toml"
    other.write_text('[engines]\ntts = "espeak"\n[voices]\nen = "en-029"\n', encoding="utf-8")
    common = ["plan", small_report, "--lang", "en", "--cache-dir", tmp_path / "c"]

    done = pipeline("--config", other, *common, cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    assert "en (espeak, en-029):" in done.stdout  # other.toml, not pipeline.toml
    done = pipeline("--config", other, *common, "--voice-en", "en-us", cwd=tmp_path)
    assert "en (espeak, en-us):" in done.stdout
    done = pipeline(*common, "--tts", "espeak", cwd=tmp_path)
    assert "en (espeak, en-gb):" in done.stdout  # pipeline.toml here when none is named

    other.write_text('[engines]\ntts = "espeak"\nspeed = 2\n', encoding="utf-8")
    bad = pipeline("--config", other, *common, cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip() == f"error: {other}:3: unknown setting engines.speed"


# -- split --json, voices ------------------------------------------------------------------


def test_split_json_gives_sections_blocks_lines_and_sentences(tmp_path, small_report):
    done = pipeline("split", small_report, "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    tree = json.loads(done.stdout)
    assert tree["title"] == "A Short Report on the U.S.-Mexico Border"
    assert [s["slug"] for s in tree["sections"]] == [
        "a-short-report-on-the-us-mexico-border",
        "findings",
        "about-us",
    ]
    first = tree["sections"][0]["blocks"][1]
    assert first["kind"] == "paragraph" and first["line"] == 3
    assert first["sentences"] == [
        "In January 2020, 6 former U.S. ambassadors met in Mexico.",
        "They discussed trade.",
    ]
    items = [b for b in tree["sections"][1]["blocks"] if b["kind"] == "list_item"]
    assert len(items) == 2 and items[0]["sentences"][1] == "Officials should restart the dialogue."


def test_voices_lists_each_engine_with_its_defaults(tmp_path):
    done = pipeline("voices", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    listing: dict[str, list[tuple[str, str, bool]]] = {}
    engine = ""
    for line in done.stdout.splitlines():
        if not line.startswith(" "):
            engine = line.rstrip(":")
            continue
        language, name, *_ = line.split()
        listing.setdefault(engine, []).append((language, name, line.endswith("(default)")))
    assert set(listing) == {"espeak", "gtts", "kokoro"}
    defaults = {e: {(lang, n) for lang, n, d in voices if d} for e, voices in listing.items()}
    assert defaults["kokoro"] == {("en", "af_heart"), ("es", "em_alex")}
    assert defaults["espeak"] == {("en", "en-us"), ("es", "es-419")}
    assert defaults["gtts"] == {("en", "com"), ("es", "com.mx")}
    assert ("es", "ef_dora", False) in listing["kokoro"]
    only = pipeline("voices", "--tts", "espeak", cwd=tmp_path)
    assert only.stdout.splitlines()[0] == "espeak:" and "kokoro" not in only.stdout
    unknown = pipeline("voices", "--tts", "nope", cwd=tmp_path)
    assert unknown.returncode == 2 and "unknown speech engine 'nope'" in unknown.stderr


# -- po stats / po update --------------------------------------------------------------------


@pytest.mark.slow
def test_po_update_adds_new_blocks_fuzzy_and_obsoletes_gone_ones_and_stats_counts(
    tmp_path, small_report
):
    memory = small_report.with_name("short.es.po")
    cache = ["--cache-dir", tmp_path / "c"]
    done = pipeline("po", "update", small_report, *cache, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{memory}: 8 added (fuzzy), 0 made obsolete"
    assert all("fuzzy" in e.flags for e in polib.pofile(str(memory)))

    stats = pipeline("po", "stats", small_report, cwd=tmp_path)
    assert stats.stdout.strip() == (
        f"{memory}: 8 entries, 0 reviewed, 8 fuzzy, 0 untranslated, 0 obsolete"
    )
    text = small_report.read_text(encoding="utf-8")
    small_report.write_text(text.replace("trade.", "travel."), encoding="utf-8")
    done = pipeline("po", "update", small_report, *cache, cwd=tmp_path)
    assert done.stdout.strip() == f"{memory}: 1 added (fuzzy), 1 made obsolete"
    stats = pipeline("po", "stats", small_report, cwd=tmp_path)
    assert stats.stdout.strip().endswith(
        "8 entries, 0 reviewed, 8 fuzzy, 0 untranslated, 1 obsolete"
    )
    unchanged = memory.read_bytes()
    assert pipeline("po", "update", small_report, *cache, cwd=tmp_path).returncode == 0
    assert memory.read_bytes() == unchanged  # nothing new: not rewritten


# -- builds: --no-review-marks, narrate and stitch -------------------------------------------


MARK = "*[traducción automática, pendiente de revisión]*"


@pytest.mark.slow
def test_no_review_marks_leaves_the_mark_out_of_the_edition_only(tmp_path, small_report):
    out, cache = tmp_path / "out", tmp_path / "cache"
    spanish_only = ("--lang", "es")
    done = pipeline(*espeak_build(small_report, out, cache, *spanish_only), cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    edition = out / "short" / "short.es.md"
    assert edition.read_text(encoding="utf-8").count(MARK) == 8
    done = pipeline(
        *espeak_build(small_report, out, cache, *spanish_only, "--no-review-marks"), cwd=tmp_path
    )
    assert done.returncode == 3  # still unreviewed: only the mark is left out
    text = edition.read_text(encoding="utf-8")
    assert MARK not in text and "embajadores" in text
    assert all("fuzzy" in e.flags for e in polib.pofile(str(small_report.with_name("short.es.po"))))


@pytest.mark.slow
def test_narrate_then_stitch_as_separate_commands_make_what_build_makes(tmp_path, small_report):
    out, cache = tmp_path / "out", tmp_path / "cache"
    english = ("--lang", "en")

    def run(command: str, *extra: str):  # type: ignore[no-untyped-def]
        args = espeak_build(small_report, out, cache, *english, *extra)
        args[args.index("build")] = command
        return pipeline(*args, cwd=tmp_path)

    early = run("stitch")
    assert early.returncode == 1
    assert re.fullmatch(
        r"error: \d+ en sentences are not narrated yet \(run `pipeline narrate` or "
        r"`pipeline build`\)",
        early.stderr.strip(),
    )
    narrated = run("narrate")
    assert narrated.returncode == 0, narrated.stderr
    clips = list((cache / "store" / "clips").rglob("*.wav"))
    assert clips and not list(out.rglob("*.mp3"))  # clips in the cache, no MP3 yet
    stitched = run("stitch")
    assert stitched.returncode == 0, stitched.stderr
    assert decodes(out / "short" / "short.en.mp3")
    assert len(list((out / "short" / "sections" / "en").glob("*.mp3"))) == 3
    assert sorted((cache / "store" / "clips").rglob("*.wav")) == sorted(clips)  # none made
    report = json.loads((out / "short" / "build-report.json").read_text(encoding="utf-8"))
    assert report["languages"]["en"]["clips_synthesized"] == 0


def test_a_report_with_a_sixty_word_sentence_ending_in_1_dot_dot_plans(tmp_path):
    # The reproduction, with the default engine (Kokoro takes 400 characters a
    # call, so this sentence is cut at its clauses). After GAO-22-104649 (public domain).
    source = tmp_path / "oversight.md"
    source.write_text(
        "# Oversight\n\nThe committee reviewed the budget requests of every agency for the "
        "coming fiscal year and found that the department had not explained how it would "
        "measure the results of its border programs, how it would report them to the public, "
        "how it would share them with the states, tribes and localities that depend on them, "
        "or how it would revise them when the evidence changed, as the statute requires in "
        "section 1..\n",
        encoding="utf-8",
    )
    done = pipeline("plan", source, "--lang", "en", "--cache-dir", tmp_path / "c", cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    said = [
        line.split("synthesize: ", 1)[1]
        for line in done.stdout.splitlines()
        if "synthesize: " in line
    ]
    assert len(said) >= 3 and all(len(piece) <= 400 for piece in said)
    assert said[-1].endswith("section one..")
    assert "".join("".join(said[1:]).split()).startswith("Thecommitteereviewed")
