# Two commands on a fresh machine:  make run  (set up if needed, build every report)
#                                   make test (set up if needed, lint, run the whole suite)
# While working:                    make check (lint and the fast tests, under a minute)
PY := .venv/bin/python

.PHONY: setup run test check lint bench clean

setup:
	@bash scripts/setup.sh

# Exit 3 means "built, with Spanish blocks awaiting review": the outputs are there, so make
# carries on (the build has printed which blocks to review).
run: setup
	$(PY) -m pipeline build || [ $$? -eq 3 ]

# What CI runs (.ci/run): lint, then every test, slow ones included.
test: setup lint
	$(PY) -m pytest -q

# Benchmarks print ratios measured in one run (see benchmarks/README.md); one line a script.
bench: setup
	$(PY) benchmarks/catalogue.py

# The tests not marked slow (no full builds, Kokoro, whisper, browsers or Java), spread over
# the cores: most of them start the command line as a user would, and wait on it.
check: setup lint
	$(PY) -m pytest -q -m "not slow" -n auto

lint: setup
	.venv/bin/ruff check pipeline tests
	.venv/bin/ruff format --check pipeline tests

clean:
	rm -rf output/*/ .cache
