# cxresearch: `make demo` and `make test` set everything up in .venv from nothing but Python 3.11+.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
# Notebook outputs are compared by nbval; keep plotting headless and hashes stable.
export MPLBACKEND := Agg
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: demo test test-oldest docs lab notebooks datasets bench bench-scale clean help

help:
	@echo "make demo        set up .venv, execute every notebook, write HTML reports to reports/"
	@echo "make test        set up .venv; tests and doctests (the built wheel too, in a fresh venv), the"
	@echo "                 notebooks (nbval), the documentation build, and the tests on the oldest versions"
	@echo "make test-oldest the tests against the oldest declared dependency versions (in .venv-oldest)"
	@echo "make docs        build the documentation into docs/_build/html (warnings are errors)"
	@echo "make lab         open JupyterLab on notebooks/"
	@echo "make notebooks   re-execute the notebooks in place (after a change they show)"
	@echo "make datasets    regenerate cxresearch/datasets/ from scripts/datasets/"
	@echo "make bench       run the benchmarks and print one table (bench_peers.py needs the peers: pip install -e '.[dev,bench]');"
	@echo "                 Kano at 100 million pairs on a quiet machine: .venv/bin/python benchmarks/bench_kano.py --pairs 3e7,1e8"
	@echo "make bench-scale 100 million Kano answer pairs through DuckDB and Dask (bench_scale.py; 360 MB of Parquet in /tmp)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "cxresearch needs Python 3.11 or newer; set PYTHON=python3.x")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	$(PY) -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p reports
	$(PY) -m jupyter nbconvert --to html --execute --output-dir reports $(NOTEBOOKS)
	@echo
	@echo "Reports written:"; for f in reports/*.html; do echo "  $$(pwd)/$$f"; done

test: $(STAMP)
	# -n auto: the tests on every core (pytest-xdist); the built-wheel and oldest-versions runs do the same
	$(PY) -m pytest tests cxresearch --doctest-modules -n auto
	# no progress bars in compared outputs: a slow, loaded machine would otherwise show one (tqdm reads TQDM_DISABLE)
	TQDM_DISABLE=1 $(PY) -m pytest --nbval notebooks --nbval-sanitize-with notebooks/nbval_sanitize.cfg --nbval-current-env
	$(MAKE) --no-print-directory docs
	$(MAKE) --no-print-directory test-oldest

test-oldest:
	$(PYTHON) scripts/installed_env.py --venv .venv-oldest --oldest

docs: $(STAMP)
	$(PY) -m sphinx -W --keep-going -q -b html docs docs/_build/html
	@echo "Documentation: $$(pwd)/docs/_build/html/index.html"

lab: $(STAMP)
	$(PY) -m jupyter lab notebooks

notebooks: $(STAMP)
	TQDM_DISABLE=1 $(PY) -m jupyter nbconvert --to notebook --execute --inplace $(NOTEBOOKS)

datasets: $(STAMP)
	cd scripts/datasets && for s in make_*.py; do ../../$(PY) $$s || exit 1; done

bench: $(STAMP)
	rm -f benchmarks/results.jsonl
	for b in $(filter-out benchmarks/bench_scale.py,$(wildcard benchmarks/bench_*.py)); do $(PY) $$b || exit 1; done
	$(PY) benchmarks/_table.py

bench-scale: $(STAMP)
	$(PY) benchmarks/bench_scale.py

clean:
	rm -rf $(VENV) .venv-oldest reports .pytest_cache .hypothesis build dist docs/_build docs/api/generated
