# Two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-api clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/rota demand sample_rotas/sunnyside/week.json --summary
	$(BIN)/rota solve sample_rotas/sunnyside/week.json --time-limit 20 --out sunnyside-week.csv --json sunnyside-week.json
	$(BIN)/rota import sample_rotas/sunnyside/four-weeks.json
	$(BIN)/rota import-hr sample_rotas/compliance --home sunnyside
	@echo "Demo database ready in rota.db: run '$(BIN)/rota serve' and open http://127.0.0.1:8000/docs"

test: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench/*.py)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/solver_scaling.py
	$(BIN)/python bench/compliance.py

bench-api: $(STAMP)
	$(BIN)/python bench/api_load.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
