# The two commands a newcomer runs: `make demo` (the product on its defaults) and `make test`.
# Both build .venv/ from requirements.lock first, so .venv/bin/fremdrift works afterwards.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo's data runs from the seeds' grant periods (2020-) up to this month, so deadlines and
# contacts due are as of today and the grants' payout months are in the data.
DEMO_FROM := 2020-01
DEMO_TO := $(shell date +%Y-%m)
DEMO := demo/levering-$(DEMO_TO)
# STAR's side: synthetic deliveries from the other 95 municipalities, so the national report,
# the early warning and the comparisons have a country to compare with.
DEMO_NATIONAL := demo/national-$(DEMO_TO)
DEMO_OTHERS := $(shell tail -n +2 src/fremdrift/reference/kommuner.csv | cut -d, -f1 | grep -v -E '^(147|766|791)$$' | paste -sd, -)
MO := src/fremdrift/locale/en/LC_MESSAGES/django.mo
PORT ?= 8000

NODE := node_modules/.installed

.PHONY: demo test lint system-packages bench bench-pages bench-dashboard bench-national bench-release lock clean

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install python3-venv (apt-get install python3-venv)"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $(STAMP)

# The product on its embedded default: SQLite under var/, synthetic citizens (with synthetic CPR
# numbers) for Frederiksberg, Hedensted and Viborg, one login per role, the web app on 127.0.0.1.
# Front-end assets (Det Fælles Designsystem, htmx, axe-core) pinned in package-lock.json.
$(NODE): package.json package-lock.json
	@command -v npm >/dev/null || scripts/ensure-debian-packages nodejs npm
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE)

# The English translation, compiled from the committed .po (GNU gettext's msgfmt).
$(MO): src/fremdrift/locale/en/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || scripts/ensure-debian-packages gettext
	msgfmt --check -o $@ $<

# Debian libraries WeasyPrint needs to draw PDFs (Pango and a font); a no-op when installed.
system-packages:
	scripts/ensure-debian-packages libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

demo: $(STAMP) $(NODE) $(MO) system-packages
	@test -f $(DEMO)/borgere.csv || $(BIN)/fremdrift generate $(DEMO) --kommuner 147,766,791 --seed 2019 --cpr --from $(DEMO_FROM) --to $(DEMO_TO)
	$(BIN)/fremdrift migrate --no-input -v 0
	$(BIN)/fremdrift import $(DEMO) --kommune 147
	$(BIN)/fremdrift import $(DEMO) --kommune 766
	$(BIN)/fremdrift import $(DEMO) --kommune 791
	$(BIN)/fremdrift indicators --database --initiative fsm2 --from $(DEMO_FROM) --to $(DEMO_TO) --format text
	$(BIN)/fremdrift payout --database --initiative fsm2 --kommune 147 --grant 3695000 --from $(DEMO_FROM) --to $(DEMO_TO) --format text
	$(BIN)/fremdrift create_demo_casework --kommuner 147,766,791 --today $(shell date +%F)
	$(BIN)/fremdrift create_demo_users --kommuner 147,766,791
	@test -f var/demo-noegle.bin || { mkdir -p var && head -c 32 /dev/urandom > var/demo-noegle.bin; }
	@test -f $(DEMO_NATIONAL)/borgere.parquet || $(BIN)/fremdrift generate $(DEMO_NATIONAL) --kommuner $(DEMO_OTHERS) --persons 150000 --seed 2020 --from $(DEMO_FROM) --to $(DEMO_TO) --format parquet
	$(BIN)/fremdrift intake $(DEMO_NATIONAL) --month $(DEMO_TO) --by "Landets øvrige kommuner (syntetiske)"
	for k in 147 766 791; do $(BIN)/fremdrift export --kommune $$k demo/star/$$k.zip --pseudonymise var/demo-noegle.bin --format parquet && $(BIN)/fremdrift intake demo/star/$$k.zip --month $(DEMO_TO) --by "Jobcenter $$k" || exit 1; done
	for i in fsm2 ressourceforloeb; do $(BIN)/fremdrift release --initiative $$i --month $(DEMO_TO) --reason "make demo: leverancerne sendt igen" || exit 1; done
	@echo "fremdrift kører på http://127.0.0.1:$(PORT)/ (stop med Ctrl-C)"
	FREMDRIFT_INSECURE_COOKIES=1 $(BIN)/fremdrift runserver 127.0.0.1:$(PORT) --noreload

lint: $(STAMP)
	$(BIN)/ruff check . scripts/with-postgres
	$(BIN)/ruff format --check . scripts/with-postgres
	$(BIN)/mypy

# The whole suite on the embedded SQLite, then every database test again on a real PostgreSQL
# server that scripts/with-postgres starts in a temporary folder (and installs if missing).
test: lint $(NODE) $(MO) system-packages
	scripts/ensure-debian-packages chromium
	$(BIN)/pytest -n 2 -q
	scripts/with-postgres $(BIN)/pytest -n 2 -q -m database

bench: $(STAMP)
	$(BIN)/python -m bench.run

# The web pages on a realistic municipality (5,000 citizens, 150 staff) in a throwaway PostgreSQL.
bench-pages: $(STAMP)
	scripts/with-postgres $(BIN)/python -m bench.pages

# Overblik on the same municipality, months up to now (target p95 < 300 ms reading the day's
# stored figures; the cold render that recomputes them is printed beside it as the baseline).
bench-dashboard: $(STAMP)
	scripts/with-postgres $(BIN)/python -m bench.dashboard $(ARGS)

# STAR's national monthly run: 98 municipalities, 36 months, 2,000,000 persons (target < 60 s);
# the split (engine, suppression, reports) against the naive SQL engine. Smaller: ARGS="--persons
# 100000 --months 12".
bench-national: $(STAMP)
	$(BIN)/python -m bench.national $(ARGS)

# STAR's intake of the national file and the fsm2 release of it (reading the 98 stored versions,
# engine, disclosure control, writing), same data as bench-national. Smaller: ARGS="--persons
# 100000 --months 12".
bench-release: $(STAMP)
	$(BIN)/python -m bench.release $(ARGS)

# Regenerate the lock from pyproject.toml (uv in a throwaway environment).
lock:
	$(PYTHON) -m venv /tmp/fremdrift-uv && /tmp/fremdrift-uv/bin/pip install --quiet uv
	/tmp/fremdrift-uv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
	    --python-version 3.11 --python-platform x86_64-unknown-linux-gnu --no-header -o requirements.lock

clean:
	rm -rf $(VENV) node_modules demo .pytest_cache .mypy_cache .ruff_cache .hypothesis
