"""espeak-ng (offline, fast, robotic): for tests, drafts and as a fallback."""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cached_property

import numpy as np

from pipeline.audio.clips import samples_from_audio_bytes
from pipeline.errors import EngineError, EngineUnavailable
from pipeline.speech import Voice, register_synthesizer

_DEFAULT_VOICES = {"en": "en-us", "es": "es-419"}
_WORDS_PER_MINUTE = 165


class EspeakSynthesizer:
    name = "espeak"
    workers = 2  # one process per sentence, one core each
    max_chars = 2000

    def __init__(self, max_chars: int | None = None) -> None:
        if max_chars:
            self.max_chars = max_chars

    @cached_property
    def version(self) -> str:
        text = self._run(["--version"]).stdout.decode("utf-8", "replace")
        found = re.search(r"\d+\.\d+(?:\.\d+)?", text)
        return f"espeak-ng {found.group(0) if found else 'unknown'}"

    def default_voice(self, language: str) -> str:
        return _DEFAULT_VOICES.get(language, language)

    def voices(self) -> list[Voice]:
        listing = self._run(["--voices"]).stdout.decode("utf-8", "replace").splitlines()[1:]
        found = []
        for line in listing:
            fields = line.split()
            if len(fields) >= 4 and fields[1].split("-")[0] in ("en", "es"):
                found.append(Voice(fields[1], fields[1].split("-")[0], fields[3]))
        return found

    def synthesize(self, text: str, language: str, voice: str, speed: float) -> np.ndarray:
        rate = str(round(_WORDS_PER_MINUTE * speed))
        done = self._run(["-v", voice, "-s", rate, "--stdout", "-b", "1", text])
        if done.returncode != 0 or not done.stdout:
            message = done.stderr.decode("utf-8", "replace").strip() or "no audio"
            raise EngineError(f"espeak-ng ({voice}): {message}")
        return samples_from_audio_bytes(done.stdout, "wav")

    @staticmethod
    def _run(arguments: list[str]) -> subprocess.CompletedProcess[bytes]:
        if shutil.which("espeak-ng") is None:
            raise EngineUnavailable("espeak: espeak-ng is not installed (run `make setup`)")
        # "--" keeps a sentence that starts with "-" from being read as an option.
        if arguments and arguments[-1] not in ("--version", "--voices"):
            arguments = [*arguments[:-1], "--", arguments[-1]]
        return subprocess.run(["espeak-ng", *arguments], capture_output=True, check=False)


@register_synthesizer("espeak", "espeak-ng: fast, robotic, offline; for drafts")
def _make(max_chars: int | None = None, **_: object) -> EspeakSynthesizer:
    return EspeakSynthesizer(max_chars)
