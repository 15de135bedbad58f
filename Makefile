# Two commands on a fresh machine:  make run  (set up if needed, build every report)
#                                   make test (set up if needed, run the whole suite)
PY := .venv/bin/python

.PHONY: setup run test lint bench clean

setup:
	@bash scripts/setup.sh

# Exit 3 means "built, with Spanish blocks awaiting review": the outputs are there, so make
# carries on (the build has printed which blocks to review).
run: setup
	$(PY) -m pipeline build || [ $$? -eq 3 ]

test: setup
	$(PY) -m pytest -q

# Benchmarks print ratios measured in one run (see benchmarks/README.md); one line a script.
bench: setup
	$(PY) benchmarks/catalogue.py

lint: setup
	.venv/bin/ruff check pipeline tests
	.venv/bin/ruff format --check pipeline tests

clean:
	rm -rf output/*/ .cache
