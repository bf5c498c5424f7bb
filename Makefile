# jixiao — two commands: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
JIXIAO := $(VENV)/bin/jixiao
STAMP := $(VENV)/.installed
OUT := out
EXAMPLE := examples/wenchong-2021.txt
DATA := data
# Debian packages: CJK fonts for PDF output, poppler-utils to check PDFs in tests,
# chromium (+ its driver) for the browser tests and the HTML report's narrow-screen test
# (driven by playwright, no download), wrk to load the API in `make bench`.
DEB_PACKAGES := fonts-noto-cjk poppler-utils wrk chromium chromium-driver
# The web pages' scripts, from the npm registry at build time (pinned; checked against
# src/jixiao/web/vendor.sha256) into the package's static folder (git-ignored).
NPM_PACKAGES := htmx.org@2.0.11 echarts@5.6.0
VENDOR := src/jixiao/web/static/vendor
NPM_BUILD := build/npm

# `make fuzz`: how long to fuzz (seconds, shared by the two targets).
FUZZ_SECONDS ?= 600
FUZZ_STAMP := $(VENV)/.fuzz-installed

.PHONY: run test lint bench fuzz system-deps vendor clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

vendor: $(VENDOR)/.fetched

$(VENDOR)/.fetched: src/jixiao/web/vendor.sha256
	rm -rf $(NPM_BUILD) && mkdir -p $(NPM_BUILD) $(VENDOR)
	cd $(NPM_BUILD) && npm pack --silent $(NPM_PACKAGES) >/dev/null
	mkdir -p $(NPM_BUILD)/htmx $(NPM_BUILD)/echarts
	tar -xzf $(NPM_BUILD)/htmx.org-*.tgz -C $(NPM_BUILD)/htmx
	tar -xzf $(NPM_BUILD)/echarts-*.tgz -C $(NPM_BUILD)/echarts
	cp $(NPM_BUILD)/htmx/package/dist/htmx.min.js $(VENDOR)/htmx.min.js
	cp $(NPM_BUILD)/htmx/package/LICENSE $(VENDOR)/htmx.LICENSE
	cp $(NPM_BUILD)/echarts/package/dist/echarts.min.js $(VENDOR)/echarts.min.js
	cp $(NPM_BUILD)/echarts/package/LICENSE $(VENDOR)/echarts.LICENSE
	cd $(VENDOR) && sha256sum --check --quiet ../../vendor.sha256
	touch $@

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run: $(STAMP) system-deps vendor
	mkdir -p $(OUT)
	$(JIXIAO) import $(EXAMPLE) -o $(OUT)/example.json
	$(JIXIAO) show $(EXAMPLE)
	$(JIXIAO) evaluate $(EXAMPLE) --json $(OUT)/example.evaluation.json \
	  --html $(OUT)/example.html --xlsx $(OUT)/example.xlsx --pdf $(OUT)/example.pdf || [ $$? -eq 1 ]
	@echo "outputs: $(OUT)/example.json $(OUT)/example.evaluation.json $(OUT)/example.html $(OUT)/example.xlsx $(OUT)/example.pdf"
	$(JIXIAO) demo --data $(DATA) examples
	$(JIXIAO) serve --data $(DATA) --host 127.0.0.1 --port 8000

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench fuzz
	$(VENV)/bin/ruff format --check src tests bench fuzz

test: $(STAMP) system-deps vendor lint
	$(VENV)/bin/pytest

bench: $(STAMP) system-deps vendor
	$(PY) bench/run.py

$(FUZZ_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,fuzz]'
	touch $(FUZZ_STAMP)

# Coverage-guided fuzzing of the text importer and the figure scanner (atheris); `make test`
# runs a short deterministic slice of the same targets (tests/hostile/test_fuzz_slice.py).
fuzz: $(FUZZ_STAMP)
	$(PY) fuzz/run.py --seconds $(FUZZ_SECONDS)

clean:
	rm -rf $(OUT) .pytest_cache .ruff_cache .fuzz $(NPM_BUILD) $(VENDOR)
