"""Output profiles and compliance checks, on real MP3s encoded by ffmpeg."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from audio.speechlike import narration, silence

from pipeline.audio import loudness
from pipeline.audio.compliance import check, measure, render_table, reports_json
from pipeline.audio.ffmpeg import probe_duration, run_ffmpeg
from pipeline.audio.mp3frames import survey
from pipeline.audio.profiles import (
    ACX,
    PODCAST,
    PROFILES,
    Range,
    gain_filter_for,
    level_filter_for,
    profile_named,
)
from pipeline.audio.stitch import encode_mp3, join_mp3s
from pipeline.errors import AudioError, ConfigError
from pipeline.wav import write_clip


def _figures(report) -> dict:  # type: ignore[no-untyped-def]
    return {f.name: f for f in report.figures}


@pytest.fixture(scope="module")
def podcast_mp3(narration_wav: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("podcast") / "podcast.mp3"
    encode_mp3(narration_wav, target, level_filter_for(PODCAST, [narration_wav]), PODCAST)
    return target


@pytest.fixture(scope="module")
def acx_level(narration_wav: Path) -> str:
    return level_filter_for(ACX, [narration_wav])


@pytest.fixture(scope="module")
def acx_mp3(narration_wav: Path, acx_level: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("acx") / "acx.mp3"
    encode_mp3(narration_wav, target, acx_level, ACX)
    return target


def test_a_podcast_normalised_file_passes_the_podcast_profile(podcast_mp3: Path) -> None:
    report = check(podcast_mp3, PODCAST)
    figures = _figures(report)
    assert report.passed, render_table(report)
    assert abs(figures["integrated"].value - -19.0) <= 1.0
    assert figures["true_peak"].value <= -1.0
    assert figures["bitrate"].value == 128 and figures["bitrate_mode"].value == "CBR"
    assert report.measured is not None and report.measured.mp3_tag == "Info"


def test_an_unnormalised_loud_file_fails_the_podcast_profile(
    loud_wav: Path, tmp_path: Path
) -> None:
    encode_mp3(loud_wav, tmp_path / "loud.mp3")
    report = check(tmp_path / "loud.mp3", PODCAST)
    assert not report.passed
    assert {f.name for f in report.failures} == {"integrated", "true_peak"}
    assert _figures(report)["integrated"].value > -18.0


def test_an_acx_encoded_file_passes_acx(acx_mp3: Path, acx_level: str) -> None:
    # The quiet, peaky narration needs the limiter to reach -20 dB RMS under -3 dB peaks.
    assert "alimiter" in acx_level
    report = check(acx_mp3, ACX)
    figures = _figures(report)
    assert report.passed, render_table(report)
    assert figures["bitrate"].value == 192 and figures["bitrate_mode"].value == "CBR"
    assert figures["sample_rate"].value == 44_100 and figures["channels"].value == 1
    assert -23.0 <= figures["rms"].value <= -18.0
    assert figures["sample_peak"].value <= -3.0
    assert figures["noise_floor"].value <= -60.0
    # 0.6 s of room tone added at the head, 1 s after the section's own 1.8 s pause.
    assert 0.55 <= figures["head_silence"].value <= 0.7
    assert 2.7 <= figures["tail_silence"].value <= 2.9


def test_the_podcast_profile_adds_no_room_tone(podcast_mp3: Path, narration_wav: Path) -> None:
    figures = measure(podcast_mp3)
    assert figures.head_silence < 0.05
    assert abs(figures.duration - _wav_seconds(narration_wav)) < 0.01


def _wav_seconds(path: Path) -> float:
    import wave

    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def test_a_vbr_file_fails_the_acx_constant_bitrate_check(
    narration_wav: Path, acx_level: str, tmp_path: Path
) -> None:
    target = tmp_path / "vbr.mp3"
    vbr = ["-ac", "1", "-c:a", "libmp3lame", "-q:a", "2", "-f", "mp3", str(target)]
    run_ffmpeg(["-i", str(narration_wav), "-af", f"aresample=44100,{acx_level}", *vbr])
    report = check(target, ACX)
    failed = {f.name for f in report.failures}
    assert "bitrate_mode" in failed and "bitrate" in failed
    assert report.measured is not None and report.measured.mp3_tag == "Xing"
    assert len(survey(target).bitrates) > 1


def test_a_hissing_recording_fails_the_noise_floor(tmp_path: Path) -> None:
    # A recorded room tone hisses through the head, the pauses and the tail alike.
    audio = np.concatenate([silence(0.7), narration(peak=0.3, plosives=6.0), silence(1.0)])
    hiss = np.random.default_rng(7).standard_normal(len(audio)) * 10 ** (-45 / 20)
    wav = tmp_path / "hiss.wav"
    write_clip(wav, audio + hiss)
    recorded = replace(ACX, head_silence_ms=0, tail_silence_ms=0)
    target = tmp_path / "hiss.mp3"
    encode_mp3(wav, target, None, recorded)
    report = check(target, ACX)
    floor = _figures(report)["noise_floor"]
    assert floor.passed is False
    assert -47.0 < floor.value < -43.0
    # The hiss hides the room tone too: nothing at the head is quiet enough to count as room.
    assert _figures(report)["head_silence"].passed is False


def test_frames_of_a_joined_book_stay_constant_bitrate(podcast_mp3: Path, tmp_path: Path) -> None:
    book = tmp_path / "book.mp3"
    join_mp3s([podcast_mp3, podcast_mp3], book)
    frames = survey(book)
    assert frames.tag == "Info" and frames.constant and set(frames.bitrates) == {128}
    assert frames.frames == 2 * survey(podcast_mp3).frames
    assert measure(book).bitrate_mode == "CBR"


@pytest.mark.parametrize("rate", [44_100, 48_000, 24_000, 22_050, 16_000])
def test_the_frames_give_the_duration_ffprobe_gives(
    narration_wav: Path, tmp_path: Path, rate: int
) -> None:
    # Chapters are timed by their section files' durations: read from the frames (MPEG-1
    # frames hold 1152 samples, MPEG-2's 576), they must be ffprobe's to the microsecond.
    target = tmp_path / f"at-{rate}.mp3"
    run_ffmpeg(
        ["-i", str(narration_wav), "-ar", str(rate), "-b:a", "64k", "-write_xing", "1", str(target)]
    )
    assert survey(target).duration == probe_duration(target)
    book = tmp_path / "book.mp3"
    join_mp3s([target, target], book)
    assert survey(book).duration == probe_duration(book)


def test_the_report_renders_as_a_table_and_as_json(podcast_mp3: Path) -> None:
    report = check(podcast_mp3, ACX)  # a podcast file is not an ACX file
    table = render_table(report)
    assert table.splitlines()[0] == f"{podcast_mp3}: profile acx"
    assert "FAIL" in table and table.splitlines()[-1].startswith("fails")
    assert any(line.startswith("Bitrate mode") and "ok" in line for line in table.splitlines())
    data = json.loads(report.to_json())
    assert data["passed"] is False and data["profile"] == "acx"
    assert {f["name"] for f in data["figures"] if f["passed"] is False} >= {"bitrate"}
    assert data["measured"]["mp3_tag"] == "Info"
    both = json.loads(reports_json([report, check(podcast_mp3, PODCAST)]))
    assert both["passed"] is False and len(both["files"]) == 2


def test_profiles_are_named_and_unknown_names_are_refused() -> None:
    assert profile_named("podcast") is PODCAST and profile_named("acx") is ACX
    assert set(PROFILES) == {"podcast", "acx"}
    with pytest.raises(ConfigError, match="known: acx, podcast"):
        profile_named("radio")
    assert ACX.encoder_options()[ACX.encoder_options().index("-b:a") + 1] == "192k"
    assert Range(-23, -18).holds(-18.0) and not Range(high=-3).holds(-2.9)


def test_an_rms_target_needs_an_rms_measurement() -> None:
    with pytest.raises(AudioError, match="RMS"):
        gain_filter_for(ACX, loudness.Loudness(-20.0, -3.0, 5.0))
    # The podcast target keeps working from the EBU figures alone, as build.py uses them.
    measured = loudness.Loudness(-25.0, -10.0, 5.0)
    assert gain_filter_for(PODCAST, measured) == loudness.gain_filter(
        measured, loudness.PODCAST_MONO
    )


def test_measure_reports_rms_and_sample_peak_beside_the_ebu_figures(loud_wav: Path) -> None:
    found = loudness.measure([loud_wav])
    assert found.rms is not None and found.sample_peak is not None
    assert -0.1 <= found.sample_peak <= 0.0 and found.rms < found.sample_peak - 10


def test_a_file_that_is_not_audio_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"not audio at all" * 100)
    with pytest.raises(AudioError):
        check(junk, PODCAST)
