# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean system-deps

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

# Test-only system packages: PostgreSQL server and Debian's Chromium (never a downloaded browser).
system-deps:
	@./scripts/system-deps.sh

run: $(STAMP)
	$(BIN)/culture-ledger serve --demo-if-empty

# Lint and format are checked first: a red ruff is a red suite (`ruff check --fix . && ruff format .` mends most).
test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -n 2 --dist loadfile --ignore=tests/browser --durations=15  # two workers, a module on one; the slowest named
	$(BIN)/python -m pytest tests/browser  # one at a time: the browser stories time what a user waits for

# The benchmark suite (not part of `make test`): `make bench EVENTS=100000` for a quicker run.
EVENTS ?= 1000000
bench: $(STAMP) system-deps
	$(BIN)/python -m bench --events $(EVENTS)

clean:
	rm -rf $(VENV) data
