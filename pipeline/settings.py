"""Project settings from ``pipeline.toml``: defaults for the command line's options.

The file is optional; a flag given on the command line always wins over it. It maps onto
click's ``default_map``, so every command reads it the same way.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, line_mentioning

DEFAULT_FILE = Path("pipeline.toml")
COMMANDS = ("build", "narrate", "stitch", "plan", "verify")
GROUPED = (("po", "update"), ("cache", "gc"))

# (table, key) in the file → the option's parameter name.
_PLAIN = {
    ("engines", "tts"): "tts",
    ("engines", "translator"): "translator",
    ("engines", "fallback"): "fallback_tts",
    ("voices", "en"): "voice_en",
    ("voices", "es"): "voice_es",
    ("speed", "default"): "speed",
    ("speed", "en"): "speed_en",
    ("speed", "es"): "speed_es",
    ("audio", "profile"): "audio_profile",
    ("audio", "check"): "audio_check",
    ("audio", "id3v2"): "id3v2_version",
    ("audio", "formats"): "formats",  # the older place; [publish] formats adds to it
    ("publish", "formats"): "formats",
    ("publish", "base_url"): "base_url",
    ("speech", "urls"): "urls",
    ("narration", "table_rows"): "table_rows",
    ("narration", "figures"): "figures",
    ("narration", "footnotes"): "footnotes",
    ("book", "author"): "author",
    ("book", "publisher"): "publisher",
    ("book", "year"): "year",
    ("publish", "sample_seconds"): "sample_seconds",
    ("signing", "cert_chain"): "signing_cert",
    ("signing", "private_key"): "signing_key",
    ("signing", "algorithm"): "signing_algorithm",
    ("signing", "tsa_url"): "signing_tsa",
    ("credits", "enabled"): "credits",
    ("credits", "narrator"): "narrator",
    ("credits", "translator"): "translator_name",
    ("executor", "name"): "executor",
    ("executor", "scheduler"): "scheduler",
    ("executor", "workers"): "workers",
    ("executor", "timeout"): "connect_timeout",
}


def load_defaults(path: Path) -> dict[str, Any]:
    """The option defaults the file sets, by parameter name; ConfigError names file and line."""
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    defaults: dict[str, Any] = {}
    for table, values in data.items():
        if not isinstance(values, dict):
            raise ConfigError(
                f"{path}:{line_mentioning(text, table)}: {table!r} should be a [table]"
            )
        for key, value in values.items():
            if table == "pauses":
                defaults.setdefault("pauses", []).append(f"{key}={value}")
            elif _PLAIN.get((table, key)) == "formats":
                defaults["formats"] = [*defaults.get("formats", []), *_listed(value)]
            elif table == "signing" and key in ("cert_chain", "private_key"):
                # Relative to the settings file, wherever the command is run from.
                defaults[_PLAIN[(table, key)]] = str(path.parent / str(value))
            elif (table, key) in _PLAIN:
                defaults[_PLAIN[(table, key)]] = (
                    str(value) if table == "audio" and key == "id3v2" else value
                )
            else:
                raise ConfigError(
                    f"{path}:{line_mentioning(text, key)}: unknown setting {table}.{key}"
                )
    return defaults


def _listed(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def default_map(path: Path | None) -> dict[str, dict[str, Any]]:
    """click's default_map for every build-like command, from ``path`` if it exists."""
    if path is None or not path.exists():
        return {}
    defaults = load_defaults(path)
    found = {command: dict(defaults) for command in COMMANDS}
    # Commands in groups that derive what a build would (the memory's credits, the clips
    # in use) read the same settings.
    for group, command in GROUPED:
        found.setdefault(group, {})[command] = dict(defaults)
    return found
