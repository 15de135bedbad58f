"""pipeline.toml: defaults for the options; a flag wins; a bad file is one clear line."""

import subprocess
from pathlib import Path

import pytest
from command_line import pipeline

from pipeline.errors import ConfigError
from pipeline.settings import load_defaults

ROOT = Path(__file__).resolve().parents[1]


def _plan(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return pipeline(*args, cwd=cwd)


@pytest.mark.slow  # (test_cli_options checks the same quickly, in English only)
def test_the_project_file_sets_defaults_that_flags_override(small_report, tmp_path):
    (tmp_path / "pipeline.toml").write_text(
        '[engines]\ntts = "espeak"\n[voices]\nes = "es"\n[speed]\nes = 1.2\n', encoding="utf-8"
    )
    common = ["plan", str(small_report), "--lang", "es", "--cache-dir", str(tmp_path / "c")]
    done = _plan(tmp_path, *common)
    assert done.returncode == 4, done.stderr  # a new report: everything to do
    assert "es (espeak, es):" in done.stdout, done.stderr
    done = _plan(tmp_path, *common, "--voice-es", "es-419")
    assert done.returncode == 4
    assert "es (espeak, es-419):" in done.stdout


@pytest.mark.slow
def test_the_configured_speed_is_the_one_narrated(small_report, tmp_path):
    cache = ["--cache-dir", str(tmp_path / "c")]
    english = ["--tts", "espeak", "--lang", "en"]
    built = _plan(tmp_path, "-q", "build", str(small_report), *english, "--speed-en", "1.3",
                  "--out", str(tmp_path / "out"), *cache)  # fmt: skip
    assert built.returncode == 0, built.stderr
    (tmp_path / "pipeline.toml").write_text("[speed]\nen = 1.3\n", encoding="utf-8")
    # The clips were made at 1.3: with the file's speed, a plan finds nothing to do...
    done = _plan(tmp_path, "plan", str(small_report), *english, *cache)
    assert done.returncode == 0, done.stdout
    assert "0 sentences to synthesize" in done.stdout
    # ...and a flag still wins over the file: at 1.0 every sentence is to be made again.
    done = _plan(tmp_path, "plan", str(small_report), *english, "--speed-en", "1.0", *cache)
    assert done.returncode == 4
    assert "0 sentences cached" in done.stdout


def test_the_repository_settings_file_is_valid():
    defaults = load_defaults(ROOT / "pipeline.toml")
    assert defaults["tts"] == "kokoro" and defaults["translator"] == "apertium"
    assert "heading=900" in defaults["pauses"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[voices]\nfr = "x"\n', r"settings.toml:2: unknown setting voices\.fr"),
        ("[voices\n", "not valid TOML"),
        ('tts = "kokoro"\n', r"settings.toml:1: 'tts' should be a \[table\]"),
    ],
)
def test_a_bad_settings_file_is_one_clear_error(tmp_path, text, message):
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_defaults(path)
