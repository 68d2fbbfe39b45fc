# The workbook's commands. `make help` lists them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup report validate test bench score-ingest lab clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %s)" % sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name cds --display-name "CĐS workbook (Python 3)"
	touch $(STAMP)

setup: $(STAMP) ## Create .venv, install the project and register its Jupyter kernel

report: $(STAMP) ## Render every locality's report to output/ (HTML and PDF, Vietnamese and English)
	$(VENV)/bin/cds render --all --lang vi,en

validate: $(STAMP) ## Check data/ and list every problem found
	$(VENV)/bin/cds validate

test: $(STAMP) ## Run the test suite
	$(VENV)/bin/pytest

bench: $(STAMP) ## Benchmark the naive pipeline against cds render (BENCH_ARGS="--localities 100")
	$(PY) bench/bench_render.py $(BENCH_ARGS)

score-ingest: $(STAMP) ## Score cds ingest on the development set (dev, held-aside) and the seed articles
	$(PY) bench/score_ingest.py $(SCORE_ARGS)

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(VENV)/bin/jupyter lab notebooks/

clean: ## Remove generated reports (output/) and the virtual environment
	rm -rf output/reports output/notebooks output/index.html $(VENV)
