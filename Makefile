# Tijdig: the two commands a newcomer needs are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install demo test test-fast check lint typecheck contracts unit serve bench screenshots plan-letter hand-over-summary architecture clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# `tijdig serve` says where it runs (TIJDIG_HOST, TIJDIG_PORT) and where links point.
demo: $(STAMP)
	$(BIN)/tijdig demo-data --reset --bank-days 10
	$(BIN)/tijdig import bank demo-bank/*.xml
	@echo
	@echo "Sign in as 'demo' with the password printed above by demo-data"
	@echo "(a new one each time: .venv/bin/tijdig user password demo --generate-password)."
	@echo "Try, in another terminal, on the same data:"
	@echo "  .venv/bin/tijdig customers --overdue"
	@echo "  .venv/bin/tijdig report aging"
	@echo "  .venv/bin/tijdig bank review"
	@echo "  .venv/bin/tijdig run && .venv/bin/tijdig run approve --all && .venv/bin/tijdig send"
	@echo "  .venv/bin/tijdig calc costs 4000 --country NL --consumer"
	@echo
	$(BIN)/tijdig serve

check: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pylint --disable=all --enable=duplicate-code src/tijdig/services src/tijdig/adapters/db src/tijdig/entrypoints
	$(BIN)/python scripts/architecture.py --check

# The diagram in docs/architecture.md, drawn from the code's imports.
architecture: $(STAMP)
	$(BIN)/python scripts/architecture.py

test: check
	$(BIN)/pytest -n 2 -q

# While working: everything but the API fuzzing and the quality measurements (matching, replies),
# without `make check`. `make test` and CI still run all of it.
test-fast: $(STAMP)
	$(BIN)/pytest -n 2 -q -m "not fuzz and not quality"

serve: $(STAMP)
	$(BIN)/tijdig serve

bench: $(STAMP)
	$(BIN)/python bench/demo_data.py

# The main pages as PNG under docs/screenshots/, for the README (needs /usr/bin/chromium).
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

# A payment plan's confirmation letter as docs/screenshots/plan_confirmation.png (needs
# pypdfium2 from pip, or pdftoppm from Debian's poppler-utils).
plan-letter: $(STAMP)
	$(BIN)/python scripts/plan_letter.py

# A hand-over file's summary (the claim on the hand-over day) as
# docs/screenshots/hand_over_summary.png (needs pypdfium2 or pdftoppm, as plan-letter).
hand-over-summary: $(STAMP)
	$(BIN)/python scripts/hand_over_summary.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tijdig.db* demo-bank demo-mail letters sms.log
