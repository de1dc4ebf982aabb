# Convene: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# Test processes: one per core (xdist); a test file stays on one worker, so a browser test file
# starts its one demo server once.
JOBS   ?= auto

.PHONY: run test lint sweep fuzz bench load soak clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Convene needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/convene serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The date-sensitive tests first at a few faked instants (tests/clock.py), then the whole suite.
test: $(VENV)/.installed-test lint
	$(BIN)/python tests/sweep.py --ci --jobs $(JOBS)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope $(PYTEST_ARGS)

# The date-sensitive tests at every instant of the clock sweep: each weekday, evenings, both
# daylight-saving weekends, month and year ends (about 30 minutes; needs libfaketime).
sweep: $(VENV)/.installed-test
	$(BIN)/python tests/sweep.py --jobs $(JOBS)

# The API fuzz test bigger than CI runs it: the coverage phase, more cases, longer workflows.
fuzz: $(VENV)/.installed-test
	CONVENE_FUZZ=full $(BIN)/python -m pytest tests/test_fuzz_openapi.py $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python -m scheduling.bench

$(VENV)/.installed-load: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,load]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed-run

# 10 minutes at 200 req/s against two workers on PostgreSQL; `make soak`: an hour at 50 req/s.
load: $(VENV)/.installed-load
	$(BIN)/python -m load.run $(LOAD_ARGS)

soak: $(VENV)/.installed-load
	$(BIN)/python -m load.run --soak $(LOAD_ARGS)

clean:
	rm -rf $(VENV) convene.db convene.db-wal convene.db-shm .pytest_cache
