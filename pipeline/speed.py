"""Measured engine speed, kept beside the cache, for the plan's time estimates."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline import atomic
from pipeline.speech.script import VoiceChoice

# Until a build has measured an engine here: characters per second on two cores.
_FIRST_GUESS = {"kokoro": 15.0, "espeak": 400.0, "gtts": 60.0}


def _path(cache_dir: Path) -> Path:
    return cache_dir / "speed.json"


def _load(cache_dir: Path) -> dict[str, dict[str, float]]:
    try:
        return json.loads(_path(cache_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _name(voice: VoiceChoice) -> str:
    return f"{voice.engine}/{voice.voice}"


def record(cache_dir: Path, voice: VoiceChoice, characters: int, seconds: float) -> None:
    """Add one run's work to the engine's totals (runs that did nothing are not recorded)."""
    if characters <= 0 or seconds <= 0:
        return
    table = _load(cache_dir)
    entry = table.setdefault(_name(voice), {"characters": 0, "seconds": 0.0})
    entry["characters"] += characters
    entry["seconds"] += seconds
    atomic.write_text(_path(cache_dir), json.dumps(table, indent=1, sort_keys=True))


def estimate_seconds(cache_dir: Path, voice: VoiceChoice, characters: int) -> float:
    entry = _load(cache_dir).get(_name(voice))
    if entry and entry["seconds"] > 0:
        rate = entry["characters"] / entry["seconds"]
    else:
        rate = _FIRST_GUESS.get(voice.engine, 20.0)
    return characters / rate
