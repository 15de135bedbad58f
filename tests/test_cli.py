"""The command line as a user meets it: real processes, exit codes, one-line errors."""

import subprocess
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from command_line import pipeline
from localhttp import refused_url


def _pipeline(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return pipeline(*args, cwd=cwd, env=env, timeout=120)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "the file is empty"),
        (b"\n\n  \n", "no text"),
        (b"\x00\x01\x02binary", "binary"),
        (b"# Title\n\nna\xefve\n", "not valid utf-8: byte 0xef at line 3"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line(
    tmp_path: Path, content: bytes | None, message: str
):
    source = tmp_path / "report.md"
    if content is not None:
        source.write_bytes(content)
    before = _snapshot(tmp_path)
    done = _pipeline("build", "--tts", "espeak", str(source), cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert message in lines[0]
    assert "Traceback" not in done.stderr
    assert _snapshot(tmp_path) == before


def test_an_unknown_engine_is_a_usage_error(tmp_path: Path, small_report: Path):
    done = _pipeline(
        "build", "--tts", "nope", str(small_report), "--out", str(tmp_path / "o"), cwd=tmp_path
    )
    assert done.returncode == 2
    assert "unknown speech engine 'nope'; choose one of: espeak, gtts, kokoro" in done.stderr


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_help_on_every_command_and_option(tmp_path: Path):
    from pipeline.cli import main

    listed = _pipeline("--help", cwd=tmp_path)
    assert listed.returncode == 0
    runner = CliRunner()
    names = []
    for path, command in _commands(main):
        names.append(" ".join(path))
        assert (command.help or "").strip(), f"{path} has no help text"
        for option in command.params:
            if isinstance(option, click.Option):
                assert (option.help or "").strip(), f"{path} {option.opts} has no help text"
        shown = runner.invoke(main, [*path, "--help"])
        assert shown.exit_code == 0 and "Usage:" in shown.output, path
        if len(path) == 1:
            assert f"  {path[0]} " in listed.stdout  # listed by the top-level help
    assert {"build", "plan", "import", "terms", "po update", "cache gc", "check-audio"} <= set(
        names
    )


def test_split_shows_sections_and_sentences(tmp_path: Path, small_report: Path):
    done = _pipeline("split", str(small_report), cwd=tmp_path)
    assert done.returncode == 0
    assert "03 About Us  [about-us]" in done.stdout
    assert "In January 2020, 6 former U.S. ambassadors met in Mexico." in done.stdout


def test_translate_any_file_without_the_memory(tmp_path: Path):
    source = tmp_path / "note.md"
    source.write_text("# The house\n\nThe dog is big.\n", encoding="utf-8")
    done = _pipeline(
        "translate", str(source), "--no-memory", "--cache-dir", str(tmp_path / "c"), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# La casa")
    assert "El perro es grande." in done.stdout


def test_online_translator_offline_is_one_line_naming_the_engine(
    tmp_path: Path, small_report: Path
):
    # A closed local port stands in for the unreachable internet.
    done = _pipeline(
        "build",
        str(small_report),
        "--translator",
        "libre",
        "--tts",
        "espeak",
        "--out",
        str(tmp_path / "o"),
        "--cache-dir",
        str(tmp_path / "c"),
        cwd=tmp_path,
        env={"LIBRETRANSLATE_URL": refused_url()},
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: libre:"), done.stderr
    assert "apertium" in lines[0]
