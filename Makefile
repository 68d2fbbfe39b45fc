# The workbook's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The workbook's processes (workers, kernels, test runs) keep Python's compiled bytecode even
# where the shell asks not to: without it every process compiles helpers/ and the tests again.
unexport PYTHONDONTWRITEBYTECODE
# Tests run on every core (pytest-xdist; `make test XDIST=3` for another count); a module's tests
# stay on one worker (tests/conftest.py).
XDIST ?= auto
# The tests write thousands of small files, each synced to disk as the workbook writes every file
# (several milliseconds each on a virtual disk); where the system has a memory file system
# (/dev/shm on Linux) their temporary folders go there.
TEST_TMPDIR := $(shell [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm)
PYTEST := $(if $(TEST_TMPDIR),TMPDIR=$(TEST_TMPDIR) )$(VENV)/bin/pytest -n $(XDIST) --dist loadgroup

.DEFAULT_GOAL := help
.PHONY: help setup report validate test test-fast lint bench score-ingest lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name cds --display-name "CĐS workbook (Python 3)"
	@# notebooks are committed without outputs: git strips them on add (nothing to do outside git)
	@# (.gitattributes names the filter; language_info is what Lab rewrites on opening a notebook)
	-git rev-parse --git-dir >/dev/null 2>&1 && $(VENV)/bin/nbstripout --install \
	  && git config filter.nbstripout.extrakeys "metadata.language_info"
	@# JupyterLab saves the shipped notebooks as committed (helpers/reports/lab.py)
	mkdir -p $(VENV)/etc/jupyter
	echo '{"FileContentsManager": {"pre_save_hook": "helpers.reports.lab.strip_shipped_notebook"}}' \
	  > $(VENV)/etc/jupyter/jupyter_server_config.json
	touch $(STAMP)

setup: $(STAMP) ## Create .venv, install the project and register its Jupyter kernel

report: $(STAMP) ## Render every locality's report to output/ (HTML and PDF, Vietnamese and English)
	$(VENV)/bin/cds render --all --lang vi,en

validate: $(STAMP) ## Check data/ and list every problem found
	$(VENV)/bin/cds validate

test: $(STAMP) lint ## Run every test (unit and end-to-end) and the linter
	$(PYTEST)

test-fast: $(STAMP) ## Run the unit tier only (no kernels, PDFs or browser), for the edit loop
	CDS_HYPOTHESIS_EXAMPLES=4 $(PYTEST) -q -m "not e2e"

lint: $(STAMP) ## Check the code with ruff (lint rules and formatting)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: $(STAMP) ## Benchmark the naive pipeline against cds render (BENCH_ARGS="--localities 100")
	$(PY) bench/bench_render.py $(BENCH_ARGS)

score-ingest: $(STAMP) ## Score cds ingest on the development set (dev, held-aside) and the seed articles
	$(PY) bench/score_ingest.py $(SCORE_ARGS)

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks/

clean: ## Remove generated reports (output/) and the virtual environment
	rm -rf output/reports output/notebooks output/index.html $(VENV)
