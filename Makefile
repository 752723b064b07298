# The two commands of the README: `make run` (build and serve) and `make test` (the whole suite).
VENV ?= .venv
PY := $(VENV)/bin/python
KG := $(VENV)/bin/kg
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install build run test lint docs bench bench-backends bench-abuse bench-request-path bench-zipf clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[test,docs,extract]'
	touch $@

install: $(VENV)/.installed

build/kg.trig: $(VENV)/.installed $(wildcard seeds/*) $(wildcard ontology/*) $(wildcard shapes/*) $(wildcard kg/*.py kg/*/*.py)
	$(KG) build --out build

build: build/kg.trig

run: build/kg.trig
	$(KG) serve --host $(HOST) --port $(PORT) --data build/kg.trig

test: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

docs: $(VENV)/.installed
	$(KG) docs --out build/docs

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# One run (about an hour on two cores; needs wrk) that measures every section and writes the whole
# of docs/benchmarks.md: its plan is bench/plan.py. `python -m bench.run --quick` checks the
# harness in minutes; --resume continues a stopped run; --report-only rewrites the file.
bench: build/kg.trig
	$(PY) -m bench.run

# The targets below measure one section alone (shorter or longer than in `make bench`) and splice
# it into docs/benchmarks.md, which then says so; `make bench` measures them all in one run.

# The app on the embedded store, oxigraph serve and Virtuoso at 1M quads: measured again into
# the last run's results (/tmp/kg-bench), then the whole report written.
bench-backends: $(VENV)/.installed
	$(PY) -m bench.run --only backends

# The endpoint under abuse, before and after issue #15 (needs wrk).
bench-abuse: $(VENV)/.installed
	$(PY) -m bench.abuse

# What a request costs above the engine, before and after issue #17 (needs wrk).
bench-request-path: $(VENV)/.installed
	$(PY) -m bench.request_path

# A Zipf-distributed serving mix of 1,000 queries, cold and warm: kg serve, oxigraph serve and a
# bare-Flask ceiling at the seeds' size and at 1M quads (needs wrk).
bench-zipf: $(VENV)/.installed
	$(PY) -m bench.zipf

clean:
	rm -rf build .pytest_cache
