# jixiao — two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
JIXIAO := $(VENV)/bin/jixiao
STAMP := $(VENV)/.installed
OUT := out
EXAMPLE := examples/wenchong-2021.txt
# Debian packages: CJK fonts for PDF output, poppler-utils to check PDFs in tests,
# chromium for the HTML report's narrow-screen test (driven by playwright, no download),
# wrk to load the API in `make bench`.
DEB_PACKAGES := fonts-noto-cjk poppler-utils chromium wrk

# `make fuzz`: how long to fuzz (seconds, shared by the two targets).
FUZZ_SECONDS ?= 600
FUZZ_STAMP := $(VENV)/.fuzz-installed

.PHONY: run test lint bench fuzz system-deps clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run: $(STAMP) system-deps
	mkdir -p $(OUT)
	$(JIXIAO) import $(EXAMPLE) -o $(OUT)/example.json
	$(JIXIAO) show $(EXAMPLE)
	$(JIXIAO) evaluate $(EXAMPLE) --json $(OUT)/example.evaluation.json \
	  --html $(OUT)/example.html --xlsx $(OUT)/example.xlsx --pdf $(OUT)/example.pdf || [ $$? -eq 1 ]
	@echo "outputs: $(OUT)/example.json $(OUT)/example.evaluation.json $(OUT)/example.html $(OUT)/example.xlsx $(OUT)/example.pdf"

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench fuzz
	$(VENV)/bin/ruff format --check src tests bench fuzz

test: $(STAMP) system-deps lint
	$(VENV)/bin/pytest

bench: $(STAMP) system-deps
	$(PY) bench/run.py

$(FUZZ_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,fuzz]'
	touch $(FUZZ_STAMP)

# Coverage-guided fuzzing of the text importer and the figure scanner (atheris); `make test`
# runs a short deterministic slice of the same targets (tests/hostile/test_fuzz_slice.py).
fuzz: $(FUZZ_STAMP)
	$(PY) fuzz/run.py --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache .fuzz
