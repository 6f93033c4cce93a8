# The two commands a newcomer runs: `make demo` (the product on its defaults) and `make test`.
# Both build .venv/ from requirements.lock first, so .venv/bin/fremdrift works afterwards.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := demo/levering

.PHONY: demo test lint bench lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

demo: $(STAMP)
	@test -f $(DEMO)/borgere.csv || $(BIN)/fremdrift generate $(DEMO) --kommuner 147,766,791 --seed 2019
	$(BIN)/fremdrift validate $(DEMO)
	$(BIN)/fremdrift indicators $(DEMO) --initiative fsm2 --from 2020-01 --to 2021-12 --format text
	$(BIN)/fremdrift indicators $(DEMO) --initiative ressourceforloeb --from 2020-01 --to 2021-12 --format text
	$(BIN)/fremdrift payout $(DEMO) --initiative fsm2 --kommune 147 --grant 3695000 --from 2020-01 --to 2021-12 --format text
	$(BIN)/fremdrift payout $(DEMO) --initiative fsm2 --kommune 791 --grant 3709200 --from 2020-01 --to 2021-12 --format text
	@echo "Hele tallene: $(BIN)/fremdrift indicators $(DEMO) --initiative fsm2 --from 2020-01 --to 2021-12"

lint: $(STAMP)
	$(BIN)/ruff check . scripts/with-postgres
	$(BIN)/ruff format --check . scripts/with-postgres
	$(BIN)/mypy

# The whole suite on the embedded SQLite, then every database test again on a real PostgreSQL
# server that scripts/with-postgres starts in a temporary folder (and installs if missing).
test: lint
	$(BIN)/pytest -n 2 -q
	scripts/with-postgres $(BIN)/pytest -n 2 -q -m database

bench: $(STAMP)
	$(BIN)/python -m bench.run

# Regenerate the lock from pyproject.toml (uv in a throwaway environment).
lock:
	$(PYTHON) -m venv /tmp/fremdrift-uv && /tmp/fremdrift-uv/bin/pip install --quiet uv
	/tmp/fremdrift-uv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
	    --python-version 3.11 --python-platform x86_64-unknown-linux-gnu --no-header -o requirements.lock

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache .hypothesis
