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

bench: build/kg.trig
	$(PY) -m bench.run

# The app on the embedded store, oxigraph serve and Virtuoso at 1M quads: one section of the report.
bench-backends: $(VENV)/.installed
	$(PY) -m bench.run --backends

# The endpoint under abuse, before and after issue #15 (needs wrk); writes its section of
# docs/benchmarks.md.
bench-abuse: $(VENV)/.installed
	$(PY) -m bench.abuse

# What a request costs above the engine, before and after issue #17 (needs wrk).
bench-request-path: $(VENV)/.installed
	$(PY) -m bench.request_path

# A Zipf-distributed serving mix of 1,000 queries, cold and warm: kg serve, oxigraph serve and a
# bare-Flask ceiling at the seeds' size and at 1M quads (needs wrk); writes its section of
# docs/benchmarks.md.
bench-zipf: $(VENV)/.installed
	$(PY) -m bench.zipf

clean:
	rm -rf build .pytest_cache
