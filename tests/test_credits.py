"""Books a distributor accepts: credits, a retail sample, disclosure, Content Credentials."""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest
from command_line import espeak_build, pipeline
from mutagen.id3 import ID3
from provenance.credentials_fixture import write_pki
from reviewing import review_every_block

from pipeline.audio import compliance, composition
from pipeline.audio.ffmpeg import probe_duration
from pipeline.audio.tags import ffprobe_chapters, read_chapters
from pipeline.build import build
from pipeline.cache import keys_in_use
from pipeline.config import SOURCE_LANGUAGE, BuildOptions
from pipeline.credits import WORDING, CreditsSettings
from pipeline.formats import sample as sample_format
from pipeline.formats.sample import FADE_S, Cut, sample_cut, section_span
from pipeline.parsing import load_document
from pipeline.prepare import prepare
from pipeline.provenance.credentials import read_credentials
from pipeline.provenance.tagging import read_id3_disclosure
from pipeline.store import Store

# Every test here builds a report (espeak, every format): slow.
pytestmark = pytest.mark.slow

# After a Government Accountability Office summary (U.S. government work, public domain).
REPORT = """# Water Infrastructure: Funding for Rural Systems

## What GAO Found

Rural water systems serve about 40 million people. Many of them are decades old and need
repair. Federal programs offered loans and grants to help.

## Why GAO Did This Study

Congress asked GAO to review the programs. GAO analyzed agency data and interviewed officials.
"""


def _water_report(root: Path, **settings: object) -> tuple[Path, BuildOptions]:
    """The report written under ``root``, and espeak options with credits that build it
    there (``settings`` added)."""
    source = root / "source" / "water.md"
    source.parent.mkdir()
    source.write_text(REPORT, encoding="utf-8")
    options = BuildOptions(
        tts="espeak",
        out_dir=root / "output",
        cache_dir=root / "cache",
        credits=CreditsSettings(enabled=True),
        **settings,  # type: ignore[arg-type]
    )
    return source, options


@pytest.fixture(scope="module")
def credited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildOptions]:
    root = tmp_path_factory.mktemp("credits")
    source, options = _water_report(
        root,
        author="the Government Accountability Office",
        publisher="GAO",
        year="2024",
        formats=frozenset({"sample", "m4b"}),
        sample_seconds=(10.0, 20.0),
    )
    build(source, options)
    return source, options


def _cues(vtt: Path) -> list[str]:
    blocks = vtt.read_text(encoding="utf-8").split("\n\n")
    return [b.splitlines()[-1] for b in blocks if "-->" in b and not b.startswith("chapter")]


def test_the_books_open_and_close_with_credits_that_disclose_the_voice(credited):
    _, options = credited
    out = options.out_dir / "water"
    titles = {
        "en": ("Opening credits", "Closing credits"),
        "es": ("Créditos iniciales", "Créditos finales"),
    }
    for language, (first, last) in titles.items():
        chapters = ffprobe_chapters(str(out / f"water.{language}.mp3"))
        assert [chapters[0]["title"], chapters[-1]["title"]] == [first, last]
        assert len(chapters) == 5  # the credits, the title and the report's two sections
        sections = sorted((out / "sections" / language).glob("*.mp3"))
        assert len(sections) == 5 and "credit" in sections[0].name
    english = _cues(out / "water.en.vtt")
    assert english[0] == "Water Infrastructure: Funding for Rural Systems."
    assert english[1] == "Written by the Government Accountability Office."
    assert "synthetic voice" in english[3] and "Espeak" in english[3]
    assert english[-2:] == [
        "You have been listening to Water Infrastructure: Funding for Rural Systems, by the "
        "Government Accountability Office.",
        "The end.",
    ]
    spanish = _cues(out / "water.es.vtt")
    assert any("voz sintética" in cue for cue in spanish[:6])
    # No memory beside this report: its Spanish is machine translation, and the credits say so.
    assert any("traducción automática pendiente de revisión" in cue for cue in spanish[:6])
    assert spanish[-1] == "Fin del audiolibro."
    # The credits are heard, not read: the editions hold the report alone.
    edition = (out / "water.en.md").read_text(encoding="utf-8")
    assert "synthetic voice" not in edition and "Written by" not in edition


def test_every_published_audio_file_discloses_the_synthetic_voice(credited):
    _, options = credited
    out = options.out_dir / "water"
    files = [*out.glob("*.mp3"), *(out / "sections").rglob("*.mp3")]
    assert len(files) >= 12
    for path in files:
        record = read_id3_disclosure(path)
        assert record is not None, path
        assert record["digital_source_type"].endswith("trainedAlgorithmicMedia")
        assert record["synthetic_voice"]["engine"] == "espeak"
    spanish = read_id3_disclosure(out / "water.es.mp3")
    assert spanish["translation"]["state"] == "machine translation, pending review"
    comment = str(ID3(out / "water.es.mp3").getall("COMM")[0].text[0])
    assert "voz sintética" in comment


def test_the_sample_starts_after_the_opening_credits_and_ends_at_a_sentence(credited):
    _, options = credited
    out = options.out_dir / "water"
    report = json.loads((out / "audio-report.json").read_text(encoding="utf-8"))
    for language in ("en", "es"):
        sample = out / f"water.{language}.sample.mp3"
        seconds = probe_duration(sample)
        assert 10.0 <= seconds <= 20.0 + FADE_S + 0.2, seconds
        checked = [f for f in report["files"] if f["file"] == str(sample)]
        assert checked and checked[0]["passed"], checked
        opening = read_chapters(str(out / f"water.{language}.mp3"))[0]
        assert opening.end_ms > 3000  # the credits are not in the sample


def test_a_sample_is_cut_at_the_last_sentence_end_that_fits():
    ends = [5.0, 61.0, 70.0, 190.0, 250.0, 301.0]
    cut = sample_cut(ends, 3.0, 60.0, 240.0)
    assert cut.start == 3.0 and cut.end == pytest.approx(190.0 + FADE_S)
    assert sample_cut([20.0, 30.0], 0.0, 60.0, 240.0).end == pytest.approx(30.0 + FADE_S)
    assert sample_cut([400.0], 0.0, 60.0, 240.0).end == pytest.approx(400.0 + FADE_S)


def test_a_sample_plays_whole_sections_from_its_start_and_stops_mid_pause_in_the_last():
    files = [Path(f"{n:02d}.mp3") for n in range(1, 5)]
    starts = [0.0, 5.0, 65.0, 130.0]  # where each section file starts in the book
    span = section_span(starts, files, Cut(5.0, 100.0 + FADE_S))
    assert span is not None and span.files == files[1:3]
    assert span.stop == pytest.approx(100.0 + FADE_S / 2 - 65.0)
    shorter = section_span(starts, files, Cut(5.0, 30.0))
    assert shorter is not None and shorter.files == [files[1]]
    assert section_span(starts, files, Cut(6.0, 50.0)) is None  # not where a section starts


# After a Congressional Budget Office summary (U.S. government work, public domain): the
# first section outlasts a 10-20 s sample, so the last one lies after it.
BUDGET = """# The Budget and Economic Outlook

## Deficits

The federal budget deficit is projected to grow over the coming decade. Spending on Social
Security and Medicare rises as the population ages. Interest costs climb as debt accumulates.
Revenues grow with the economy but more slowly than outlays. By the end of the period, debt
held by the public reaches its highest level in the nation's history.

## Economic Growth

Real output grows at a moderate pace. Inflation returns to the central bank's goal.
"""


def _sound(path: Path) -> bytes:
    """The file's MP3 frames, without its ID3 tag."""
    return path.read_bytes()[ID3(path).size :]


def test_an_edit_after_the_sample_retags_it_and_encodes_nothing_again(tmp_path):
    source = tmp_path / "source" / "budget.md"
    source.parent.mkdir()
    source.write_text(BUDGET, encoding="utf-8")
    options = BuildOptions(
        tts="espeak",
        out_dir=tmp_path / "output",
        cache_dir=tmp_path / "cache",
        formats=frozenset({"sample"}),
        sample_seconds=(10.0, 20.0),
    )
    build(source, options)
    sample = options.out_dir / "budget" / "budget.en.sample.mp3"
    encoded = sorted((options.store_dir / "samples").rglob("*.mp3"))
    assert len(encoded) == 2  # one a language
    tagged, sound = sample.read_bytes(), _sound(sample)

    source.write_text(BUDGET.replace("a moderate pace", "a steady pace"), encoding="utf-8")
    report = build(source, options).report
    assert report.languages["en"].narration.clips_synthesized == 1
    assert sorted((options.store_dir / "samples").rglob("*.mp3")) == encoded
    assert sample.read_bytes() != tagged  # its tags name the edited report's digest
    named = read_id3_disclosure(sample)["source"]["sha256"]
    assert named == hashlib.sha256(source.read_bytes()).hexdigest()
    assert _sound(sample) == sound
    audit = json.loads((sample.parent / "audio-report.json").read_text(encoding="utf-8"))
    assert [f["passed"] for f in audit["files"] if f["file"] == str(sample)] == [True]

    source.write_text(BUDGET.replace("is projected to grow", "grows"), encoding="utf-8")
    build(source, options)
    assert len(list((options.store_dir / "samples").rglob("*.mp3"))) == 4
    assert _sound(sample) != sound


def test_a_sample_is_the_sections_frames_unless_they_miss_the_profile_on_their_own(
    tmp_path, monkeypatch
):
    source = tmp_path / "source" / "budget.md"
    source.parent.mkdir()
    source.write_text(BUDGET, encoding="utf-8")
    encoded: list[str] = []
    real_encode, real_check = sample_format.encode_mp3, composition.check_joined

    def counted_encode(wav: Path, target: Path, *rest: object) -> None:
        encoded.append(target.name)
        real_encode(wav, target, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(sample_format, "encode_mp3", counted_encode)

    def build_into(name: str) -> Path:
        options = BuildOptions(
            tts="espeak",
            out_dir=tmp_path / name,
            cache_dir=tmp_path / f"{name}-cache",
            formats=frozenset({"sample"}),
            sample_seconds=(10.0, 20.0),
        )
        build(source, options)
        return options.out_dir / "budget"

    out = build_into("frames")
    assert encoded == []  # cut from the sections' own frames: nothing encoded again
    sections = sorted((out / "sections" / "en").glob("*.mp3"))
    # Past its header frame (which counts its own frames), the first section's frames as they are.
    first_section = sections[0].read_bytes()[ID3(sections[0]).size :]
    assert first_section[1000:5000] in _sound(out / "budget.en.sample.mp3")
    audit = json.loads((out / "audio-report.json").read_text(encoding="utf-8"))
    # Its figures composed from the sections' and the cut end's, as the books' are.
    bases = {Path(f["file"]).name: f["basis"] for f in audit["files"]}
    assert bases["budget.en.mp3"] == f"composed from {len(sections)} parts"
    assert bases["budget.en.sample.mp3"].startswith("composed from ")

    # The same excerpt judged too loud on its own: faded, levelled and encoded instead.
    def frames_miss(parts: list, path: Path, profile: object) -> compliance.ComplianceReport:
        report = real_check(parts, path, profile)  # type: ignore[arg-type]
        if "samples" not in path.parts:
            return report
        loud = compliance.Figure("integrated", "Integrated loudness", -9.0, "LUFS", "", False)
        return replace(report, figures=(*report.figures, loud))

    monkeypatch.setattr(composition, "check_joined", frames_miss)
    out = build_into("levelled")
    assert len(encoded) == 2  # one a language
    audit = json.loads((out / "audio-report.json").read_text(encoding="utf-8"))
    samples = [f for f in audit["files"] if f["file"].endswith(".sample.mp3")]
    assert len(samples) == 2 and all(f["passed"] for f in samples)
    assert {f["basis"] for f in samples} == {"measured"}  # the encoded excerpt, decoded whole


def test_review_names_the_translator_and_revoices_only_the_credits(credited, tmp_path):
    source, options = credited
    review_every_block(source.with_name("water.es.po"))
    reviewed = replace(options, credits=CreditsSettings(True, translator="María Pérez"))
    again = build(source, reviewed).report
    spanish = _cues(options.out_dir / "water" / "water.es.vtt")
    assert "Traducción de María Pérez." in spanish
    assert not any("pendiente de revisión" in cue for cue in spanish)
    assert again.languages["en"].narration.clips_synthesized == 0
    assert again.languages["es"].narration.clips_synthesized == 1  # the translator's line


def test_a_reviewed_translation_has_its_review_notice_spoken_before_an_edit_needs_it(tmp_path):
    """The first edit after a review makes a block machine translation again, and the
    Spanish credits then say so: that sentence is spoken while the reviewed build has a core
    free, so the edit waits only for its own sentence."""
    source, options = _water_report(tmp_path)
    build(source, options)
    review_every_block(source.with_name("water.es.po"))

    # A store that never heard the notice (another machine, or the cache cleared).
    reviewed = replace(options, cache_dir=tmp_path / "second")
    first = build(source, reviewed).report
    spanish = _cues(options.out_dir / "water" / "water.es.vtt")
    assert not any("pendiente de revisión" in cue for cue in spanish)
    store = Store(reviewed.store_dir)
    english = load_document(source, reviewed.encoding, SOURCE_LANGUAGE)
    prepared = prepare(english, source, reviewed, store, dry_run=True)
    plan = next(p for p in prepared.languages if p.language == "es")
    assert [u.sentence for u in plan.ahead] == [WORDING["es"]["unreviewed"]]
    assert store.has_wav("clips", plan.ahead[0].key)
    assert plan.ahead[0].key in keys_in_use([source], reviewed)  # `cache gc` keeps it
    # The report counts the clips its books say, not the one spoken ahead.
    said = {u.key for u in plan.utterances()}
    assert first.languages["es"].narration.clips_synthesized == len(said)

    source.write_text(REPORT.replace("need\nrepair", "need urgent\nrepair"), encoding="utf-8")
    edited = build(source, reviewed).report
    spanish = _cues(options.out_dir / "water" / "water.es.vtt")
    assert WORDING["es"]["unreviewed"] in spanish
    assert edited.languages["en"].narration.clips_synthesized == 1
    assert edited.languages["es"].narration.clips_synthesized == 1  # the edited sentence only


def test_a_new_author_revoices_only_the_credits(credited):
    source, options = credited
    renamed = replace(options, author="the Comptroller General", credits=CreditsSettings(True))
    report = build(source, renamed).report
    # "Written by …" and "You have been listening to …, by …": two lines per language.
    assert report.languages["en"].narration.clips_synthesized == 2
    assert report.languages["es"].narration.clips_synthesized == 2
    again = build(source, renamed).report
    assert again.languages["en"].narration.clips_synthesized == 0


@pytest.mark.slow
def test_a_signed_build_carries_content_credentials_on_every_audio_file(credited, tmp_path):
    source, options = credited
    pki = write_pki(tmp_path / "pki")
    signed = replace(options, out_dir=tmp_path / "signed", signing=pki.config)
    build(source, signed)
    out = signed.out_dir / "water"
    files = [
        *out.glob("*.mp3"),
        *out.glob("*.m4b"),
        *(out / "sections").rglob("*.mp3"),
    ]
    for path in files:
        found = read_credentials(path)
        assert found.state == "valid", (path.name, found.messages)  # untrusted test root only
        assert found.digital_source_type.endswith("trainedAlgorithmicMedia")
    book = out / "water.en.mp3"
    assert ffprobe_chapters(str(book))[0]["title"] == "Opening credits"
    data = bytearray(book.read_bytes())
    data[len(data) // 2] ^= 0x55  # one audio byte
    damaged = tmp_path / "damaged.mp3"
    damaged.write_bytes(bytes(data))
    assert read_credentials(damaged).state == "invalid"
    done = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(book), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and not done.stderr.strip()


def test_an_acx_build_from_the_command_line_gives_the_credits_files_of_their_own(tmp_path):
    # What a project with [credits] enabled sends ACX: the credits as the first and last
    # files, each measured against the profile like every section.
    source = tmp_path / "source" / "water.md"
    source.parent.mkdir()
    source.write_text(REPORT, encoding="utf-8")
    (tmp_path / "pipeline.toml").write_text(
        '[credits]\nenabled = true\n\n[book]\nauthor = "the Government Accountability Office"\n',
        encoding="utf-8",
    )
    done = pipeline(
        *espeak_build(source, tmp_path / "out", tmp_path / "c", "--format", "sample"),
        "--profile",
        "acx",
        cwd=tmp_path,
    )
    assert done.returncode == 3, done.stderr  # 3: the Spanish awaits review
    out = tmp_path / "out" / "water"
    report = json.loads((out / "audio-report.json").read_text(encoding="utf-8"))
    assert report["passed"], report
    checked = {Path(f["file"]).name for f in report["files"] if f["passed"]}
    for language, (first, last) in {
        "en": ("01-opening-credits.mp3", "05-closing-credits.mp3"),
        "es": ("01-creditos-iniciales.mp3", "05-creditos-finales.mp3"),
    }.items():
        files = sorted(p.name for p in (out / "sections" / language).glob("*.mp3"))
        assert [files[0], files[-1]] == [first, last]
        assert set(files) <= checked  # ACX judges every file it is sent
        # The sample is the sections' frames, cut mid-sentence-pause: ACX's tail of room tone
        # comes after it as frames of their own.
        sample = next(f for f in report["files"] if f["file"].endswith(f".{language}.sample.mp3"))
        tail = next(f for f in sample["figures"] if f["name"] == "tail_silence")
        assert sample["passed"] and tail["value"] >= 1.0, sample


def test_each_report_of_a_catalogue_is_credited_to_its_own_authors(tmp_path):
    # The project names one author; a report's front matter names its own, and its year.
    (tmp_path / "pipeline.toml").write_text(
        '[book]\nauthor = "the Government Accountability Office"\npublisher = "GAO"\n'
        'year = "2024"\n[credits]\nenabled = true\n',
        encoding="utf-8",
    )
    source = tmp_path / "source"
    source.mkdir()
    (source / "water.md").write_text(REPORT, encoding="utf-8")
    (source / "audit.md").write_text(
        "---\ntitle: Audit of Rural Loans\nauthor: [Jane A. Doe, John Roe]\ndate: 2021-06-30\n---"
        "\n\n## Findings\n\nThe agency made loans to 1,200 systems.\n",
        encoding="utf-8",
    )
    done = pipeline(*espeak_build(source, tmp_path / "output", tmp_path / "cache"), cwd=tmp_path)
    assert done.returncode == 3, done.stderr  # built; the Spanish awaits review
    audit = [unescape(cue) for cue in _cues(tmp_path / "output" / "audit" / "audit.en.vtt")]
    assert audit[:3] == [
        "Audit of Rural Loans.",
        "Written by Jane A. Doe & John Roe.",
        "Published by GAO, 2021.",
    ]
    assert audit[4] == "Audit of Rural Loans"  # the front matter's title heads the report
    water = _cues(tmp_path / "output" / "water" / "water.en.vtt")
    assert water[1:3] == [
        "Written by the Government Accountability Office.",
        "Published by GAO, 2024.",
    ]
    # The Spanish credits are machine translation, the names in them kept as they are.
    spanish = [unescape(cue) for cue in _cues(tmp_path / "output" / "audit" / "audit.es.vtt")]
    assert spanish[1] == "Escrito por Jane A. Doe & John Roe.", spanish[:3]
    assert spanish[2].endswith("GAO, 2021.")
    tags = ID3(tmp_path / "output" / "audit" / "audit.en.mp3")
    assert (str(tags["TPE1"]), str(tags["TDRC"])) == ("Jane A. Doe & John Roe", "2021")
